/**
 * The public ledger's chain, pure: the canonical serialisation of an entry, its SHA-256,
 * and the check of a whole chain. No I/O, no clock.
 *
 * Canonical serialisation (documented in docs/support.md, stable forever — a change would
 * break every published head): the entry as the JSON object
 * `{ "correctsSeq", "kind", "payload", "prevHash", "recordedAt", "seq" }` where
 * - object keys are sorted by UTF-16 code unit at every depth, no whitespace anywhere;
 * - strings are NFC-normalised and escaped as `JSON.stringify` does;
 * - numbers are safe integers (money in VND, seq), written in decimal without exponent;
 *   quantities are strings ("4", "12.5"); `null`, `true`, `false` as JSON;
 * - `recordedAt` is ISO 8601 in UTC with milliseconds (`2026-12-05T06:00:00.000Z`);
 * - `prevHash` is the previous entry's hash (64 lower-case hex digits; 64 zeros for entry 1).
 * The entry's hash is the lower-case hex SHA-256 of the UTF-8 bytes of that text.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** `payment`: a sponsorship's payment (sponsorships). */
export type LedgerEntryKind = 'delivery' | 'correction' | 'payment';

export type CanonicalValue = string | number | boolean | null | readonly CanonicalValue[] | { readonly [k: string]: CanonicalValue };

export interface LedgerEntry {
  seq: number;
  kind: LedgerEntryKind;
  correctsSeq: number | null;
  /** ISO 8601, UTC, milliseconds. */
  recordedAt: string;
  payload: { readonly [k: string]: CanonicalValue };
  prevHash: string;
}

export interface StoredLedgerEntry extends LedgerEntry {
  hash: string;
}

/**
 * Sorted key orders of the object shapes seen (their keys as they come): the entries of a chain
 * share a handful of shapes, so each is sorted once. A shape is recognised by comparing its keys
 * one by one (property names are interned strings: no text is built per object). Bounded, most
 * recent first, so hostile input cannot grow it.
 */
const shapes: { keys: string[]; order: string[] }[] = [];
const SHAPE_LIMIT = 32;
/** NFC-normalised JSON strings of the non-ASCII strings seen (school and donor names repeat). */
const quoted = new Map<string, string>();
const CACHE_LIMIT = 10_000;
// Printable ASCII without a quote or a backslash: JSON.stringify would add only the quotes, and NFC changes nothing.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/u;

function quote(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s.normalize('NFC'));
    if (quoted.size >= CACHE_LIMIT) quoted.clear();
    quoted.set(s, q);
  }
  return q;
}

function sortedKeys(obj: { readonly [k: string]: CanonicalValue }): string[] {
  const keys = Object.keys(obj);
  search: for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i]!;
    const known = shape.keys;
    if (known.length !== keys.length) continue;
    for (let k = 0; k < keys.length; k++) if (known[k] !== keys[k]) continue search;
    if (i > 0) {
      // Keep the shapes in use at the front.
      shapes.splice(i, 1);
      shapes.unshift(shape);
    }
    return shape.order;
  }
  const order = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (shapes.length >= SHAPE_LIMIT) shapes.pop();
  shapes.unshift({ keys, order });
  return order;
}

/**
 * The canonical JSON text of a value (see the module comment). Written for speed (`ledger
 * verify` serialises millions of entries): one string built by concatenation, key orders and
 * normalised strings cached; the output is the specification's, byte for byte (tested against
 * a plain reference implementation).
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
      return String(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i] as CanonicalValue);
    return `${out}]`;
  }
  const obj = value as { readonly [k: string]: CanonicalValue };
  let out = '{';
  let first = true;
  for (const k of sortedKeys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${quote(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * The text that is hashed for an entry: `canonicalJson` of the six fields, written out directly
 * (its keys are already in order; tested equal to the generic form).
 */
export function canonicalEntry(e: LedgerEntry): string {
  const corrects = e.correctsSeq === null ? 'null' : canonicalJson(e.correctsSeq);
  return `{"correctsSeq":${corrects},"kind":${quote(e.kind)},"payload":${canonicalJson(e.payload)},"prevHash":${quote(e.prevHash)},"recordedAt":${quote(e.recordedAt)},"seq":${canonicalJson(e.seq)}}`;
}

/** Lower-case hex SHA-256 of a text's UTF-8 bytes: one call, no hash object (Node ≥ 20.12), where there is one. */
const sha256Hex: (text: string) => string =
  typeof oneShotHash === 'function' ? (text) => oneShotHash('sha256', text, 'hex') : (text) => createHash('sha256').update(text, 'utf8').digest('hex');

export function entryHash(e: LedgerEntry): string {
  return sha256Hex(canonicalEntry(e));
}

/** The entry following `previous` (null: the first), with its hash. */
export function nextEntry(
  previous: { seq: number; hash: string } | null,
  entry: Omit<LedgerEntry, 'seq' | 'prevHash'>,
): StoredLedgerEntry {
  const e: LedgerEntry = { ...entry, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? GENESIS_HASH };
  return { ...e, hash: entryHash(e) };
}

