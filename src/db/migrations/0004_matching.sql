-- Pairing engine: school coordinates, wishes (ranked preferred partners per campaign)
-- and matching runs kept with their inputs, parameters and results.

-- Where a school stands (WGS 84), for distances between schools (haversine).
alter table school
  add column latitude double precision check (latitude between -90 and 90),
  add column longitude double precision check (longitude between -180 and 180),
  add constraint school_coordinates_both check ((latitude is null) = (longitude is null));

-- Nguyện vọng: a school's ranked wishes for partners in a campaign (rank 1 first).
create table matching_wish (
  campaign_id uuid not null references campaign (id) on delete cascade,
  school_id uuid not null references school (id) on delete cascade,
  partner_id uuid not null references school (id) on delete cascade,
  rank smallint not null check (rank between 1 and 10),
  updated_by_user_id uuid references app_user (id),
  updated_at timestamptz not null default now(),
  primary key (campaign_id, school_id, partner_id),
  unique (campaign_id, school_id, rank),
  check (school_id <> partner_id)
);
create index matching_wish_partner_idx on matching_wish (campaign_id, partner_id);

-- A run of the engine. `params` is what the department asked (selection, weights,
-- constraints, mode); `inputs` the snapshot the engine saw (profiles, wishes, existing
-- pairs), so that any result can be explained later even after profiles change;
-- `result` the pairs of both modes with their scores and reasons. Progress lives here too,
-- so any app node answers the page's polling.
create table matching_run (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references campaign (id) on delete cascade,
  parent_run_id uuid references matching_run (id) on delete set null,
  label text,
  mode text not null check (mode in ('optimal', 'stable')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  phase text not null default 'queued',
  progress smallint not null default 0,
  params jsonb not null,
  inputs jsonb,
  result jsonb,
  summary jsonb,
  error jsonb,
  -- Pairs turned into proposed pairs: [{left, right, pairId, at}].
  accepted jsonb not null default '[]'::jsonb,
  created_by_user_id uuid references app_user (id),
  created_by text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  heartbeat_at timestamptz not null default now()
);
create index matching_run_campaign_idx on matching_run (campaign_id, created_at desc);
