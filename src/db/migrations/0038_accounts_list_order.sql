-- The accounts list (`/api/users`) in its own order: display name (the column's collation, as the
-- list's `order by display_name, id`), then id. Without it the department's first page sorted all
-- 500,000 accounts to keep 20 (docs/performance.md, "Country scale"); with it the page is a walk
-- of the index from its start. Its total counts up to a bound (decision 0029, as the school list).
create index app_user_display_name_idx on app_user (display_name, id);
