-- News posts and the public portal (issue 11): a post drafted from an activity, edited by
-- the pair's schools and published; a published post keeps every address it ever had
-- (news_slug: the current slug and the old ones, which redirect to it).

create table news_post (
  id uuid primary key default gen_random_uuid(),
  activity_id uuid not null references activity (id) on delete restrict,
  pair_id uuid not null references pair (id) on delete restrict,
  title text not null check (length(title) between 3 and 300),
  -- Plain-text summary: the meta description, the feeds' summary and the list's excerpt.
  summary text not null default '',
  -- HTML kept only after the server's allow-list (sanitize-html) has cleaned it.
  body_html text not null default '',
  -- Evidence photos of the activity shown with the post, in order.
  photo_file_ids uuid[] not null default '{}',
  status text not null default 'draft' check (status in ('draft', 'published')),
  -- The current address (null until published).
  slug text,
  -- Folded title and summary (no diacritics, đ → d): the public search.
  search_key text not null default '',
  created_by_user_id uuid references app_user (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  published_by_user_id uuid references app_user (id) on delete set null,
  check (status = 'draft' or (slug is not null and published_at is not null))
);
-- One post per activity.
create unique index news_post_activity_idx on news_post (activity_id);
create index news_post_pair_idx on news_post (pair_id, published_at desc) where status = 'published';
create index news_post_published_idx on news_post (published_at desc, id) where status = 'published';

-- Every address a post ever had: never reused by another post, never deleted.
create table news_slug (
  slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
  post_id uuid not null references news_post (id) on delete restrict,
  created_at timestamptz not null default now()
);
create index news_slug_post_idx on news_slug (post_id);
alter table news_post add constraint news_post_slug_fk foreign key (slug) references news_slug (slug) deferrable initially deferred;

-- The public pair pages list a pair's activities by date.
create index activity_pair_status_idx on activity (pair_id, starts_on desc) where status in ('done', 'reported');
