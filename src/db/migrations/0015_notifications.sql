-- E-mail, in-app notifications and reminders (docs/notifications.md).

-- Every e-mail the app sends: one row, delivered by a job of the `mail-send` queue (SMTP_URL),
-- or written as an .eml file under DATA_DIR/outbox without it. The body is what the caller
-- wrote; the layout (link button, unsubscribe footer) is added at delivery. Once a message is
-- delivered over SMTP its body is dropped (a password-reset link must not stay in the database).
create table mail_message (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  to_user_id uuid references app_user (id) on delete set null,
  locale text not null check (locale in ('vi', 'en')),
  kind text not null,
  subject text not null,
  html text,
  text text,
  link text,
  unsubscribe_kind text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'written', 'failed')),
  attempts integer not null default 0,
  error text,
  eml_file text,
  message_id text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index mail_message_created_idx on mail_message (created_at desc, id);
create index mail_message_failed_idx on mail_message (created_at desc) where status = 'failed';

-- A link in a mail that turns one kind of message off for one person, without signing in.
create table mail_unsubscribe (
  token text primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  kind text not null,
  unique (user_id, kind)
);

-- What a person is told in the app. `params` are the names the message needs (rendered in the
-- reader's language); `link` is a path of the web app.
create table notification (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  kind text not null,
  params jsonb not null default '{}'::jsonb,
  link text not null,
  channel text not null check (channel in ('app', 'email', 'digest')),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  -- digest: set when the daily digest that carried it was queued
  digested_at timestamptz
);
create index notification_user_idx on notification (user_id, created_at desc, id);
create index notification_unread_idx on notification (user_id) where read_at is null;
create index notification_digest_idx on notification (user_id, created_at) where channel = 'digest' and digested_at is null;

-- A person's choice per kind of notification (no row: the kind's default).
create table notification_preference (
  user_id uuid not null references app_user (id) on delete cascade,
  kind text not null,
  channel text not null check (channel in ('app', 'email', 'digest', 'off')),
  updated_at timestamptz not null default now(),
  primary key (user_id, kind)
);

-- Reminders and escalations already sent: the key names the waiting step and the stage
-- ('remind' or 'escalate'), so a sweep that runs twice (two nodes, a restart) tells once.
create table reminder_sent (
  key text primary key,
  sent_at timestamptz not null default now()
);

-- Days a step may wait before the department is told (null: never).
alter table campaign add column escalation_days integer default 14 check (escalation_days between 1 and 365);
-- Days before the person waited on is reminded (null: never).
alter table campaign add column reminder_days integer default 7 check (reminder_days between 1 and 365);
