/**
 * The school registry's vocabulary: levels, ownership, area types, capability
 * levels, and the rules that turn what people type into those values.
 */
import { cleanText, compactSearchKey, foldForSearch } from '#src/core/vn/text.ts';

export const SCHOOL_LEVELS = [
  'preschool',
  'primary',
  'lower-secondary',
  'upper-secondary',
  'multi-level',
  'ethnic-boarding',
  'continuing',
] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

export const OWNERSHIPS = ['public', 'private'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

export const AREA_TYPES = ['inner-city', 'suburban', 'mountainous'] as const;
export type AreaType = (typeof AREA_TYPES)[number];

export const SCHOOL_STATUSES = ['active', 'merged', 'closed'] as const;
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number];

export const CAPABILITY_KINDS = ['strength', 'need'] as const;
export type CapabilityKind = (typeof CAPABILITY_KINDS)[number];

/** The Vietnamese label written in exports and templates (the first spelling is canonical). */
export const LEVEL_LABELS: Record<SchoolLevel, string> = {
  preschool: 'Mầm non',
  primary: 'Tiểu học',
  'lower-secondary': 'THCS',
  'upper-secondary': 'THPT',
  'multi-level': 'Liên cấp',
  'ethnic-boarding': 'PTDTNT',
  continuing: 'GDTX',
};

export const OWNERSHIP_LABELS: Record<Ownership, string> = { public: 'Công lập', private: 'Tư thục' };

export const AREA_TYPE_LABELS: Record<AreaType, string> = {
  'inner-city': 'Nội thành',
  suburban: 'Ngoại thành',
  mountainous: 'Miền núi - dân tộc',
};

/** Folded spellings (see foldForSearch) accepted for each value, beyond the label itself. */
const LEVEL_SPELLINGS: Record<SchoolLevel, string[]> = {
  preschool: ['mam non', 'mn', 'mau giao', 'nha tre', 'mau giao mam non', 'mn mg'],
  primary: ['tieu hoc', 'th', 'cap 1', 'cap i', 'c1'],
  'lower-secondary': ['thcs', 'trung hoc co so', 'cap 2', 'cap ii', 'c2'],
  'upper-secondary': ['thpt', 'trung hoc pho thong', 'cap 3', 'cap iii', 'c3'],
  'multi-level': ['lien cap', 'lc', 'th thcs', 'thcs thpt', 'th thcs thpt', 'pho thong nhieu cap hoc', 'nhieu cap hoc'],
  'ethnic-boarding': ['ptdtnt', 'dan toc noi tru', 'pt dan toc noi tru', 'pho thong dan toc noi tru', 'dtnt', 'ptdtbt', 'dan toc ban tru', 'pho thong dan toc ban tru'],
  continuing: ['gdtx', 'giao duc thuong xuyen', 'gdnn gdtx', 'trung tam gdtx', 'gdnn'],
};

const OWNERSHIP_SPELLINGS: Record<Ownership, string[]> = {
  public: ['cong lap', 'cl', 'public', 'nha nuoc'],
  private: ['tu thuc', 'dan lap', 'tu thuc dan lap', 'ngoai cong lap', 'ncl', 'private', 'tt'],
};

const AREA_TYPE_SPELLINGS: Record<AreaType, string[]> = {
  'inner-city': ['noi thanh', 'noi thi', 'thanh thi', 'do thi', 'inner city', 'nt'],
  suburban: ['ngoai thanh', 'ngoai thi', 'nong thon', 'suburban', 'ven do'],
  mountainous: ['mien nui', 'mien nui dan toc', 'vung cao', 'dan toc', 'mien nui dtts', 'vung dac biet kho khan', 'mountainous', 'dtts'],
};

function lookupTable<T extends string>(table: Record<T, string[]>, labels: Record<T, string>): Map<string, T> {
  const m = new Map<string, T>();
  for (const value of Object.keys(table) as T[]) {
    m.set(value, value);
    m.set(foldForSearch(labels[value]), value);
    for (const s of table[value]) m.set(s, value);
  }
  return m;
}

function lookup<T extends string>(index: Map<string, T>, raw: string): T | null {
  const key = foldForSearch(raw);
  return key ? (index.get(key) ?? null) : null;
}

const LEVEL_INDEX = lookupTable(LEVEL_SPELLINGS, LEVEL_LABELS);
const OWNERSHIP_INDEX = lookupTable(OWNERSHIP_SPELLINGS, OWNERSHIP_LABELS);
const AREA_TYPE_INDEX = lookupTable(AREA_TYPE_SPELLINGS, AREA_TYPE_LABELS);

/** "TH", "Tiểu học", "tiểu học", "TIỂU HỌC" → primary; null when not a level. */
export const parseLevel = (raw: string) => lookup(LEVEL_INDEX, raw);
export const parseOwnership = (raw: string) => lookup(OWNERSHIP_INDEX, raw);
export const parseAreaType = (raw: string) => lookup(AREA_TYPE_INDEX, raw);

/**
 * A count typed by people: `1.234`, `1,234`, `1 234`, ` 45 `, `45.0`.
 * Dots and commas followed by three digits are thousands separators (Vietnamese
 * writes 1.234); null when it is not a whole non-negative number.
 */
export function parseCount(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? raw : null;
  const s = cleanText(String(raw)).replace(/\s/gu, '');
  if (/^\d{1,3}([.,]\d{3})+$/u.test(s)) return Number(s.replace(/[.,]/gu, ''));
  if (/^\d+([.,]0+)?$/u.test(s)) return Number(s.replace(/[.,]0+$/u, ''));
  return null;
}

