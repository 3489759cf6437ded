-- The accounts list sorts its names in Vietnamese order (Đ after D, Ă and Â after A), as the school
-- list does: the column's own collation is C here (the database is created without a locale), which
-- put "Đỗ" after "Zã". The index of 0038 follows the list's new order.
drop index if exists app_user_display_name_idx;
create index app_user_display_name_vi_idx on app_user (display_name collate "vi-x-icu", id);
