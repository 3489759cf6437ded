/**
 * Administrative units through time. Vietnam abolished districts on 1 July 2025
 * and merged communes: a unit is valid in [validFrom, validTo) and may name the
 * unit that took it over (its successor). Pure functions over plain records.
 */
import { foldForSearch } from '#src/core/vn/text.ts';

export type UnitKind = 'province' | 'district' | 'commune' | 'ward' | 'town' | 'special-zone';

export interface UnitRecord {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  successorId: string | null;
  /** a unit divided between several new ones: the units that took over its parts */
  divisionIds?: readonly string[] | undefined;
  /** the unit's centre (WGS 84), when the catalogue gives it */
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
}

export interface Position {
  latitude: number;
  longitude: number;
}

/** Dates are ISO calendar days (`2025-07-01`); string order is date order. */
export function isValidOn(u: Pick<UnitRecord, 'validFrom' | 'validTo'>, date: string): boolean {
  return u.validFrom <= date && (u.validTo === null || u.validTo > date);
}

const PREFIXES = [
  'thanh pho truc thuoc trung uong',
  'thanh pho',
  'tinh',
  'tp',
  'quan',
  'huyen',
  'thi xa',
  'tx',
  'phuong',
  'xa',
  'thi tran',
  'tt',
  'dac khu',
];

const KIND_WORDS = /^(Quận|Huyện|Thị xã|Thành phố|Phường|Xã|Thị trấn|Đặc khu|Tỉnh)(?=\s)/u;

/** A unit's name inside a sentence, its kind in lower case: "Huyện Mê Linh" → "huyện Mê Linh". */
export function unitNameInText(name: string): string {
  return name.replace(KIND_WORDS, (w) => w.toLocaleLowerCase('vi-VN'));
}

/** A unit's name without its kind: "huyện Mê Linh", "H. Mê Linh", "Mê Linh" → "me linh". */
export function unitNameKey(name: string): string {
  let key = foldForSearch(name.replace(/^\s*(TP|Tp|tp|Q|q|H|h|P|p|X|x|TX|Tx|tx|TT|Tt|tt)\s*\.\s*/u, ''));
  for (const p of PREFIXES) {
    if (key.startsWith(`${p} `)) {
      key = key.slice(p.length + 1);
      break;
    }
  }
  // "Quận 1" and "Phường 05" are named by numbers: compare them as numbers.
  return key.replace(/\b0+(\d)/gu, '$1');
}

/** Squared distance in degrees, longitude scaled by the latitude: enough to pick the nearest centre. */
function distance2(a: Position, b: Position): number {
  const dy = a.latitude - b.latitude;
  const dx = (a.longitude - b.longitude) * Math.cos(((a.latitude + b.latitude) / 2) * (Math.PI / 180));
  return dx * dx + dy * dy;
}

/** The unit among `units` whose centre is nearest to `position` (units without a centre left out). */
export function nearestUnit(units: readonly UnitRecord[], position: Position): UnitRecord | null {
  let best: UnitRecord | null = null;
  let bestD = Infinity;
  for (const u of units) {
    if (u.latitude == null || u.longitude == null) continue;
    const d = distance2(position, { latitude: u.latitude, longitude: u.longitude });
    if (d < bestD) {
      best = u;
      bestD = d;
    }
  }
  return best;
}

export type Succession =
  | { ok: true; unit: UnitRecord; path: UnitRecord[] }
  /** the chain reaches a unit divided between several, and no position decides */
  | { ok: false; reason: 'divided'; unit: UnitRecord; candidates: UnitRecord[]; path: UnitRecord[] }
  | { ok: false; reason: 'no_successor'; path: UnitRecord[] };

/**
 * The unit that stands for `unit` on `date`: itself when valid then, otherwise the end
 * of its chain of successors (a merged commune → the new commune). A divided unit goes
 * on to the part whose centre is nearest to `position`; without a position the chain
 * stops there with the candidates. `path` runs from `unit` to the unit found.
 */
export function succession(byId: Map<string, UnitRecord>, unit: UnitRecord, date: string, position?: Position | null): Succession {
  const path: UnitRecord[] = [];
  let u: UnitRecord | undefined = unit;
  for (let hops = 0; u && hops < 20; hops++) {
    path.push(u);
    if (isValidOn(u, date)) return { ok: true, unit: u, path };
    if (u.validFrom > date) break;
    if (u.successorId) {
      u = byId.get(u.successorId);
      continue;
    }
    const parts = (u.divisionIds ?? []).map((id) => byId.get(id)).filter((p): p is UnitRecord => !!p);
    if (!parts.length) break;
    const nearest = position ? nearestUnit(parts, position) : null;
    if (!nearest) return { ok: false, reason: 'divided', unit: u, candidates: parts, path };
    u = nearest;
  }
  return { ok: false, reason: 'no_successor', path };
}

