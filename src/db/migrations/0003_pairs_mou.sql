-- Pairs and their MoU: campaign details, pair workflow, MoU versions and signing,
-- the document number register, written notices, scanned copies, steering committee.

alter table campaign
  add column school_years text[] not null default '{}',
  add column updated_at timestamptz not null default now();

alter table pair
  add column proposed_by_school_id uuid references school (id),
  add column approved_at timestamptz,
  add column approved_by_user_id uuid references app_user (id),
  add column ended_on date,
  add column end_reason text,
  -- Folded names and codes of the member schools, for the diacritic-free search.
  add column search_key text not null default '';
create index pair_search_idx on pair (search_key);
create index pair_state_idx on pair (state, created_at);

alter table pair_member
  add column position integer not null default 0,
  add column responded_by_user_id uuid references app_user (id),
  add column declined_at timestamptz;

-- A version of a pair's MoU. Every saved change is a new row; signed versions are frozen.
alter table mou
  add column parties jsonb not null default '[]'::jsonb,
  add column venue text,
  -- The years the MoU covers ("2023-2025"), within the campaign's phase.
  add column phase text not null default '',
  add column change_note text,
  add column created_by_user_id uuid references app_user (id),
  -- The school whose register numbers the MoU (the first party, the host of the signing).
  add column issuer_school_id uuid references school (id),
  add column number_year integer,
  add column number_seq integer,
  add column verification_code text unique,
  -- An amendment draft made from an accepted written notice.
  add column from_notice_id uuid;
create index mou_pair_idx on mou (pair_id, version desc);
-- At most one signed (in-force) version per pair.
create unique index mou_one_signed_idx on mou (pair_id) where status = 'signed';

-- The register of outgoing documents of each school: numbers restart every calendar
-- year and are never given twice (the primary key), even to two documents issued at the
-- same moment (the counter row is locked by the upsert that takes the next number).
create table document_counter (
  issuer_school_id uuid not null references school (id),
  year integer not null,
  last_seq integer not null,
  primary key (issuer_school_id, year)
);

create table document_register (
  issuer_school_id uuid not null references school (id),
  year integer not null,
  seq integer not null check (seq >= 1),
  kind text not null check (kind in ('mou', 'notice')),
  number text not null,
  ref_id uuid not null,
  issued_on date not null,
  primary key (issuer_school_id, year, seq)
);

-- Written notice (Điều 5): amend, supplement or cancel an MoU in force.
create table mou_notice (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references pair (id) on delete cascade,
  mou_id uuid not null references mou (id),
  kind text not null check (kind in ('amend', 'supplement', 'cancel')),
  sender_school_id uuid not null references school (id),
  reason text not null,
  proposed_content jsonb,
  proposed_text jsonb not null default '[]'::jsonb,
  effective_on date,
  place text not null,
  dated_on date not null,
  number text,
  number_year integer,
  number_seq integer,
  content_sha256 text not null,
  verification_code text unique,
  status text not null check (status in ('sent', 'accepted', 'rejected', 'withdrawn')),
  sent_by_user_id uuid references app_user (id),
  sent_at timestamptz not null default now(),
  signatory_name text not null,
  signatory_title text not null,
  resulting_mou_id uuid references mou (id),
  closed_at timestamptz
);
create index mou_notice_pair_idx on mou_notice (pair_id, sent_at);
-- One open notice per pair at a time: answers come before the next request.
create unique index mou_notice_one_open_idx on mou_notice (pair_id) where status = 'sent';
alter table mou add constraint mou_from_notice_fk foreign key (from_notice_id) references mou_notice (id);

create table mou_notice_response (
  notice_id uuid not null references mou_notice (id) on delete cascade,
  school_id uuid not null references school (id),
  decision text not null check (decision in ('accept', 'reject')),
  note text,
  responded_by_user_id uuid references app_user (id),
  responded_at timestamptz not null default now(),
  primary key (notice_id, school_id)
);

-- The scanned paper original of a signed MoU (files on disk under DATA_DIR/uploads).
create table mou_scan (
  id uuid primary key default gen_random_uuid(),
  mou_id uuid not null references mou (id) on delete cascade,
  file_name text not null,
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  storage_key text not null unique,
  uploaded_by_user_id uuid references app_user (id),
  uploaded_at timestamptz not null default now()
);
create index mou_scan_mou_idx on mou_scan (mou_id, uploaded_at);

-- Ban chỉ đạo (Điều 4): members of both schools with their committee roles.
create table steering_member (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references pair (id) on delete cascade,
  school_id uuid not null references school (id),
  full_name text not null,
  committee_role text not null check (committee_role in ('head', 'deputy', 'member', 'secretary')),
  position text,
  phone text,
  email text,
  sort integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index steering_member_pair_idx on steering_member (pair_id, sort);
