-- Paper steps and document numbers (issue 10).
--
-- Most schools have no account on day one: they answer on paper. The department (or the
-- officer of the school's area) records a school's acceptance of a pair, or its signature of
-- an MoU version, on the school's behalf, with the scanned letter (same checks and store as
-- the MoU scans). One record per school and step.
create table paper_record (
  id uuid primary key default gen_random_uuid(),
  pair_id uuid not null references pair (id) on delete cascade,
  school_id uuid not null references school (id),
  kind text not null check (kind in ('acceptance', 'signature')),
  -- The version signed on paper (signatures only).
  mou_id uuid references mou (id) on delete cascade,
  -- The date written on the paper letter (or under the handwritten signature).
  dated_on date not null,
  file_name text not null,
  media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  storage_key text not null unique,
  recorded_by_user_id uuid references app_user (id),
  recorded_at timestamptz not null default now(),
  check ((kind = 'signature') = (mou_id is not null))
);
create unique index paper_record_acceptance_idx on paper_record (pair_id, school_id) where kind = 'acceptance';
create unique index paper_record_signature_idx on paper_record (mou_id, school_id) where kind = 'signature';

-- Document numbers: one series per issuer, year and kind (an MoU "GN-" and a notice "TB-"
-- are numbered apart), from the app's counter by default or entered from the school's own
-- register of outgoing documents. The register's key is what makes a number impossible to
-- give twice, also to two requests at the same moment.
alter table document_counter add column kind text not null default 'mou' check (kind in ('mou', 'notice'));
alter table document_counter drop constraint document_counter_pkey;
-- The old counter was shared by both kinds: each kind's series continues after it.
insert into document_counter (issuer_school_id, year, kind, last_seq)
  select issuer_school_id, year, 'notice', last_seq from document_counter where kind = 'mou';
alter table document_counter add primary key (issuer_school_id, year, kind);
alter table document_register drop constraint document_register_pkey;
alter table document_register add constraint document_register_number_key unique (issuer_school_id, year, kind, seq);
