-- The data generation (docs/decisions/0033-response-cache.md): a one-row counter that every
-- transaction changing a table which the cached answers read (the school list, the dashboard,
-- the header search) bumps once, when it commits. An app node keeps an answer under the
-- generation it read before computing it, and asks for the generation again on every request:
-- a write on any node makes every node's next read miss its old answers.
create table data_generation (
  id boolean primary key default true check (id),
  n bigint not null
);
-- Started from the clock (milliseconds), so that a database made again later (a restore of a
-- backup from before this migration) never meets values that nodes saw before.
insert into data_generation (id, n) values (true, (extract(epoch from clock_timestamp()) * 1000)::bigint);

-- Once per transaction: the first deferred event bumps the counter and marks the transaction
-- (a setting local to it), the others return at once (an import of 45,000 rows bumps once).
create function bump_data_generation() returns trigger language plpgsql as $$
begin
  if current_setting('chungtay.generation_bumped', true) is distinct from 'on' then
    update data_generation set n = n + 1 where id;
    perform set_config('chungtay.generation_bumped', 'on', true);
  end if;
  return null;
end $$;

-- Deferred to commit, so that the counter's row is locked only while the transaction commits:
-- taken early (a statement trigger), two writers that lock rows in opposite orders would
-- deadlock on it.
do $$
declare t text;
begin
  foreach t in array array['school', 'school_location', 'admin_unit', 'admin_unit_division', 'pair', 'pair_member', 'campaign', 'activity'] loop
    execute format(
      'create constraint trigger %I after insert or update or delete on %I deferrable initially deferred for each row execute function bump_data_generation()',
      t || '_data_generation', t);
    execute format(
      'create trigger %I after truncate on %I for each statement execute function bump_data_generation()',
      t || '_data_generation_truncate', t);
  end loop;
end $$;
