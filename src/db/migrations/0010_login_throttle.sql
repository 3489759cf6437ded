-- The login throttle, per username and address (and per address for all usernames, with
-- username ''), counted atomically: each attempt is reserved by one upsert under the row's
-- lock before the password is checked, so parallel guesses cannot all read "not yet throttled".
-- Replaces login_failure (one row per failure, read then written).
drop table login_failure;

create table login_throttle (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  ip text not null,
  failures integer not null check (failures >= 0),
  last_attempt_at timestamptz not null,
  blocked_until timestamptz,
  unique (username, ip)
);
create index login_throttle_blocked_idx on login_throttle (blocked_until);
