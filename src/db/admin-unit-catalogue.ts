/**
 * Loading the official catalogue of administrative units into `admin_unit`: the units
 * before the reform of 01/07/2025 (valid from 1900-01-01) and the reform itself (the new
 * units from 01/07/2025, the old ones ended with their successors), from the CSV files
 * shipped in src/db/admin-units/. The same code loads a later reform from a directory
 * (`chungtay units import DIR --on DATE`). Bulk statements (unnest of arrays), one
 * transaction, idempotent: a loaded catalogue is recorded in `admin_unit_catalogue`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely, type Transaction } from 'kysely';
import { unitNameKey } from '#src/core/registry/admin-units.ts';
import {
  checkReform,
  parseMapping,
  parseUnits,
  reformFiles,
  type BaseCatalogue,
  type CatalogueUnit,
  type Reform,
} from '#src/core/registry/unit-catalogue.ts';
import type { Database } from './schema.ts';

export const SHIPPED_CATALOGUE_DIR = fileURLToPath(new URL('./admin-units/', import.meta.url));
export const SHIPPED_CATALOGUE = 'vn-2025-07-01';
export const REFORM_2025 = '2025-07-01';
const BEGINNING = '1900-01-01';

type Db = Kysely<Database> | Transaction<Database>;

async function readText(dir: string, name: string): Promise<string> {
  return readFile(`${dir.replace(/\/?$/u, '/')}${name}`, 'utf8');
}

export async function readBaseCatalogue(dir: string): Promise<BaseCatalogue> {
  const [p, d, w] = await Promise.all([readText(dir, 'provinces-legacy.csv'), readText(dir, 'districts-legacy.csv'), readText(dir, 'wards-legacy.csv')]);
  return {
    provinces: parseUnits('provinces-legacy.csv', p, 'province'),
    districts: parseUnits('districts-legacy.csv', d, 'district'),
    communes: parseUnits('wards-legacy.csv', w, 'commune'),
  };
}

/** A reform's files in `dir` (see `reformFiles` for the names). */
export async function readReform(dir: string): Promise<{ tag: string; reform: Reform }> {
  const files = reformFiles(await readdir(dir));
  const [p, c, pm, cm, dm] = await Promise.all([
    readText(dir, files.provinces),
    readText(dir, files.communes),
    readText(dir, files.provinceMap),
    readText(dir, files.communeMap),
    files.districtMap ? readText(dir, files.districtMap) : Promise.resolve(null),
  ]);
  return {
    tag: files.tag,
    reform: {
      provinces: parseUnits(files.provinces, p, 'province'),
      communes: parseUnits(files.communes, c, 'commune'),
      provinceMap: parseMapping(files.provinceMap, pm),
      communeMap: parseMapping(files.communeMap, cm),
      districtMap: dm && files.districtMap ? parseMapping(files.districtMap, dm) : [],
    },
  };
}

function columns(units: CatalogueUnit[]) {
  return {
    codes: units.map((u) => u.code),
    names: units.map((u) => u.name),
    kinds: units.map((u) => u.kind),
    keys: units.map((u) => unitNameKey(u.name)),
    lats: units.map((u) => u.latitude),
    lons: units.map((u) => u.longitude),
  };
}

/**
 * Insert (or update in place, by code and start date) units with their parents given as
 * ids; returns the id of each code.
 */
async function upsertUnits(db: Db, units: CatalogueUnit[], parentIds: (string | null)[], validFrom: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const CHUNK = 5000;
  for (let i = 0; i < units.length; i += CHUNK) {
    const part = units.slice(i, i + CHUNK);
    const c = columns(part);
    const rows = await sql<{ id: string; code: string }>`
      insert into admin_unit (code, name, kind, parent_id, valid_from, valid_to, successor_id, latitude, longitude, name_key)
      select t.code, t.name, t.kind, t.parent_id, ${validFrom}::date, null, null, t.lat, t.lon, t.name_key
      from unnest(${c.codes}::text[], ${c.names}::text[], ${c.kinds}::text[], ${parentIds.slice(i, i + CHUNK)}::uuid[],
                  ${c.lats}::float8[], ${c.lons}::float8[], ${c.keys}::text[])
        as t(code, name, kind, parent_id, lat, lon, name_key)
      on conflict (code, valid_from) do update set
        name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id, valid_to = null, successor_id = null,
        latitude = excluded.latitude, longitude = excluded.longitude, name_key = excluded.name_key
      returning id, code`.execute(db);
    for (const r of rows.rows) out.set(r.code, r.id);
  }
  return out;
}

