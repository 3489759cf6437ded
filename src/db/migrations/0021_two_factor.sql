-- Accounts (issue 12): two-factor sign-in with an authenticator app (TOTP, RFC 6238) and a
-- throttle on the mails that carry one-time links (invitations, password resets).

-- One authenticator per account. `enabled_at` null: enrolment started (the QR code shown), not
-- yet confirmed with a code; sign-in asks for a code only once it is set. `last_step` is the
-- 30-second time step of the last code accepted: a code is never accepted twice.
create table user_totp (
  user_id uuid primary key references app_user (id) on delete cascade,
  secret text not null,
  created_at timestamptz not null default now(),
  enabled_at timestamptz,
  last_step bigint not null default 0
);

-- Ten single-use recovery codes, shown once at enrolment; only their SHA-256 is kept.
create table totp_recovery_code (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  unique (user_id, code_hash)
);

-- Mails with a one-time link counted per key in a fixed window (one upsert under the row's lock,
-- so parallel requests cannot all read "not yet"): 'reset:to:<address>', 'reset:ip:<address>',
-- 'invite:to:<address>', 'invite:by:<user or ip>'.
create table mail_throttle (
  key text primary key,
  window_started_at timestamptz not null,
  count integer not null check (count >= 0)
);
create index mail_throttle_window_idx on mail_throttle (window_started_at);
