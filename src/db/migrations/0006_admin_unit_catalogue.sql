-- The official catalogue of administrative units (before and after the reform of
-- 01/07/2025), loaded by the migrate step from src/db/admin-units/ (see
-- src/db/admin-unit-catalogue.ts): special zones, unit centres, units divided between
-- several successors, a search key, and a record of which catalogues were loaded.

alter table admin_unit drop constraint if exists admin_unit_kind_check;
alter table admin_unit
  add constraint admin_unit_kind_check check (kind in ('province', 'district', 'commune', 'ward', 'town', 'special-zone')),
  -- The unit's centre (WGS 84), when the catalogue gives it: a school in a divided
  -- commune goes to the successor whose centre is nearest.
  add column latitude double precision check (latitude between -90 and 90),
  add column longitude double precision check (longitude between -180 and 180),
  -- The folded name without its kind ("Phường Hoàng Liệt" → "hoang liet"): searched by prefix.
  add column name_key text not null default '',
  add constraint admin_unit_position_check check ((latitude is null) = (longitude is null));

create index admin_unit_name_key_idx on admin_unit (name_key text_pattern_ops);
create index admin_unit_code_idx on admin_unit (code);

-- A unit divided between several new ones (471 communes on 01/07/2025): it has no single
-- successor_id; these are the units that took over its parts.
create table admin_unit_division (
  unit_id uuid not null references admin_unit (id) on delete cascade,
  successor_id uuid not null references admin_unit (id) on delete cascade,
  primary key (unit_id, successor_id)
);
create index admin_unit_division_successor_idx on admin_unit_division (successor_id);

-- The catalogues loaded (the shipped one on migrate; later reforms by `chungtay units import`).
create table admin_unit_catalogue (
  name text primary key,
  effective_on date not null,
  units integer not null,
  loaded_at timestamptz not null default now()
);
