/**
 * One version of a pair's MoU: the text (preamble and articles), the parties as the
 * document names them, the place and the date. What a signature covers is the SHA-256
 * of exactly this, in canonical JSON; the number (given when the MoU is issued) and the
 * signatures themselves are not part of it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { multiLineText, singleLineText } from '#src/core/text-schema.ts';
import { foldForSearch } from '#src/core/vn/text.ts';
import { canonicalJson } from './hash.ts';
import type { MouContent } from './types.ts';
import { SIGNATORY_TITLES } from './titles.ts';

/** One line (titles, names); `lines`: a preamble paragraph or a clause, which may break lines. */
const text = (max: number) => singleLineText().min(1).max(max);
const lines = (max: number) => multiLineText().min(1).max(max);

export const mouArticleSchema = z.strictObject({
  number: z.number().int().min(1).max(99),
  title: text(300),
  clauses: z.array(lines(5000)).min(1).max(50),
});

export const mouContentSchema = z.strictObject({
  preamble: z.array(lines(3000)).max(20),
  articles: z.array(mouArticleSchema).min(1).max(50),
});

export { SIGNATORY_TITLES, type SignatoryTitle } from './titles.ts';

export const representativeSchema = z.strictObject({
  name: text(120),
  position: text(120),
});

/** A party as the MoU names it. `name`/`unitLine` are as of the MoU's date. */
export const mouPartySchema = z.strictObject({
  schoolId: z.string().uuid(),
  /** "Trường TH Chu Phan" */
  name: text(200),
  /** "huyện Mê Linh" */
  unitLine: singleLineText().max(120),
  /** "TH Chu Phan" */
  shortName: text(120),
  signatoryName: text(120),
  signatoryTitle: z.enum(SIGNATORY_TITLES),
  representatives: z.array(representativeSchema).max(20).default([]),
});
export type MouParty = z.infer<typeof mouPartySchema>;

export interface MouVersionText {
  place: string;
  venue: string | null;
  /** ISO date of the document (the planned or actual signing day). */
  datedOn: string;
  /** The years the MoU covers: "2023-2025". */
  phase: string;
  parties: MouParty[];
  content: MouContent;
}

/** The SHA-256 a signature records: of the version's whole text, in canonical JSON. */
export function hashMouVersion(v: MouVersionText): string {
  const normalised = {
    place: v.place,
    venue: v.venue,
    datedOn: v.datedOn,
    phase: v.phase,
    parties: v.parties.map((p) => ({ ...p, representatives: p.representatives ?? [] })),
    content: v.content,
  };
  return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
}

/** "2023-2025" as the articles write it: "2023 - 2025". */
export const phaseInText = (phase: string): string => phase.replace(/\s*[-–]\s*/u, ' - ');

/**
 * The phase an MoU drafted in `year` covers: from that year to the campaign's end; the campaign's
 * whole phase when drafted before it, in its last year or after it (never "2025-2025").
 */
export const mouPhaseFor = (start: number, end: number, year: number): string => (year < start || year >= end ? `${start}-${end}` : `${year}-${end}`);

/** "quận Long Biên" → "Q. Long Biên", "huyện Mê Linh" → "H. Mê Linh" (signature blocks). */
export function abbreviateUnit(unitLine: string): string {
  const rules: [RegExp, string][] = [
    [/^quận\s+/iu, 'Q. '],
    [/^huyện\s+/iu, 'H. '],
    [/^thị xã\s+/iu, 'TX. '],
    [/^thành phố\s+/iu, 'TP. '],
    [/^phường\s+/iu, 'P. '],
    [/^xã\s+/iu, 'X. '],
    [/^thị trấn\s+/iu, 'TT. '],
  ];
  for (const [re, abbr] of rules) if (re.test(unitLine)) return unitLine.replace(re, abbr);
  return unitLine;
}

/** "TH Ái Mộ B" → "Trường TH Ái Mộ B"; a name that already says "Trường" stays. */
export function partyNameOf(shortName: string): string {
  return /^trường\b/iu.test(shortName.trim()) ? shortName.trim() : `Trường ${shortName.trim()}`;
}

/**
 * The symbol a school writes after its numbers: the level's abbreviation kept as is and
 * the initials of the rest of the short name, in capitals ("TH Chu Phan" → "THCP",
 * "THPT Nhân Chính" → "THPTNC", "PTDTNT Hà Nội" → "PTDTNTHN").
 */
export function schoolSymbol(shortName: string): string {
  const words = shortName.trim().replace(/^trường\s+/iu, '').split(/\s+/u).filter(Boolean);
  if (words.length === 0) return 'TRUONG';
  const [first, ...rest] = words as [string, ...string[]];
  const head = first === first.toLocaleUpperCase('vi-VN') ? first : first.slice(0, 1);
  const initials = rest.map((w) => w.slice(0, 1)).join('');
  const raw = `${head}${initials}`.toLocaleUpperCase('vi-VN');
  // Keep Đ (as in "SGDĐT"), drop every other diacritic.
  return raw
    .split('')
    .map((c) => (c === 'Đ' ? c : foldForSearch(c).toUpperCase()))
    .join('')
    .replace(/[^A-Z0-9Đ]/gu, '');
}

/** Document kinds and their symbol prefix: biên bản ghi nhớ (GN), thông báo (TB), kế hoạch (KH). */
export const DOCUMENT_PREFIX = { mou: 'GN', notice: 'TB', plan: 'KH' } as const;
/** The kinds a school's register numbers, each its own series. */
export type DocumentKind = keyof typeof DOCUMENT_PREFIX;

/** "GN-THCP" */
export const documentSymbol = (kind: keyof typeof DOCUMENT_PREFIX, issuerShortName: string): string =>
  `${DOCUMENT_PREFIX[kind]}-${schoolSymbol(issuerShortName)}`;

/** "01/GN-THCP" (the part after "Số: "). */
export const documentNumberText = (seq: number, symbol: string): string => `${String(seq).padStart(2, '0')}/${symbol}`;

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A verification code from 8 random bytes: "CT7K-Q29X" style, 8 characters of an
 * alphabet without 0/O/1/I, read aloud or typed without confusion (40 bits).
 */
export function verificationCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new RangeError('need 8 random bytes');
  const chars = Array.from(bytes.slice(0, 8), (b) => CODE_ALPHABET[b % 32]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** A code as typed by someone: case, spaces and the dash do not matter. */
export function normaliseVerificationCode(input: string): string | null {
  const c = input.toUpperCase().replace(/[\s-]/gu, '');
  if (!/^[2-9A-HJ-NP-Z]{8}$/u.test(c)) return null;
  return `${c.slice(0, 4)}-${c.slice(4)}`;
}