/** The catalogue before any reform, valid from the beginning (1900-01-01). */
export async function loadBaseCatalogue(db: Db, base: BaseCatalogue): Promise<void> {
  const provinces = await upsertUnits(db, base.provinces, base.provinces.map(() => null), BEGINNING);
  const parentOf = (map: Map<string, string>, u: CatalogueUnit, what: string) => {
    const id = u.parentCode ? map.get(u.parentCode) : undefined;
    if (!id) throw new Error(`${u.code} ${u.name}: unknown ${what} ${u.parentCode ?? ''}`);
    return id;
  };
  const districts = await upsertUnits(db, base.districts, base.districts.map((d) => parentOf(provinces, d, 'province')), BEGINNING);
  await upsertUnits(db, base.communes, base.communes.map((w) => parentOf(districts, w, 'district')), BEGINNING);
}

interface OldUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
}

export interface ReformOutcome {
  /** units created from the reform's date */
  created: number;
  /** units that go on unchanged (same code, name, kind and parent) */
  kept: number;
  /** units ended on the reform's date */
  ended: number;
  /** ended units divided between several successors */
  divided: number;
}

/**
 * Apply a reform on `on`: the units valid the day before that the mappings name end on
 * `on` and point at their successor (or, divided, at each part); the new units begin on
 * `on`. A unit that comes out unchanged (same code, name, kind and parent; one
 * predecessor, itself) keeps its row. Districts still valid end too (a reform's
 * catalogue has none); island districts without communes point at the unit they became.
 * Schools are not moved here (see the caller).
 */
export async function applyReform(db: Db, reform: Reform, on: string): Promise<ReformOutcome> {
  const current = async (kinds: string[]) =>
    (
      await sql<OldUnit>`select id, code, name, kind, parent_id from admin_unit
        where kind = any(${kinds}::text[]) and valid_from < ${on}::date and (valid_to is null or valid_to >= ${on}::date)
        order by valid_from`.execute(db)
    ).rows;
  const byCode = (rows: OldUnit[]) => new Map(rows.map((r) => [r.code, r]));
  const oldProvinces = byCode(await current(['province']));
  const oldDistricts = byCode(await current(['district']));
  const oldCommunes = byCode(await current(['commune', 'ward', 'town', 'special-zone']));
  checkReform(reform, { provinces: new Set(oldProvinces.keys()), communes: new Set(oldCommunes.keys()), districts: new Set(oldDistricts.keys()) });

  const predecessors = (map: { from: string; to: string }[]) => {
    const out = new Map<string, string[]>();
    for (const m of map) out.set(m.to, [...(out.get(m.to) ?? []), m.from]);
    return out;
  };
  const outcome: ReformOutcome = { created: 0, kept: 0, ended: 0, divided: 0 };

  // Provinces.
  const provincePreds = predecessors(reform.provinceMap);
  const provinceIds = new Map<string, string>();
  const keptIds = new Set<string>();
  const freshProvinces: CatalogueUnit[] = [];
  for (const p of reform.provinces) {
    const preds = provincePreds.get(p.code) ?? [];
    const old = oldProvinces.get(p.code);
    if (preds.length === 1 && preds[0] === p.code && old && old.name === p.name) {
      provinceIds.set(p.code, old.id);
      keptIds.add(old.id);
    } else freshProvinces.push(p);
  }
  for (const [code, id] of await upsertUnits(db, freshProvinces, freshProvinces.map(() => null), on)) provinceIds.set(code, id);
  const keptProvinces = reform.provinces.filter((p) => keptIds.has(provinceIds.get(p.code)!));
  await sql`update admin_unit a set latitude = t.lat, longitude = t.lon, name_key = t.name_key
    from unnest(${keptProvinces.map((p) => provinceIds.get(p.code)!)}::uuid[], ${keptProvinces.map((p) => p.latitude)}::float8[],
                ${keptProvinces.map((p) => p.longitude)}::float8[], ${keptProvinces.map((p) => unitNameKey(p.name))}::text[]) as t(id, lat, lon, name_key)
    where a.id = t.id`.execute(db);

  // Communes.
  const communePreds = predecessors(reform.communeMap);
  const communeIds = new Map<string, string>();
  const freshCommunes: CatalogueUnit[] = [];
  for (const c of reform.communes) {
    const preds = communePreds.get(c.code) ?? [];
    const old = oldCommunes.get(c.code);
    const parentId = provinceIds.get(c.parentCode!)!;
    if (preds.length === 1 && preds[0] === c.code && old && old.name === c.name && old.kind === c.kind && old.parent_id === parentId) {
      communeIds.set(c.code, old.id);
      keptIds.add(old.id);
    } else freshCommunes.push(c);
  }
  for (const [code, id] of await upsertUnits(db, freshCommunes, freshCommunes.map((c) => provinceIds.get(c.parentCode!)!), on)) communeIds.set(code, id);
  const keptCommunes = reform.communes.filter((c) => keptIds.has(communeIds.get(c.code)!));
  if (keptCommunes.length) {
    await sql`update admin_unit a set latitude = t.lat, longitude = t.lon
      from unnest(${keptCommunes.map((c) => communeIds.get(c.code)!)}::uuid[], ${keptCommunes.map((c) => c.latitude)}::float8[],
                  ${keptCommunes.map((c) => c.longitude)}::float8[]) as t(id, lat, lon)
      where a.id = t.id`.execute(db);
  }
  outcome.created = freshProvinces.length + freshCommunes.length;
  outcome.kept = keptIds.size;

  // End the old units, with their successors.
  const ends: { id: string; successor: string | null }[] = [];
  const divisions: { id: string; successor: string }[] = [];
  for (const m of reform.provinceMap) {
    const old = oldProvinces.get(m.from)!;
    if (!keptIds.has(old.id)) ends.push({ id: old.id, successor: provinceIds.get(m.to)! });
  }
  const targets = new Map<string, { to: string[]; divided: boolean }>();
  for (const m of reform.communeMap) {
    const t = targets.get(m.from) ?? { to: [], divided: false };
    t.to.push(m.to);
    t.divided ||= m.divided;
    targets.set(m.from, t);
  }
  for (const [from, t] of targets) {
    const old = oldCommunes.get(from)!;
    if (keptIds.has(old.id)) continue;
    if (t.to.length === 1) ends.push({ id: old.id, successor: communeIds.get(t.to[0]!)! });
    else {
      ends.push({ id: old.id, successor: null });
      for (const to of t.to) divisions.push({ id: old.id, successor: communeIds.get(to)! });
      outcome.divided++;
    }
  }
  // Districts end with the reform (its catalogue has none): islands name what they became.
  const islands = new Map(reform.districtMap.map((m) => [m.from, m.to]));
  for (const d of oldDistricts.values()) {
    const to = islands.get(d.code);
    ends.push({ id: d.id, successor: to ? communeIds.get(to)! : null });
  }
  await sql`update admin_unit a set valid_to = ${on}::date, successor_id = t.successor
    from unnest(${ends.map((e) => e.id)}::uuid[], ${ends.map((e) => e.successor)}::uuid[]) as t(id, successor)
    where a.id = t.id`.execute(db);
  if (divisions.length) {
    await sql`delete from admin_unit_division where unit_id = any(${[...new Set(divisions.map((d) => d.id))]}::uuid[])`.execute(db);
    await sql`insert into admin_unit_division (unit_id, successor_id)
      select * from unnest(${divisions.map((d) => d.id)}::uuid[], ${divisions.map((d) => d.successor)}::uuid[])`.execute(db);
  }
  outcome.ended = ends.length;
  return outcome;
}

