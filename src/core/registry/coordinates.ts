/**
 * A school's position (WGS 84), as people really type it: decimal degrees with a dot or a
 * Vietnamese decimal comma ("21,0285"), degrees–minutes–seconds as Google Maps shows them
 * (`21°01'42.6"N 105°51'15.1"E`, or with B/Đ for Bắc/Đông), one cell with both numbers
 * ("21.0285, 105.8542", "21,0285; 105,8542") or two columns. Pure: text in, degrees or a
 * reason out.
 */

export interface Coordinates {
  latitude: number;
  longitude: number;
}

export type CoordinateProblem =
  /** not a number nor degrees–minutes–seconds */
  | 'not_a_coordinate'
  | 'latitude_range'
  | 'longitude_range'
  /** a latitude outside ±90 that would be a valid latitude as the longitude and vice versa */
  | 'coordinates_swapped'
  /** one of the two is missing */
  | 'coordinates_incomplete';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: CoordinateProblem };

/** Mainland Viet Nam and its islands (Phú Quốc to Trường Sa), with a small margin. */
export const VIETNAM_BOUNDS = { minLat: 8.0, maxLat: 23.5, minLon: 102.0, maxLon: 117.9 } as const;

export function inVietnam(c: Coordinates): boolean {
  const b = VIETNAM_BOUNDS;
  return c.latitude >= b.minLat && c.latitude <= b.maxLat && c.longitude >= b.minLon && c.longitude <= b.maxLon;
}

/** South and west are negative; N/B (Bắc), E/Đ (Đông) positive; T (Tây) west. */
const HEMISPHERE: Record<string, 1 | -1> = { N: 1, B: 1, E: 1, Đ: 1, D: 1, S: -1, W: -1, T: -1 };

