-- Sponsorships (nhận đỡ đầu, issue 13): a teacher or an organisation takes on a student of a
-- school (a beneficiary whose guardian's consent covers it) with a monthly or yearly amount.
-- Each payment is an entry of the public ledger that never names the student. The sponsor is
-- reminded before each payment is due. See docs/support.md and docs/privacy.md.

create table sponsorship (
  id uuid primary key default gen_random_uuid(),
  -- The beneficiary's school: only its authorised staff manage the sponsorship.
  school_id uuid not null references school (id),
  beneficiary_id uuid not null references beneficiary (id),
  sponsor_kind text not null check (sponsor_kind in ('person', 'organisation')),
  sponsor_name text not null check (length(sponsor_name) between 1 and 300),
  -- The sponsor's account: sees the sponsorship ("Học sinh tôi đỡ đầu") and is reminded.
  sponsor_user_id uuid references app_user (id),
  check (sponsor_kind = 'organisation' or sponsor_user_id is not null),
  -- Shown to the public as "ẩn danh" in the ledger.
  anonymous boolean not null default true,
  frequency text not null check (frequency in ('monthly', 'yearly')),
  amount_vnd bigint not null check (amount_vnd > 0),
  starts_on date not null,
  ends_on date,
  check (ends_on is null or ends_on >= starts_on),
  ended_on date,
  end_reason text,
  created_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sponsorship_school_idx on sponsorship (school_id);
create index sponsorship_sponsor_idx on sponsorship (sponsor_user_id);
create index sponsorship_beneficiary_idx on sponsorship (beneficiary_id);

-- A payment of one period (the due date it pays), appended to the public ledger.
create table sponsorship_payment (
  id uuid primary key default gen_random_uuid(),
  sponsorship_id uuid not null references sponsorship (id),
  period_on date not null,
  paid_on date not null,
  amount_vnd bigint not null check (amount_vnd > 0),
  ledger_seq bigint not null references ledger_entry (seq),
  recorded_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now(),
  unique (sponsorship_id, period_on)
);

-- The reminders sent (one per sponsorship and due date, whatever the number of nodes or runs).
create table sponsorship_reminder (
  sponsorship_id uuid not null references sponsorship (id),
  due_on date not null,
  sent_at timestamptz not null default now(),
  primary key (sponsorship_id, due_on)
);

-- The ledger gains a third kind of entry: a sponsorship payment (its payload: an allow-list
-- without the student). Changing a check constraint is no UPDATE: the triggers stay.
alter table ledger_entry drop constraint ledger_entry_kind_check;
alter table ledger_entry add constraint ledger_entry_kind_check check (kind in ('delivery', 'correction', 'payment'));
create index ledger_entry_payment_idx on ledger_entry ((payload ->> 'paymentId')) where kind = 'payment';
