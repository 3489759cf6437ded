-- The school list by size (the page's "Số HS" column, both ways) and by last change (newest
-- first), for a status (the default list: active): walked in the list's order to its page, as
-- school_status_name_vi_idx (0034) serves the name order, instead of reading every school and
-- sorting them (45,000 schools: a sequential scan and a top-N sort of offset + limit rows,
-- 25-29 ms of PostgreSQL CPU; docs/performance.md, decision 0042). The keys are the list's
-- order exactly: size with the unknown last, then the name in Vietnamese order, then the id.
create index school_status_students_desc_idx on school (status, students desc nulls last, name collate "vi-x-icu", id);
create index school_status_students_asc_idx on school (status, students asc nulls last, name collate "vi-x-icu", id);
create index school_status_updated_desc_idx on school (status, updated_at desc, id);
