-- Correcting a sponsorship payment recorded in error (issue 13). A payment is never updated or
-- deleted: its correction is a new row that references it (at most one per payment: a payment
-- once corrected is final) and a new ledger entry of kind 'correction' whose corrects_seq is
-- the payment's entry. A reversal (the payment never happened) counts 0 ₫ and leaves its
-- period unpaid again; an amount correction counts the amount actually paid. The reason stays
-- here and in the audit log, never in the public ledger (free text could name the student).
-- See docs/support.md.

create table sponsorship_payment_correction (
  id uuid primary key default gen_random_uuid(),
  payment_id uuid not null unique references sponsorship_payment (id),
  sponsorship_id uuid not null references sponsorship (id),
  kind text not null check (kind in ('reversal', 'amount')),
  -- What the payment counts from now on: 0 for a reversal.
  amount_vnd bigint not null check (amount_vnd >= 0),
  check ((kind = 'reversal') = (amount_vnd = 0)),
  reason text not null check (length(reason) between 5 and 500),
  ledger_seq bigint not null unique references ledger_entry (seq),
  corrected_by_user_id uuid references app_user (id),
  created_at timestamptz not null default now()
);
create index sponsorship_payment_correction_sponsorship_idx on sponsorship_payment_correction (sponsorship_id);

-- A reversed payment leaves its period to be paid again: "one payment per period" becomes "one
-- payment per period that was not reversed", which a unique constraint cannot say across two
-- tables. The service checks it with the sponsorship's row locked (every payment and correction
-- of a sponsorship takes that lock first).
alter table sponsorship_payment drop constraint sponsorship_payment_sponsorship_id_period_on_key;
create index sponsorship_payment_period_idx on sponsorship_payment (sponsorship_id, period_on);

-- Corrections reference the entry they correct (corrects_seq, a foreign key to the same table):
-- finding an entry's corrections, and the key's own check whenever an entry's row would go (a
-- row deleted behind the app's back with the triggers off scanned the whole table per row), use it.
create index ledger_entry_corrects_idx on ledger_entry (corrects_seq) where corrects_seq is not null;
