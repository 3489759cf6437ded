-- Search without a scan of every school (docs/performance.md).
--
-- name_words: the search key as ' word word … ' without the folded code's words (so that a
-- word-start match `like '% w%'` sees only the name, the short name and their compact forms),
-- computed by PostgreSQL on every write instead of on every row of every search. A trigram
-- index serves those LIKEs (pg_trgm knows word starts: '% ai%' looks for " ai").
create extension if not exists pg_trgm;

alter table school
  add column name_words text generated always as (
    replace(' ' || search_key || ' ', ' ' || lower(trim(regexp_replace(code, '[^[:alnum:]]+', ' ', 'g'))) || ' ', ' ')
  ) stored;

create index school_name_words_trgm_idx on school using gin (name_words gin_trgm_ops);

-- An exact code and a code prefix, without case (the search's code match).
create index school_code_lower_idx on school (lower(code) text_pattern_ops);