/**
 * The unit that stands for `unit` on `date` (see `succession`), or null when the chain
 * stops before the date (a district abolished without successor, a divided commune).
 */
export function successorOn(byId: Map<string, UnitRecord>, unit: UnitRecord, date: string, position?: Position | null): UnitRecord | null {
  const s = succession(byId, unit, date, position);
  return s.ok ? s.unit : null;
}

/** The unit and its parents, top first: province → district → commune. */
export function ancestry(byId: Map<string, UnitRecord>, unit: UnitRecord): UnitRecord[] {
  const chain: UnitRecord[] = [];
  let u: UnitRecord | undefined = unit;
  while (u && chain.length < 10) {
    chain.unshift(u);
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return chain;
}

export type LocationLevel = 'commune' | 'district' | 'province';

export type LocationMatch =
  | { ok: true; unit: UnitRecord; history: UnitRecord[] }
  | { ok: false; reason: 'not_found' | 'no_successor'; level: LocationLevel }
  /** several units of that name: `candidates` (each with its parents) */
  | { ok: false; reason: 'ambiguous'; level: LocationLevel; candidates: UnitRecord[] }
  /** the unit named was divided between `candidates` and no position decides */
  | { ok: false; reason: 'divided'; level: LocationLevel; unit: UnitRecord; candidates: UnitRecord[] };

export interface LocationNames {
  province?: string | null | undefined;
  district?: string | null | undefined;
  commune?: string | null | undefined;
}

export interface MatchOptions {
  /** where the school stands: decides the successor of a divided commune */
  position?: Position | null | undefined;
  /** a province to prefer when a name is ambiguous and the row names none (the file's own province) */
  preferProvince?: string | null | undefined;
}

const COMMUNE_KINDS: UnitKind[] = ['commune', 'ward', 'town', 'special-zone'];

/** The kind an address part says it is, from its prefix ("P.", "phường", "Q.", "huyện", …). */
function levelOfPart(part: string): LocationLevel | null {
  const f = foldForSearch(part);
  if (/^(p|x|tt|dk)\s*\.|^(phuong|xa|thi tran|dac khu)\s/iu.test(part.trim()) || /^(phuong|xa|thi tran|dac khu) /u.test(f)) return 'commune';
  if (/^(q|h|tx)\s*\.|^(quan|huyen|thi xa)\s/iu.test(part.trim()) || /^(quan|huyen|thi xa) /u.test(f)) return 'district';
  if (/^(tinh|thanh pho|tp) /u.test(f) || /^tp\s*\./iu.test(part.trim())) return 'province';
  return null;
}

export class UnitIndex {
  readonly byId = new Map<string, UnitRecord>();
  private readonly byKey = new Map<string, UnitRecord[]>();
  private readonly keyOf = new Map<string, string>();
  private readonly predecessorsOf = new Map<string, UnitRecord[]>();

  constructor(units: UnitRecord[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      const k = unitNameKey(u.name);
      this.keyOf.set(u.id, k);
      const list = this.byKey.get(k);
      if (list) list.push(u);
      else this.byKey.set(k, [u]);
      for (const s of [u.successorId, ...(u.divisionIds ?? [])]) {
        if (!s) continue;
        const preds = this.predecessorsOf.get(s);
        if (preds) preds.push(u);
        else this.predecessorsOf.set(s, [u]);
      }
    }
  }

  /** The units that ended into `id` (merged into it, or divided with a part to it). */
  predecessors(id: string): UnitRecord[] {
    return this.predecessorsOf.get(id) ?? [];
  }

  private named(name: string, kinds: UnitKind[]): UnitRecord[] {
    return (this.byKey.get(unitNameKey(name)) ?? []).filter((u) => kinds.includes(u.kind));
  }

  /** `u` lies in a unit named `name`: one of its parents, or a parent of a unit it took over (a new commune listed with its old district). */
  private liesIn(u: UnitRecord, name: string, depth = 0): boolean {
    const key = unitNameKey(name);
    if (ancestry(this.byId, u).some((a) => a.id !== u.id && this.keyOf.get(a.id) === key)) return true;
    if (depth >= 3) return false;
    return this.predecessors(u.id).some((p) => this.liesIn(p, name, depth + 1));
  }

  /** Is `name` a unit of that level (any date)? */
  isNamed(name: string, level: LocationLevel): boolean {
    return this.named(name, level === 'commune' ? COMMUNE_KINDS : [level]).length > 0;
  }

  /**
   * Where a school stands on `date`, from the names a list gives (any of province,
   * district, commune; the district and province may be ones abolished since). The
   * named unit is followed through its successors to the date (a divided commune to the
   * part nearest the school's position); `history` is the chain from the unit named to
   * the unit of the date.
   */
  match(input: LocationNames, date: string, opts: MatchOptions = {}): LocationMatch | null {
    const { province, district, commune } = input;
    let level: LocationLevel;
    let candidates: UnitRecord[];
    if (commune) {
      level = 'commune';
      candidates = this.named(commune, COMMUNE_KINDS);
      if (district) {
        const under = candidates.filter((u) => this.liesIn(u, district));
        if (under.length) candidates = under;
      }
    } else if (district) {
      level = 'district';
      candidates = this.named(district, ['district']);
    } else if (province) {
      level = 'province';
      candidates = this.named(province, ['province']);
    } else {
      return null;
    }
    if (province && level !== 'province') {
      const inProvince = candidates.filter((u) => this.liesIn(u, province));
      if (inProvince.length) candidates = inProvince;
    }
    if (!candidates.length) return { ok: false, reason: 'not_found', level };
    const resolve = (pool: UnitRecord[]) => {
      const current = pool.filter((u) => isValidOn(u, date));
      const found = new Map<string, Succession>();
      for (const c of current.length ? current : pool) {
        const s = succession(this.byId, c, date, opts.position);
        const key = s.ok ? s.unit.id : s.reason === 'divided' ? `divided:${s.unit.id}` : null;
        if (key && !found.has(key)) found.set(key, s);
      }
      return [...found.values()];
    };
    let found = resolve(candidates);
    if (found.length > 1 && opts.preferProvince && !province) {
      const preferred = candidates.filter((u) => this.liesIn(u, opts.preferProvince!));
      if (preferred.length) {
        const narrowed = resolve(preferred);
        if (narrowed.length === 1) found = narrowed;
      }
    }
    if (found.length === 0) return { ok: false, reason: 'no_successor', level };
    if (found.length > 1) {
      const units = found.map((s) => (s.ok ? s.unit : s.reason === 'divided' ? s.unit : s.path[0]!));
      return { ok: false, reason: 'ambiguous', level, candidates: units };
    }
    const s = found[0]!;
    if (s.ok) {
      // The same name before the date that led here (phường Bồ Đề of quận Long Biên → the new
      // phường Bồ Đề): the school stood there before, so the history starts there.
      if (s.path.length === 1) {
        for (const old of candidates) {
          if (old.id === s.unit.id || isValidOn(old, date) || old.validFrom > date) continue;
          if (old.successorId === s.unit.id || old.divisionIds?.includes(s.unit.id)) return { ok: true, unit: s.unit, history: [old, s.unit] };
        }
      }
      return { ok: true, unit: s.unit, history: s.path };
    }
    if (s.reason === 'divided') return { ok: false, reason: 'divided', level, unit: s.unit, candidates: s.candidates };
    return { ok: false, reason: 'no_successor', level };
  }

  /**
   * The units an address names, read from its end: "Số 5, P. Hoàng Liệt, Q. Hoàng Mai,
   * TP. Hà Nội" → commune "P. Hoàng Liệt", district "Q. Hoàng Mai", province "TP. Hà
   * Nội". A part without a kind is taken for the province when it names one (last
   * part), then for the commune when it names one.
   */
  namesInAddress(address: string): LocationNames {
    const parts = address
      .split(/[,;–]|\s-\s/u)
      .map((p) => p.trim())
      .filter(Boolean);
    const out: LocationNames = {};
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i]!;
      const level = levelOfPart(part);
      if (level) {
        if (!out[level]) out[level] = part;
        if (level === 'commune') break;
        continue;
      }
      const before = parts[i - 1];
      const communeBefore = !!before && (levelOfPart(before) === 'commune' || (!levelOfPart(before) && this.isNamed(before, 'commune')));
      if (!out.province && !out.district && !out.commune && this.isNamed(part, 'province')) out.province = part;
      else if (!out.district && !out.commune && communeBefore && this.isNamed(part, 'district')) out.district = part;
      else if (!out.commune && this.isNamed(part, 'commune')) {
        out.commune = part;
        break;
      } else if (!out.district && !out.commune && this.isNamed(part, 'district')) out.district = part;
      else break;
    }
    return out;
  }
}