const LEVEL_WORDS = [
  'truong',
  'pho thong dan toc noi tru',
  'pho thong dan toc ban tru',
  'ptdtnt',
  'ptdtbt',
  'trung hoc pho thong',
  'trung hoc co so',
  'tieu hoc va trung hoc co so',
  'tieu hoc',
  'mam non',
  'mau giao',
  'thpt',
  'thcs',
  'th',
  'mn',
  'lien cap',
  'trung tam gdnn gdtx',
  'trung tam gdtx',
  'giao duc thuong xuyen',
  'gdtx',
];

/**
 * The name as users think of it: folded, without "Trường" and the level words in
 * front ("Trường Tiểu học Ái Mộ B" → "ai mo b"). Used to rank prefix matches first.
 */
export function schoolNameKey(name: string): string {
  let key = foldForSearch(name);
  let changed = true;
  while (changed) {
    changed = false;
    for (const w of LEVEL_WORDS) {
      if (key.startsWith(`${w} `)) {
        key = key.slice(w.length + 1);
        changed = true;
      }
    }
  }
  return key;
}

/** What the search box matches against: name, short name and code, folded, plus compact forms ("aimob"). */
export function schoolSearchKey(s: { code: string; name: string; shortName: string }): string {
  const folded = foldForSearch(`${s.name} ${s.shortName} ${s.code}`);
  return `${folded} ${compactSearchKey(s.shortName)} ${compactSearchKey(s.name)} ${compactSearchKey(schoolNameKey(s.name))}`;
}

/** A short name when none is given: "Trường Tiểu học Ái Mộ B" → "TH Ái Mộ B". */
export function defaultShortName(name: string): string {
  const n = cleanText(name);
  const rules: [RegExp, string][] = [
    [/^Trường Phổ thông Dân tộc nội trú\s+/iu, 'PTDTNT '],
    [/^Trường Phổ thông Dân tộc bán trú\s+/iu, 'PTDTBT '],
    [/^Trường Trung học phổ thông\s+/iu, 'THPT '],
    [/^Trường Trung học cơ sở\s+/iu, 'THCS '],
    [/^Trường Tiểu học\s+/iu, 'TH '],
    [/^Trường Mầm non\s+/iu, 'MN '],
    [/^Trường\s+/iu, ''],
  ];
  for (const [re, short] of rules) if (re.test(n)) return n.replace(re, short);
  return n;
}

/** Strength and need levels: 1 some, 2 good / clear, 3 outstanding / urgent. */
export const CAPABILITY_LEVELS = [1, 2, 3] as const;

export interface CapabilityEntry {
  areaCode: string;
  level: number;
}

/** "Tiếng Anh (3); Chuyển đổi số (2)" from entries, with the area names given. */
export function formatCapabilities(entries: CapabilityEntry[], nameOf: (code: string) => string): string {
  return entries.map((e) => `${nameOf(e.areaCode)} (${e.level})`).join('; ');
}

const areaIndexes = new WeakMap<object, Map<string, string>>();

/** Folded name, code and each alternative of the name → area code; built once per list. */
function areaIndex(areas: { code: string; nameVi: string }[]): Map<string, string> {
  const cached = areaIndexes.get(areas);
  if (cached) return cached;
  const index = new Map<string, string>();
  for (const a of areas) {
    index.set(foldForSearch(a.code), a.code);
    index.set(foldForSearch(a.nameVi), a.code);
    // Each alternative of "Ngữ văn / Tiếng Việt" and the part before a bracket.
    for (const part of a.nameVi.split(/[/,]|\(/u)) {
      const k = foldForSearch(part);
      if (k && !index.has(k)) index.set(k, a.code);
    }
  }
  areaIndexes.set(areas, index);
  return index;
}

/**
 * Parse "Tiếng Anh (3); Chuyển đổi số" into entries: items separated by `;` or a new
 * line, each an area name (or code, or a short form of the name) with an optional
 * level 1–3 in brackets or after a colon (default 2). Unknown items are returned
 * in `unknown`.
 */
export function parseCapabilities(
  raw: string,
  areas: { code: string; nameVi: string }[],
): { entries: CapabilityEntry[]; unknown: string[]; badLevel: string[] } {
  const entries: CapabilityEntry[] = [];
  const unknown: string[] = [];
  const badLevel: string[] = [];
  const index = areaIndex(areas);
  if (!raw.trim()) return { entries, unknown, badLevel };
  for (const item of cleanText(raw.replace(/\r?\n/gu, ';')).split(';')) {
    const text = item.trim();
    if (!text) continue;
    const m = /^(.*?)(?:\s*[(:]\s*(\S+?)\s*\)?)?$/u.exec(text)!;
    const name = m[1] ?? text;
    const code = index.get(foldForSearch(name)) ?? index.get(foldForSearch(text));
    if (!code) {
      unknown.push(text);
      continue;
    }
    let level = 2;
    if (m[2] !== undefined && index.get(foldForSearch(text)) !== code) {
      const n = Number(m[2]);
      if (!Number.isInteger(n) || n < 1 || n > 3) {
        badLevel.push(text);
        continue;
      }
      level = n;
    }
    const existing = entries.find((e) => e.areaCode === code);
    if (existing) existing.level = level;
    else entries.push({ areaCode: code, level });
  }
  return { entries, unknown, badLevel };
}
