-- The dashboard at country scale (docs/performance.md, `npm run bench -- scale`: 1,000,000
-- activities).
--
-- The dashboard's activity counts, kept per pair: how many activities a pair has and how many of
-- them were held (done or reported). Counting 1,000,000 activities on every dashboard took
-- ~150 ms; the department now sums one row per pair (22,000), an area or a school the rows of its
-- pairs. The counts change in the same statement as the activities (statement triggers below),
-- so they are exactly as true as the activities a transaction sees. One row per pair, not one
-- for the whole country: writers of different pairs never wait on the same row.
create table pair_activity_count (
  pair_id uuid primary key references pair (id) on delete cascade,
  activities integer not null check (activities >= 0),
  held integer not null check (held >= 0)
);

insert into pair_activity_count (pair_id, activities, held)
select pair_id, count(*), count(*) filter (where status in ('done', 'reported'))
from activity group by pair_id;

-- New activities: add them to their pairs' counts (in pair order, so that two writers lock
-- rows in the same order).
create function pair_activity_count_insert() returns trigger language plpgsql as $$
begin
  insert into pair_activity_count as c (pair_id, activities, held)
  select pair_id, count(*), count(*) filter (where status in ('done', 'reported'))
  from new_rows group by pair_id order by pair_id
  on conflict (pair_id) do update set activities = c.activities + excluded.activities, held = c.held + excluded.held;
  return null;
end $$;

-- A changed activity moves only if its pair changed or it became held or stopped being held.
-- A pair's row is lowered or raised where it is (an insert of a negative change would fail the
-- checks before meeting the row); a pair with no row yet (an activity moved to it) gets one.
create function pair_activity_count_update() returns trigger language plpgsql as $$
begin
  with moved as (
    select o.pair_id as old_pair, n.pair_id as new_pair,
      (o.status in ('done', 'reported'))::int as old_held, (n.status in ('done', 'reported'))::int as new_held
    from old_rows o join new_rows n on n.id = o.id
    where o.pair_id <> n.pair_id or (o.status in ('done', 'reported')) <> (n.status in ('done', 'reported'))
  ), delta as (
    select pair_id, sum(activities)::int as activities, sum(held)::int as held from (
      select old_pair as pair_id, case when old_pair <> new_pair then -1 else 0 end as activities, -old_held as held from moved
      union all
      select new_pair, case when old_pair <> new_pair then 1 else 0 end, new_held from moved
    ) d group by pair_id
  ), updated as (
    update pair_activity_count c set activities = c.activities + delta.activities, held = c.held + delta.held
    from delta where c.pair_id = delta.pair_id
    returning c.pair_id
  )
  insert into pair_activity_count as c (pair_id, activities, held)
  select pair_id, activities, held from delta where pair_id not in (select pair_id from updated) order by pair_id
  on conflict (pair_id) do update set activities = c.activities + excluded.activities, held = c.held + excluded.held;
  return null;
end $$;

-- Deleted activities (a pair's own delete cascades to its activities and to its row here: only
-- rows still there are lowered).
create function pair_activity_count_delete() returns trigger language plpgsql as $$
begin
  update pair_activity_count c set activities = c.activities - d.activities, held = c.held - d.held
  from (select pair_id, count(*) as activities, count(*) filter (where status in ('done', 'reported')) as held
        from old_rows group by pair_id) d
  where c.pair_id = d.pair_id;
  return null;
end $$;

create function pair_activity_count_truncate() returns trigger language plpgsql as $$
begin
  delete from pair_activity_count;
  return null;
end $$;

create trigger activity_count_insert after insert on activity
  referencing new table as new_rows for each statement execute function pair_activity_count_insert();
create trigger activity_count_update after update on activity
  referencing old table as old_rows new table as new_rows for each statement execute function pair_activity_count_update();
create trigger activity_count_delete after delete on activity
  referencing old table as old_rows for each statement execute function pair_activity_count_delete();
create trigger activity_count_truncate after truncate on activity
  for each statement execute function pair_activity_count_truncate();
