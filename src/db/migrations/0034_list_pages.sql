-- Deep pages of the school list (docs/performance.md, issue 9). The list of a status (the default:
-- active schools) in Vietnamese name order is read from this index alone: an index-only walk to
-- the page and on from it, instead of reading all 45,000 rows and sorting them in ICU order
-- (~0.5 s for `offset=39000`: the planner gave up the name index, whose rows it had to visit to
-- test the status, for a sequential scan and an external sort). The count after a page
-- (`name >= the page's last name`) is a range of the same index.
create index school_status_name_vi_idx on school (status, name collate "vi-x-icu", id);
