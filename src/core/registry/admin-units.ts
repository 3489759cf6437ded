/**
 * Administrative units through time. Vietnam abolished districts on 1 July 2025
 * and merged communes: a unit is valid in [validFrom, validTo) and may name the
 * unit that took it over (its successor). Pure functions over plain records.
 */
import { foldForSearch } from '#src/core/vn/text.ts';

export type UnitKind = 'province' | 'district' | 'commune' | 'ward' | 'town';

export interface UnitRecord {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  successorId: string | null;
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

/**
 * The unit that stands for `unit` on `date`: itself when valid then, otherwise
 * the end of its chain of successors (a merged commune → the new commune), or null
 * when the chain stops before the date (a district abolished without successor).
 */
export function successorOn(byId: Map<string, UnitRecord>, unit: UnitRecord, date: string): UnitRecord | null {
  let u: UnitRecord | undefined = unit;
  for (let hops = 0; u && hops < 20; hops++) {
    if (isValidOn(u, date)) return u;
    if (u.validFrom > date) return null;
    u = u.successorId ? byId.get(u.successorId) : undefined;
  }
  return null;
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

export type LocationMatch =
  | { ok: true; unit: UnitRecord; history: UnitRecord[] }
  | { ok: false; reason: 'not_found' | 'ambiguous' | 'no_successor'; level: 'commune' | 'district' | 'province' };

export class UnitIndex {
  readonly byId = new Map<string, UnitRecord>();
  private readonly byKey = new Map<string, UnitRecord[]>();
  private readonly keyOf = new Map<string, string>();

  constructor(units: UnitRecord[]) {
    for (const u of units) {
      this.byId.set(u.id, u);
      const k = unitNameKey(u.name);
      this.keyOf.set(u.id, k);
      const list = this.byKey.get(k);
      if (list) list.push(u);
      else this.byKey.set(k, [u]);
    }
  }

  private named(name: string, kinds: UnitKind[]): UnitRecord[] {
    return (this.byKey.get(unitNameKey(name)) ?? []).filter((u) => kinds.includes(u.kind));
  }

  private hasAncestorNamed(u: UnitRecord, name: string): boolean {
    const key = unitNameKey(name);
    return ancestry(this.byId, u).some((a) => a.id !== u.id && this.keyOf.get(a.id) === key);
  }

  /**
   * Where a school stands on `date`, from the names a list gives (any of
   * province, district, commune; the district may be one abolished since). The
   * named unit is followed through its successors to the date; `history` is the
   * chain from the unit named to the unit of the date.
   */
  match(input: { province?: string | null; district?: string | null; commune?: string | null }, date: string): LocationMatch | null {
    const { province, district, commune } = input;
    let level: 'commune' | 'district' | 'province';
    let candidates: UnitRecord[];
    if (commune) {
      level = 'commune';
      candidates = this.named(commune, ['commune', 'ward', 'town']);
      if (district) {
        const under = candidates.filter((u) => this.hasAncestorNamed(u, district));
        // A new commune (under the province since 2025) listed with its old district still counts.
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
      const inProvince = candidates.filter((u) => this.hasAncestorNamed(u, province));
      if (inProvince.length) candidates = inProvince;
    }
    if (!candidates.length) return { ok: false, reason: 'not_found', level };
    const current = candidates.filter((u) => isValidOn(u, date));
    const pool = current.length ? current : candidates;
    const resolved = new Map<string, { unit: UnitRecord; from: UnitRecord }>();
    for (const c of pool) {
      const s = successorOn(this.byId, c, date);
      if (s && !resolved.has(s.id)) resolved.set(s.id, { unit: s, from: c });
    }
    if (resolved.size === 0) return { ok: false, reason: 'no_successor', level };
    if (resolved.size > 1) return { ok: false, reason: 'ambiguous', level };
    const { unit, from } = [...resolved.values()][0]!;
    const history: UnitRecord[] = [];
    let u: UnitRecord | undefined = from;
    while (u && history.length < 20) {
      history.push(u);
      if (u.id === unit.id) break;
      u = u.successorId ? this.byId.get(u.successorId) : undefined;
    }
    return { ok: true, unit, history };
  }
}
