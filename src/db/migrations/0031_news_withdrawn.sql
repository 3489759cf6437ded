-- Unpublishing a news post (docs/decisions/0031): a published post may be withdrawn with a
-- reason; its addresses then answer 410 Gone and it leaves every public list, and republishing
-- brings it back under the same address. The post keeps its slug and its first publication date.

alter table news_post drop constraint news_post_status_check;
alter table news_post add constraint news_post_status_check check (status in ('draft', 'published', 'withdrawn'));
alter table news_post
  add column withdrawn_at timestamptz,
  add column withdrawn_by_user_id uuid references app_user (id) on delete set null,
  add column withdrawn_reason text check (withdrawn_reason is null or length(withdrawn_reason) between 3 and 500);
-- The withdrawal's when and why belong to a withdrawn post only (the audit log keeps the past ones).
alter table news_post add constraint news_post_withdrawn_check
  check ((status = 'withdrawn') = (withdrawn_at is not null and withdrawn_reason is not null));
