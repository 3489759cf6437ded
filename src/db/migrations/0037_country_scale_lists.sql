-- Lists at country scale (docs/performance.md, `npm run bench -- scale`: 22,000 pairs, 1,000,000
-- activities).
--
-- The activities feed (and the dashboard's latest activities) in date order: without an index on
-- the date alone, every activity in scope was read, its pair's name and participant sums computed,
-- and all of them sorted to keep 50 (~2 s for the department's 1,000,000). With it the page is a
-- walk of the index from its start (newest first: backward, ties by id sorted day by day), the
-- select list computed for the page's rows only.
create index activity_starts_on_idx on activity (starts_on, id);
-- A school year's list: with only (school_year, starts_on) the planner took the index above and
-- filtered by year, walking every earlier year first (4.4 s for 2025-2026 instead of 0.1 s); with
-- the id in the year's index its page is read in exactly the list's order, so it is chosen again.
-- It replaces the index without the id (same leading columns).
create index activity_year_starts_on_id_idx on activity (school_year, starts_on, id);
drop index activity_year_idx;

-- Pair search by words (`/api/pairs?q=`, the header search's pairs): each word is `like '%w%'`
-- on the members' folded names and codes, which the b-tree pair_search_idx cannot serve; a
-- trigram index can (as school_name_words_trgm_idx for schools).
create index pair_search_key_trgm_idx on pair using gin (search_key gin_trgm_ops);
