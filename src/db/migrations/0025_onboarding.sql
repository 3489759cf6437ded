-- Onboarding a city's schools (issue 12): a run that invites the leaders of the registry's
-- schools without an account (one pg-boss job per run), and its progress and outcome.
create table onboarding_run (
  id uuid primary key default gen_random_uuid(),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'stopped', 'failed')),
  created_by_user_id uuid references app_user (id),
  created_by text,
  -- the schools asked for: {"adminUnitId": …, "level": …}
  filter jsonb not null default '{}',
  total integer not null default 0,
  processed integer not null default 0,
  created integer not null default 0,
  skipped integer not null default 0,
  -- [{schoolId, code, name, outcome: 'created' | reason code, username?}]
  results jsonb not null default '[]',
  error jsonb,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index onboarding_run_created_by_idx on onboarding_run (created_by_user_id, created_at desc);
-- "schools without a leader account": the leaders of a school, looked up per school
create index app_user_school_role_idx on app_user (school_id, role) where disabled_at is null;
-- Importing users from Excel: a person's phone (optional, as the file gives it).
alter table app_user add column phone text;