const DECIMAL = /^([+-]?)(\d{1,3})(?:[.,](\d+))?\s*°?\s*([NSEWBĐDT])?$/iu;
const DMS = /^([+-]?)(\d{1,3})\s*[°º:\s]\s*(\d{1,2})\s*['′’:\s]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:["″”]|'')?)?\s*([NSEWBĐDT])?$/iu;
// Degrees and decimal minutes: 21°01.71'N
const DM = /^([+-]?)(\d{1,3})\s*[°º\s]\s*(\d{1,2}[.,]\d+)\s*['′’]?\s*([NSEWBĐDT])?$/iu;

const num = (s: string | undefined) => (s === undefined ? 0 : Number(s.replace(',', '.')));

/** One angle in degrees from a cell's text or number, or null when it is not one. */
export function parseAngle(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = value.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (!s) return null;
  let m = DECIMAL.exec(s);
  if (m) {
    const deg = Number(`${m[2]}.${m[3] ?? '0'}`);
    return sign(m[1], m[4]) * deg;
  }
  m = DMS.exec(s);
  if (m) {
    const min = num(m[3]);
    const sec = num(m[4]);
    if (min >= 60 || sec >= 60) return null;
    return sign(m[1], m[5]) * (Number(m[2]) + min / 60 + sec / 3600);
  }
  m = DM.exec(s);
  if (m) {
    const min = num(m[3]);
    if (min >= 60) return null;
    return sign(m[1], m[4]) * (Number(m[2]) + min / 60);
  }
  return null;
}

function sign(prefix: string | undefined, hemisphere: string | undefined): number {
  const h = hemisphere ? (HEMISPHERE[hemisphere.toUpperCase()] ?? 1) : 1;
  return (prefix === '-' ? -1 : 1) * h;
}

/** Rounded to 7 decimals (about 1 cm): what is stored and shown. */
const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** Latitude and longitude from two values (either may be empty); null when both are empty. */
export function parseCoordinates(latitude: string | number | null, longitude: string | number | null): Parsed<Coordinates | null> {
  const empty = (v: string | number | null) => v === null || (typeof v === 'string' && v.trim() === '');
  if (empty(latitude) && empty(longitude)) return { ok: true, value: null };
  if (empty(latitude) || empty(longitude)) return { ok: false, problem: 'coordinates_incomplete' };
  const lat = parseAngle(latitude!);
  const lon = parseAngle(longitude!);
  if (lat === null || lon === null) return { ok: false, problem: 'not_a_coordinate' };
  if (Math.abs(lat) > 90) return { ok: false, problem: Math.abs(lon) <= 90 && Math.abs(lat) <= 180 ? 'coordinates_swapped' : 'latitude_range' };
  if (Math.abs(lon) > 180) return { ok: false, problem: 'longitude_range' };
  return { ok: true, value: { latitude: round7(lat), longitude: round7(lon) } };
}

/**
 * Both numbers from one text: "21.0285, 105.8542" (as copied from Google Maps),
 * "21,0285; 105,8542" (decimal commas, as this app shows them), "21.0285 105.8542",
 * `21°01'42.6"N 105°51'15.1"E`. Empty text → null.
 */
export function parseCoordinatePair(text: string): Parsed<Coordinates | null> {
  const s = fromMapAddress(text.normalize('NFC').trim()).replace(/\s+/gu, ' ');
  if (!s) return { ok: true, value: null };
  const parts = splitPair(s);
  if (!parts) return { ok: false, problem: parseAngle(s) === null ? 'not_a_coordinate' : 'coordinates_incomplete' };
  return parseCoordinates(parts[0], parts[1]);
}

/**
 * A map's address pasted whole: Google Maps (`…/@21.0451089,105.8765201,17z`, `?q=21.04,105.87`),
 * OpenStreetMap (`?mlat=21.04&mlon=105.87`, `#map=16/21.04/105.87`) → "lat, lon". Other text as it is.
 */
function fromMapAddress(s: string): string {
  if (!/^https?:\/\//iu.test(s)) return s;
  const deg = '(-?\\d{1,3}(?:\\.\\d+)?)';
  const patterns = [
    new RegExp(`@${deg},${deg}`, 'u'),
    new RegExp(`[?&](?:q|query|ll|center)=${deg}(?:,|%2C)\\s*${deg}`, 'iu'),
    new RegExp(`[?&]mlat=${deg}&mlon=${deg}`, 'u'),
    new RegExp(`#map=\\d+/${deg}/${deg}`, 'u'),
  ];
  for (const p of patterns) {
    const m = p.exec(s);
    if (m) return `${m[1]}, ${m[2]}`;
  }
  return s;
}

function splitPair(s: string): [string, string] | null {
  const two = (xs: string[]): [string, string] | null => (xs.length === 2 && xs[0]!.trim() && xs[1]!.trim() ? [xs[0]!.trim(), xs[1]!.trim()] : null);
  if (s.includes(';')) return two(s.split(';'));
  if (s.includes('/')) return two(s.split('/'));
  // A hemisphere letter ends the first number: 21°01'42.6"N 105°51'15.1"E, 21.0285N,105.8542E
  const byLetter = /^(.*?[NSBĐ])\s*,?\s*(\d.*)$/iu.exec(s);
  if (byLetter && parseAngle(byLetter[1]!) !== null) return [byLetter[1]!.trim(), byLetter[2]!.trim()];
  const commas = s.split(',').length - 1;
  if (commas === 1) return two(s.split(','));
  // "21,0285, 105,8542": the separator is the comma followed by a space.
  const spaced = s.split(/,\s+/u);
  if (spaced.length === 2) return two(spaced);
  if (commas === 0) return two(s.split(' '));
  return null;
}

/**
 * "21,0285; 105,8542": decimal commas (Vietnamese), a semicolon between, up to 6 decimals
 * (10 cm), trailing zeros dropped. `parseCoordinatePair` reads it back.
 */
export function formatCoordinates(c: Coordinates, locale: 'vi' | 'en' = 'vi'): string {
  const f = (x: number) => {
    const s = String(Math.round(x * 1e6) / 1e6);
    return locale === 'vi' ? s.replace('.', ',') : s;
  };
  return locale === 'vi' ? `${f(c.latitude)}; ${f(c.longitude)}` : `${f(c.latitude)}, ${f(c.longitude)}`;
}
