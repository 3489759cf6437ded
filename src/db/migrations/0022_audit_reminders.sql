-- Audit log viewer and reminders (issue 12).

-- The viewer pages newest first by (at, id) — keyset, so a page deep in millions of rows costs
-- what the first one does — under each filter: who, what, which pair (the school filter and an
-- area officer's scope use the GIN index on school_ids of 0016). These replace 0016's
-- (column, id) indexes, whose order did not match the date filter.
create index audit_log_at_id_idx on audit_log (at, id);
create index audit_log_actor_at_idx on audit_log (actor_user_id, at, id);
create index audit_log_action_at_idx on audit_log (action, at, id);
create index audit_log_pair_at_idx on audit_log (pair_id, at, id) where pair_id is not null;
drop index if exists audit_log_at_idx;
drop index if exists audit_log_actor_idx;
drop index if exists audit_log_action_idx;
drop index if exists audit_log_pair_idx;

-- Activity reminders: the activities the reminder sweep watches, kept by the activities hook
-- (`onActivityChanged`, in the transaction of each change): the notifications feature's own copy
-- of what it needs (dates, status, host, the people named), so the sweep reads no activity table.
create table activity_watch (
  activity_id uuid primary key references activity (id) on delete cascade,
  pair_id uuid not null references pair (id) on delete cascade,
  host_school_id uuid references school (id),
  title text not null,
  starts_on date not null,
  ends_on date,
  status text not null,
  person_user_ids uuid[] not null default '{}',
  updated_at timestamptz not null default now()
);
create index activity_watch_planned_idx on activity_watch (starts_on) where status = 'planned';

-- Activities recorded before this migration.
insert into activity_watch (activity_id, pair_id, host_school_id, title, starts_on, ends_on, status, person_user_ids)
select a.id, a.pair_id, a.host_school_id, a.title, a.starts_on, a.ends_on, a.status,
  coalesce((select array_agg(p.user_id) from activity_person p where p.activity_id = a.id), '{}')
from activity a
on conflict (activity_id) do nothing;

-- Days before an activity its people are reminded (null: never), per campaign.
alter table campaign add column activity_reminder_days integer default 3 check (activity_reminder_days between 1 and 60);
