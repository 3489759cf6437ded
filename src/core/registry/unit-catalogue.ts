/**
 * The official catalogue of administrative units as CSV files (src/db/admin-units/,
 * or a later reform's directory for `chungtay units import`): parsing and checks.
 * Pure: the caller reads the files.
 */
import { cleanText } from '#src/core/vn/text.ts';
import type { UnitKind } from './admin-units.ts';

export interface CatalogueUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** the parent's code: the district of a legacy commune, the province otherwise */
  parentCode: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** A reform: the units from `on`, and which old units (valid the day before) went into which. */
export interface Reform {
  provinces: CatalogueUnit[];
  communes: CatalogueUnit[];
  /** old province code → new province code */
  provinceMap: { from: string; to: string }[];
  /** old commune code → new commune code(s); several rows for a divided commune */
  communeMap: { from: string; to: string; divided: boolean }[];
  /** old districts without communes (islands) that became a commune-level unit */
  districtMap: { from: string; to: string }[];
}

/** The catalogue before the first reform: provinces, districts, communes. */
export interface BaseCatalogue {
  provinces: CatalogueUnit[];
  districts: CatalogueUnit[];
  communes: CatalogueUnit[];
}

export class CatalogueError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    message: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
  }
}

/** RFC 4180 CSV (quotes optional): rows of cells, the header first. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/u, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

const KIND_OF_TYPE: Record<string, UnitKind> = {
  'phuong': 'ward',
  'xa': 'commune',
  'thi tran': 'town',
  'dac khu': 'special-zone',
  'quan': 'district',
  'huyen': 'district',
  'thi xa': 'district',
  'thanh pho': 'district',
};

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .trim();
}

/** The records of one file, by column name; checks the columns it needs are there. */
export function csvRecords(file: string, text: string, required: string[]): { line: number; get: (col: string) => string }[] {
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  for (const col of required) {
    if (!header.includes(col)) throw new CatalogueError(file, 1, `missing column "${col}" (columns: ${header.join(', ')})`);
  }
  return rows.slice(1).map((cells, i) => ({
    line: i + 2,
    get: (col: string) => cleanText(cells[header.indexOf(col)] ?? ''),
  }));
}

function position(file: string, line: number, lat: string, lon: string): { latitude: number | null; longitude: number | null } {
  if (!lat && !lon) return { latitude: null, longitude: null };
  const latitude = Number(lat);
  const longitude = Number(lon);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw new CatalogueError(file, line, `bad position "${lat},${lon}"`);
  }
  return { latitude, longitude };
}

/** Units of one file: `code,name[,type][,district_code|province_code][,lat,lon]`. */
export function parseUnits(file: string, text: string, level: 'province' | 'district' | 'commune'): CatalogueUnit[] {
  const parentCol = level === 'province' ? null : level === 'district' ? 'province_code' : null;
  const header = (parseCsv(text)[0] ?? []).map((h) => h.trim().toLowerCase());
  const communeParent = header.includes('district_code') ? 'district_code' : 'province_code';
  const parent = level === 'commune' ? communeParent : parentCol;
  const required = ['code', 'name', ...(level === 'province' ? [] : ['type']), ...(parent ? [parent] : [])];
  const seen = new Set<string>();
  return csvRecords(file, text, required).map((r) => {
    const code = r.get('code');
    const name = r.get('name');
    if (!code || !name) throw new CatalogueError(file, r.line, 'a unit needs a code and a name');
    if (seen.has(code)) throw new CatalogueError(file, r.line, `code ${code} twice`);
    seen.add(code);
    let kind: UnitKind = 'province';
    if (level !== 'province') {
      const k = KIND_OF_TYPE[fold(r.get('type'))];
      if (!k || (level === 'district') !== (k === 'district')) throw new CatalogueError(file, r.line, `unknown ${level} type "${r.get('type')}"`);
      kind = k;
    }
    return {
      code,
      name,
      kind,
      parentCode: parent ? r.get(parent) || null : null,
      ...position(file, r.line, header.includes('lat') ? r.get('lat') : '', header.includes('lon') ? r.get('lon') : ''),
    };
  });
}

