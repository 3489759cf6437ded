-- Foundation: administrative units, schools, campaigns, pairs, MoUs, activities,
-- users, sessions, login throttling, audit log, app metadata.


-- Administrative units valid between dates (districts were abolished on 1 July 2025).
create table admin_unit (
  id uuid primary key default gen_random_uuid(),
  code text not null,
  name text not null,
  kind text not null check (kind in ('province', 'district', 'commune', 'ward', 'town')),
  parent_id uuid references admin_unit (id),
  valid_from date not null default '1900-01-01',
  valid_to date,
  successor_id uuid references admin_unit (id),
  unique (code, valid_from)
);
create index admin_unit_parent_idx on admin_unit (parent_id);

create table school (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  short_name text not null,
  level text not null check (level in ('preschool', 'primary', 'lower-secondary', 'upper-secondary', 'multi-level', 'ethnic-boarding', 'continuing')),
  ownership text not null default 'public' check (ownership in ('public', 'private')),
  area_type text not null check (area_type in ('inner-city', 'suburban', 'mountainous')),
  address text,
  students integer check (students >= 0),
  teachers integer check (teachers >= 0),
  classes integer check (classes >= 0),
  principal_name text,
  phone text,
  email text,
  search_key text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index school_search_idx on school (search_key);

-- Where a school is, as of a date: a 2023 MoU names the district of 2023.
create table school_location (
  school_id uuid not null references school (id) on delete cascade,
  admin_unit_id uuid not null references admin_unit (id),
  valid_from date not null default '1900-01-01',
  valid_to date,
  primary key (school_id, valid_from)
);
create index school_location_unit_idx on school_location (admin_unit_id);

create table campaign (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  issuer text not null,
  issued_on date not null,
  title text not null,
  phase_start_year integer not null,
  phase_end_year integer not null check (phase_end_year >= phase_start_year),
  mou_template jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table pair (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references campaign (id),
  state text not null check (state in ('proposed', 'accepted', 'approved', 'active', 'completed', 'terminated', 'declined')),
  proposed_by_user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index pair_campaign_idx on pair (campaign_id, state);

create table pair_member (
  pair_id uuid not null references pair (id) on delete cascade,
  school_id uuid not null references school (id),
  accepted_at timestamptz,
  declined_reason text,
  primary key (pair_id, school_id)
);
create index pair_member_school_idx on pair_member (school_id);

create table mou (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references pair (id) on delete cascade,
  version integer not null,
  number text,
  place text not null,
  dated_on date not null,
  content jsonb not null,
  content_sha256 text not null,
  status text not null check (status in ('draft', 'signed', 'superseded')),
  signed_on date,
  created_at timestamptz not null default now(),
  unique (pair_id, version)
);

create table mou_signature (
  mou_id uuid not null references mou (id) on delete cascade,
  school_id uuid not null references school (id),
  signatory_name text not null,
  signatory_title text not null,
  signed_by_user_id uuid,
  signed_at timestamptz not null,
  content_sha256 text not null,
  primary key (mou_id, school_id)
);

create table activity (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references pair (id) on delete cascade,
  kind text not null,
  title text not null,
  starts_on date not null,
  place text,
  host_school_id uuid references school (id),
  status text not null default 'planned' check (status in ('planned', 'done', 'reported', 'cancelled')),
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index activity_pair_idx on activity (pair_id, starts_on);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username = lower(username)),
  display_name text not null,
  email text,
  password_hash text not null,
  role text not null check (role in ('department-admin', 'area-officer', 'school-leader', 'school-coordinator', 'teacher')),
  school_id uuid references school (id),
  admin_unit_id uuid references admin_unit (id),
  locale text not null default 'vi' check (locale in ('vi', 'en')),
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  check (role not in ('school-leader', 'school-coordinator', 'teacher') or school_id is not null),
  check (role <> 'area-officer' or admin_unit_id is not null)
);

-- Sessions live in the database so that app nodes keep no state.
create table session (
  token_hash text primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index session_user_idx on session (user_id);

create table login_failure (
  id bigserial primary key,
  username text not null,
  ip text not null,
  at timestamptz not null default now()
);
create index login_failure_username_idx on login_failure (username, at);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_username text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text
);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_at_idx on audit_log (at);

create table app_meta (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
