-- Yearly plans (issue 11, Kế hoạch năm học): one plan per pair and school year, its versions
-- (draft → submitted → approved → superseded; a change after approval is a new version), each
-- member school leader's approval of a version's exact text (SHA-256), the plan's number in
-- the first party's register ("01/KH-THCP"), and the plan item an activity fulfils.

create table pair_plan (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references pair (id) on delete cascade,
  school_year text not null check (school_year ~ '^[0-9]{4}-[0-9]{4}$'),
  created_at timestamptz not null default now(),
  unique (pair_id, school_year)
);

create table plan_version (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references pair_plan (id) on delete cascade,
  version integer not null check (version >= 1),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'superseded')),
  -- place, date, goals, items by month, closing (src/core/plans/plan.ts)
  content jsonb not null,
  content_sha256 text not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  -- the parties as the document names them (names and units as of the plan's date)
  parties jsonb not null,
  change_note text,
  drafted_by_school_id uuid references school (id),
  created_by_user_id uuid references app_user (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  submitted_by_user_id uuid references app_user (id) on delete set null,
  approved_on date,
  number text,
  number_year integer,
  number_seq integer,
  unique (plan_id, version)
);
-- At most one approved (in-force) version per plan.
create unique index plan_version_one_approved_idx on plan_version (plan_id) where status = 'approved';

create table plan_approval (
  plan_version_id uuid not null references plan_version (id) on delete cascade,
  school_id uuid not null references school (id),
  approved_by_user_id uuid references app_user (id) on delete set null,
  signatory_name text not null,
  signatory_title text not null,
  approved_at timestamptz not null,
  content_sha256 text not null,
  primary key (plan_version_id, school_id)
);

-- The plan item an activity fulfils (items keep their key from version to version).
alter table activity
  add column plan_id uuid references pair_plan (id) on delete set null,
  add column plan_item_key uuid,
  add constraint activity_plan_item_check check ((plan_id is null) = (plan_item_key is null));
create index activity_plan_item_idx on activity (plan_id, plan_item_key) where plan_id is not null;

-- Plans are numbered in the same register as MoUs and notices ("KH-").
alter table document_counter drop constraint if exists document_counter_kind_check;
alter table document_counter add constraint document_counter_kind_check check (kind in ('mou', 'notice', 'plan'));
alter table document_register drop constraint if exists document_register_kind_check;
alter table document_register add constraint document_register_kind_check check (kind in ('mou', 'notice', 'plan'));