/** A mapping file: the first column the old code, the second the new one, an optional `divided`. */
export function parseMapping(file: string, text: string): { from: string; to: string; divided: boolean }[] {
  const rows = parseCsv(text);
  if ((rows[0]?.length ?? 0) < 2) throw new CatalogueError(file, 1, 'a mapping needs two columns: old code, new code');
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const dividedCol = header.indexOf('divided');
  return rows.slice(1).map((cells, i) => {
    const from = (cells[0] ?? '').trim();
    const to = (cells[1] ?? '').trim();
    if (!from || !to) throw new CatalogueError(file, i + 2, 'a mapping row needs an old code and a new code');
    return { from, to, divided: dividedCol >= 0 && /^(true|1|yes|x)$/iu.test((cells[dividedCol] ?? '').trim()) };
  });
}

/**
 * Checks a reform against itself and the units valid the day before (their codes):
 * every code in a mapping exists, every new unit's province exists, and a commune
 * mapped to several new ones is marked divided.
 */
export function checkReform(reform: Reform, old: { provinces: Set<string>; communes: Set<string>; districts: Set<string> }): void {
  const newProvinces = new Set(reform.provinces.map((p) => p.code));
  const newCommunes = new Set(reform.communes.map((c) => c.code));
  for (const c of reform.communes) {
    if (!c.parentCode || !newProvinces.has(c.parentCode)) throw new CatalogueError('communes', null, `${c.code} ${c.name}: unknown province ${c.parentCode ?? '(none)'}`);
  }
  for (const m of reform.provinceMap) {
    if (!old.provinces.has(m.from)) throw new CatalogueError('province mapping', null, `old province ${m.from} is not in the registry`);
    if (!newProvinces.has(m.to)) throw new CatalogueError('province mapping', null, `new province ${m.to} is not in the new catalogue`);
  }
  for (const m of reform.communeMap) {
    if (!old.communes.has(m.from)) throw new CatalogueError('commune mapping', null, `old commune ${m.from} is not in the registry`);
    if (!newCommunes.has(m.to)) throw new CatalogueError('commune mapping', null, `new commune ${m.to} is not in the new catalogue`);
  }
  for (const m of reform.districtMap) {
    if (!old.districts.has(m.from)) throw new CatalogueError('district mapping', null, `old district ${m.from} is not in the registry`);
    if (!newCommunes.has(m.to)) throw new CatalogueError('district mapping', null, `new unit ${m.to} is not in the new catalogue`);
  }
}

/**
 * Which files of a directory make a reform: `provinces-<X>.csv`, `wards-<X>.csv` and the
 * mappings `provinces-<old>-to-<X>.csv`, `wards-<old>-to-<X>.csv`,
 * `districts-without-wards-to-<X>.csv` (optional). `<X>` is taken from the mapping's name.
 */
export function reformFiles(names: string[]): { tag: string; provinces: string; communes: string; provinceMap: string; communeMap: string; districtMap: string | null } {
  const communeMap = names.find((n) => /^wards-.+-to-.+\.csv$/u.test(n));
  if (!communeMap) throw new CatalogueError('(directory)', null, 'no wards-<old>-to-<new>.csv mapping');
  const tag = /-to-(.+)\.csv$/u.exec(communeMap)![1]!;
  const need = (name: string): string => {
    if (!names.includes(name)) throw new CatalogueError('(directory)', null, `missing ${name}`);
    return name;
  };
  const provinceMap = names.find((n) => new RegExp(`^provinces-.+-to-${tag}\\.csv$`, 'u').test(n));
  if (!provinceMap) throw new CatalogueError('(directory)', null, `missing provinces-<old>-to-${tag}.csv`);
  const districtMap = `districts-without-wards-to-${tag}.csv`;
  return {
    tag,
    provinces: need(`provinces-${tag}.csv`),
    communes: need(`wards-${tag}.csv`),
    provinceMap,
    communeMap,
    districtMap: names.includes(districtMap) ? districtMap : null,
  };
}
