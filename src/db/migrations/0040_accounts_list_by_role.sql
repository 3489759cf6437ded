-- The accounts list at country scale (docs/performance.md, `npm run bench -- scale`: 500,000
-- accounts) filtered by role (`/api/users?role=…`), in its own order: with only the name index, a
-- rare role (the department's admins) read every account to find a handful (~60 ms for the page
-- and ~80 ms for its count in EXPLAIN ANALYZE, 140–220 ms a request); with the role first, the
-- page and its bounded count read the role's entries only, already in the list's order
-- (Vietnamese name, then id: the order of app_user_display_name_vi_idx, migration 0039).
create index app_user_role_name_vi_idx on app_user (role, display_name collate "vi-x-icu", id);
