-- Scans pass the shared upload check, which also takes WebP photos of the paper original.
alter table mou_scan drop constraint mou_scan_media_type_check;
alter table mou_scan add constraint mou_scan_media_type_check
  check (media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/webp'));