export type ChainProblem =
  | { seq: number; problem: 'hash-mismatch' }
  | { seq: number; problem: 'prev-hash-mismatch' }
  | { seq: number; problem: 'missing' }
  | { seq: number; problem: 'bad-correction' }
  | { seq: number; problem: 'published-head-mismatch'; publishedOn: string }
  | { seq: number; problem: 'truncated'; publishedOn: string | null }
  | { seq: null; problem: 'head-not-found'; head: string };

/**
 * Checks entries fed in seq order, one batch at a time (a chain of millions is never held
 * in memory). The first problem found stays: later entries are not judged against a
 * broken past.
 */
export class ChainVerifier {
  private last: { seq: number; hash: string } | null = null;
  private firstProblem: ChainProblem | null = null;
  private count = 0;
  private readonly wantedHeads = new Map<number, { hash: string; publishedOn: string | null }>();
  private headFound: boolean;

  /**
   * @param heads published heads (seq, hash) the chain must still contain.
   * @param givenHead a head someone kept (`--head HASH`): some entry must have this hash.
   */
  constructor(
    heads: readonly { seq: number; hash: string; publishedOn: string }[] = [],
    private readonly givenHead: string | null = null,
  ) {
    for (const h of heads) this.wantedHeads.set(h.seq, { hash: h.hash.toLowerCase(), publishedOn: h.publishedOn });
    this.headFound = givenHead === null;
  }

  get problem(): ChainProblem | null {
    return this.firstProblem;
  }

  get entries(): number {
    return this.count;
  }

  get head(): { seq: number; hash: string } | null {
    return this.last;
  }

  push(e: StoredLedgerEntry): void {
    this.count++;
    if (this.firstProblem) return;
    const expectedSeq = (this.last?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq) {
      this.firstProblem = { seq: expectedSeq, problem: 'missing' };
      return;
    }
    let h: string;
    try {
      h = entryHash(e);
    } catch {
      // Content no writer could have hashed (a fraction, a number past 2^53): edited.
      this.firstProblem = { seq: e.seq, problem: 'hash-mismatch' };
      return;
    }
    if (h !== e.hash) {
      this.firstProblem = { seq: e.seq, problem: 'hash-mismatch' };
      return;
    }
    // Checked after its own hash, so that an entry moved elsewhere (its seq changed) or whose
    // recorded previous hash was changed is named itself. Here it matches its own hash but the
    // previous entry is not what it recorded: that one was rewritten together with its hash.
    if (e.prevHash !== (this.last?.hash ?? GENESIS_HASH)) {
      this.firstProblem = { seq: this.last ? this.last.seq : e.seq, problem: 'prev-hash-mismatch' };
      return;
    }
    if ((e.kind === 'correction') !== (e.correctsSeq !== null) || (e.correctsSeq !== null && e.correctsSeq >= e.seq)) {
      this.firstProblem = { seq: e.seq, problem: 'bad-correction' };
      return;
    }
    const wanted = this.wantedHeads.get(e.seq);
    if (wanted && wanted.hash !== h) {
      this.firstProblem = { seq: e.seq, problem: 'published-head-mismatch', publishedOn: wanted.publishedOn ?? '' };
      return;
    }
    if (this.givenHead !== null && h === this.givenHead.toLowerCase()) this.headFound = true;
    this.last = { seq: e.seq, hash: h };
  }

  /** The verdict once every entry was pushed. */
  finish(): ChainProblem | null {
    if (this.firstProblem) return this.firstProblem;
    const lastSeq = this.last?.seq ?? 0;
    const beyond = [...this.wantedHeads.entries()].filter(([seq]) => seq > lastSeq).sort((a, b) => a[0] - b[0])[0];
    if (beyond) return (this.firstProblem = { seq: lastSeq + 1, problem: 'truncated', publishedOn: beyond[1].publishedOn });
    if (!this.headFound) return (this.firstProblem = { seq: null, problem: 'head-not-found', head: this.givenHead ?? '' });
    return null;
  }
}

/** One line a person reads: what is wrong and where. */
export function describeProblem(p: ChainProblem): string {
  switch (p.problem) {
    case 'hash-mismatch':
      return `entry ${p.seq}: its content does not match its hash (edited after it was written)`;
    case 'prev-hash-mismatch':
      return `entry ${p.seq}: its content does not match the hash the next entry recorded (edited after it was written)`;
    case 'missing':
      return `entry ${p.seq}: missing (the chain has a gap)`;
    case 'bad-correction':
      return `entry ${p.seq}: a correction that does not reference an earlier entry`;
    case 'published-head-mismatch':
      return `entry ${p.seq}: differs from the head published on ${p.publishedOn} (history rewritten)`;
    case 'truncated':
      return `entry ${p.seq}: missing — the chain ends before the head published${p.publishedOn ? ` on ${p.publishedOn}` : ''} (truncated)`;
    case 'head-not-found':
      return `head ${p.head} is not in the chain (history rewritten or truncated)`;
  }
}