/** Folded names for units recorded without one (by hand before the catalogue, or by a reorganisation). */
export async function fillUnitNameKeys(db: Db): Promise<void> {
  const rows = await db.selectFrom('admin_unit').select(['id', 'name']).where('name_key', '=', '').execute();
  if (!rows.length) return;
  await sql`update admin_unit a set name_key = t.k from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => unitNameKey(r.name))}::text[]) as t(id, k)
    where a.id = t.id`.execute(db);
}

export async function catalogueLoaded(db: Db, name: string): Promise<boolean> {
  return !!(await db.selectFrom('admin_unit_catalogue').select('name').where('name', '=', name).executeTakeFirst());
}

export async function recordCatalogue(db: Db, name: string, on: string): Promise<void> {
  const count = await sql<{ n: number }>`select count(*)::int as n from admin_unit where valid_from = ${on}::date`.execute(db);
  await db.insertInto('admin_unit_catalogue').values({ name, effective_on: on, units: count.rows[0]!.n }).execute();
}

/**
 * The shipped catalogue (both sides of the reform of 01/07/2025), loaded once into a
 * database in the migrate step; `false` when it was there already.
 */
export async function loadShippedCatalogue(db: Kysely<Database>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (await catalogueLoaded(trx, SHIPPED_CATALOGUE)) return false;
    const [base, { reform }] = await Promise.all([readBaseCatalogue(SHIPPED_CATALOGUE_DIR), readReform(SHIPPED_CATALOGUE_DIR)]);
    await loadBaseCatalogue(trx, base);
    await applyReform(trx, reform, REFORM_2025);
    await fillUnitNameKeys(trx);
    await recordCatalogue(trx, SHIPPED_CATALOGUE, REFORM_2025);
    return true;
  });
}
