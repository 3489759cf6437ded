-- Resources and support (issue 13): pledges and their deliveries with hand-over minutes,
-- the public append-only ledger with its daily published heads, and beneficiaries (sensitive
-- personal data of children: consent, per-read log, retention). See docs/support.md and
-- docs/privacy.md.

-- A pledge (đóng góp / ủng hộ): who gives what to which school.
create table contribution (
  id uuid primary key default gen_random_uuid(),
  donor_kind text not null check (donor_kind in ('school', 'organisation', 'person')),
  donor_name text not null check (length(donor_name) between 1 and 300),
  donor_school_id uuid references school (id),
  -- Shown to the public as "ẩn danh" (anonymous).
  anonymous boolean not null default false,
  kind text not null check (kind in ('cash', 'equipment', 'books', 'scholarships-gifts', 'services', 'volunteer-hours')),
  description text not null check (length(description) between 1 and 1000),
  quantity numeric(14, 2) not null check (quantity > 0),
  unit text not null check (length(unit) between 1 and 50),
  value_vnd bigint not null check (value_vnd >= 0),
  school_id uuid not null references school (id),
  pair_id uuid references pair (id),
  campaign_id uuid references campaign (id),
  expected_on date,
  state text not null default 'pledged' check (state in ('pledged', 'partly-delivered', 'delivered', 'acknowledged', 'cancelled')),
  cancel_reason text,
  created_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index contribution_school_idx on contribution (school_id);
create index contribution_donor_school_idx on contribution (donor_school_id);
create index contribution_pair_idx on contribution (pair_id);
create index contribution_campaign_idx on contribution (campaign_id);

-- Hand-over minutes are numbered in the handing-over school's (or, for an outside donor, the
-- receiving school's) register of the year: "Số: 01/BB-THPTNC".
create table support_minutes_counter (
  issuer_school_id uuid not null references school (id),
  year integer not null,
  last_seq integer not null,
  primary key (issuer_school_id, year)
);

-- A delivery (bàn giao) of part or all of a pledge, with its minutes (biên bản bàn giao).
create table contribution_delivery (
  id uuid primary key default gen_random_uuid(),
  contribution_id uuid not null references contribution (id),
  delivered_on date not null,
  description text not null check (length(description) between 1 and 1000),
  quantity numeric(14, 2) not null check (quantity >= 0),
  -- The value counted today: a correction changes it and appends a ledger entry.
  value_vnd bigint not null check (value_vnd >= 0),
  handed_over_by text not null check (length(handed_over_by) between 1 and 200),
  received_by text not null check (length(received_by) between 1 and 200),
  place text not null check (length(place) between 1 and 100),
  issuer_school_id uuid not null references school (id),
  minutes_year integer not null,
  minutes_seq integer not null,
  minutes_number text not null,
  acknowledged_at timestamptz,
  acknowledged_by_user_id uuid references app_user (id),
  created_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (issuer_school_id, minutes_year, minutes_seq)
);
create index contribution_delivery_contribution_idx on contribution_delivery (contribution_id);

-- The public ledger (công khai): append-only. Every delivery and every correction is an
-- entry; an entry carries the SHA-256 of the previous entry (prev_hash) and its own (hash),
-- over the canonical serialisation of src/core/support/ledger.ts. Appends take an advisory
-- lock (src/db/lock-keys.ts), so seq has no gaps and the chain never forks.
create table ledger_entry (
  seq bigint primary key check (seq >= 1),
  kind text not null check (kind in ('delivery', 'correction')),
  corrects_seq bigint references ledger_entry (seq),
  recorded_at timestamptz not null,
  payload jsonb not null,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
  check ((kind = 'correction') = (corrects_seq is not null)),
  check (corrects_seq is null or corrects_seq < seq)
);
create index ledger_entry_delivery_idx on ledger_entry ((payload ->> 'deliveryId'));

-- The head of the chain, published each day (a pg-boss scheduled job): anyone who kept one
-- can check later that history was not rewritten (`chungtay ledger verify --head HASH`).
create table ledger_head (
  published_on date primary key,
  seq bigint not null,
  hash text not null check (hash ~ '^[0-9a-f]{64}$'),
  published_at timestamptz not null default now()
);

-- The database itself refuses to change or remove what was written (statement triggers: even
-- a statement that would touch no row is refused).
create function refuse_ledger_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger ledger_entry_append_only before update or delete on ledger_entry
  for each statement execute function refuse_ledger_change();
create trigger ledger_entry_no_truncate before truncate on ledger_entry
  for each statement execute function refuse_ledger_change();
create trigger ledger_head_append_only before update or delete on ledger_head
  for each statement execute function refuse_ledger_change();
create trigger ledger_head_no_truncate before truncate on ledger_head
  for each statement execute function refuse_ledger_change();

-- Beneficiaries: students and teachers in hardship (sensitive personal data, Law 91/2025/QH15,
-- Decree 356/2025). Erasure and anonymisation empty the personal columns and keep the row
-- (school, kind, category, what was received) so that totals stay.
create table beneficiary (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references school (id),
  person_kind text not null check (person_kind in ('student', 'teacher')),
  full_name text,
  birth_date date,
  class_name text,
  hardship text not null check (hardship in ('orphan', 'poor-household', 'near-poor-household', 'disability', 'serious-illness', 'natural-disaster', 'other')),
  situation text,
  -- Who consented, relation, when, how, scope: required while the record holds personal data.
  guardian_consent jsonb,
  -- The child's own consent (from age 7) for anything published about them.
  own_consent jsonb,
  erased_at timestamptz,
  erased_reason text check (erased_reason in ('request', 'retention')),
  created_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Whether anything about the person may be published (both consents cover it; see privacy.md).
  publishable boolean not null default false,
  check (erased_at is not null or (full_name is not null and (guardian_consent is not null or own_consent is not null)))
);
create index beneficiary_school_idx on beneficiary (school_id);

-- What a beneficiary received.
create table beneficiary_support (
  id uuid primary key default gen_random_uuid(),
  beneficiary_id uuid not null references beneficiary (id),
  delivery_id uuid references contribution_delivery (id),
  received_on date not null,
  what text not null check (length(what) between 1 and 500),
  value_vnd bigint not null check (value_vnd >= 0),
  created_at timestamptz not null default now()
);
create index beneficiary_support_beneficiary_idx on beneficiary_support (beneficiary_id);

-- Every read and change of a beneficiary's record, and every refusal: who, when, why.
create table beneficiary_access_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_username text,
  actor_role text,
  beneficiary_id uuid,
  school_id uuid,
  action text not null,
  allowed boolean not null,
  reason text,
  request_id text
);
create index beneficiary_access_log_beneficiary_idx on beneficiary_access_log (beneficiary_id, at);
