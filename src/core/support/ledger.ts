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

// What can be wrong with one entry, as bits, in the order they are judged (the first one set
// names the problem): its seq is not the next one, its content does not match its hash, the
// previous entry is not the one it recorded, a correction that references no earlier entry,
// a published head that differs. `GIVEN_HEAD` is no problem: the entry is the head asked about.
const SEQ_GAP = 1;
const HASH_BAD = 2;
const LINK_BAD = 4;
const CORRECTION_BAD = 8;
const HEAD_BAD = 16;
const GIVEN_HEAD = 32;
const PROBLEMS = SEQ_GAP | HASH_BAD | LINK_BAD | CORRECTION_BAD | HEAD_BAD;

/** The checks of one entry that need nothing but the entry itself (no predecessor). */
function ownFlags(e: StoredLedgerEntry, wantedHeads: ReadonlyMap<number, { hash: string }>, givenHead: string | null): number {
  let h: string;
  try {
    h = entryHash(e);
  } catch {
    // Content no writer could have hashed (a fraction, a number past 2^53): edited.
    return HASH_BAD;
  }
  if (h !== e.hash) return HASH_BAD;
  let flags = 0;
  if ((e.kind === 'correction') !== (e.correctsSeq !== null) || (e.correctsSeq !== null && e.correctsSeq >= e.seq)) flags |= CORRECTION_BAD;
  const wanted = wantedHeads.get(e.seq);
  if (wanted && wanted.hash !== h) flags |= HEAD_BAD;
  if (givenHead !== null && h === givenHead) flags |= GIVEN_HEAD;
  return flags;
}

/** The checks that need the previous entry (null: the chain starts here). */
function linkFlags(e: { seq: number; prevHash: string }, previous: { seq: number; hash: string } | null): number {
  return (e.seq !== (previous?.seq ?? 0) + 1 ? SEQ_GAP : 0) | (e.prevHash !== (previous?.hash ?? GENESIS_HASH) ? LINK_BAD : 0);
}

/**
 * One stretch of the chain checked on its own (a worker thread's batch): every check that needs
 * no entry before it, and the links inside it. `ChainVerifier.pushSegment` joins the stretches
 * in order, checking the link between each and the one before.
 */
export interface SegmentResult {
  count: number;
  firstSeq: number;
  firstPrevHash: string;
  /** The first entry's own checks (its link to the previous stretch is judged when joined). */
  firstFlags: number;
  /** The last entry's seq and stored hash. */
  lastSeq: number;
  lastHash: string;
  /** The first entry after the first with a problem: its index, flags, seq, and its predecessor (the last good entry). */
  bad: { index: number; flags: number; seq: number; previousSeq: number; previousHash: string } | null;
  /** The index of the first entry whose hash is the head asked about (-1: none). */
  givenAt: number;
}

/** Checks a stretch of entries in seq order (see `SegmentResult`); `heads` as given to `ChainVerifier`. */
export function checkSegment(entries: Iterable<StoredLedgerEntry>, heads: readonly { seq: number; hash: string }[], givenHead: string | null): SegmentResult | null {
  const wanted = new Map(heads.map((h) => [h.seq, { hash: h.hash.toLowerCase() }]));
  const given = givenHead === null ? null : givenHead.toLowerCase();
  let r: SegmentResult | null = null;
  let previous: StoredLedgerEntry | null = null;
  for (const e of entries) {
    const own = ownFlags(e, wanted, given);
    if (!r) {
      r = { count: 0, firstSeq: e.seq, firstPrevHash: e.prevHash, firstFlags: own, lastSeq: e.seq, lastHash: e.hash, bad: null, givenAt: own & GIVEN_HEAD ? 0 : -1 };
    } else if (!r.bad) {
      const flags = own | linkFlags(e, previous);
      if (flags & PROBLEMS) r.bad = { index: r.count, flags, seq: e.seq, previousSeq: previous!.seq, previousHash: previous!.hash };
      else if (flags & GIVEN_HEAD && r.givenAt < 0) r.givenAt = r.count;
    }
    r.count++;
    r.lastSeq = e.seq;
    r.lastHash = e.hash;
    previous = e;
  }
  return r;
}

/**
 * Checks entries fed in seq order, one at a time (`push`) or as stretches checked elsewhere
 * (`pushSegment`, from worker threads): a chain of millions is never held in memory. The first
 * problem found stays: later entries are not judged against a broken past.
 */
export class ChainVerifier {
  private last: { seq: number; hash: string } | null = null;
  private firstProblem: ChainProblem | null = null;
  private count = 0;
  private readonly wantedHeads = new Map<number, { hash: string; publishedOn: string | null }>();
  private headFound: boolean;
  private readonly given: string | null;

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
    this.given = givenHead === null ? null : givenHead.toLowerCase();
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

  /** The published heads and the head asked about, for `checkSegment` in another thread. */
  get segmentOptions(): { heads: { seq: number; hash: string }[]; givenHead: string | null } {
    return { heads: [...this.wantedHeads].map(([seq, h]) => ({ seq, hash: h.hash })), givenHead: this.given };
  }

  /** The problem an entry's flags name, in the order the checks are made. */
  private judge(flags: number, seq: number, previousSeq: number | null): ChainProblem | null {
    if (flags & SEQ_GAP) return { seq: (previousSeq ?? 0) + 1, problem: 'missing' };
    if (flags & HASH_BAD) return { seq, problem: 'hash-mismatch' };
    // Checked after its own hash, so that an entry moved elsewhere (its seq changed) or whose
    // recorded previous hash was changed is named itself. Here it matches its own hash but the
    // previous entry is not what it recorded: that one was rewritten together with its hash.
    if (flags & LINK_BAD) return { seq: previousSeq ?? seq, problem: 'prev-hash-mismatch' };
    if (flags & CORRECTION_BAD) return { seq, problem: 'bad-correction' };
    if (flags & HEAD_BAD) return { seq, problem: 'published-head-mismatch', publishedOn: this.wantedHeads.get(seq)?.publishedOn ?? '' };
    return null;
  }

  push(e: StoredLedgerEntry): void {
    this.count++;
    if (this.firstProblem) return;
    // A gap is named before the entry's content is even read.
    const gap = e.seq !== (this.last?.seq ?? 0) + 1;
    const flags = gap ? SEQ_GAP : ownFlags(e, this.wantedHeads, this.given) | linkFlags(e, this.last);
    this.firstProblem = this.judge(flags, e.seq, this.last?.seq ?? null);
    if (this.firstProblem) return;
    if (flags & GIVEN_HEAD) this.headFound = true;
    this.last = { seq: e.seq, hash: e.hash };
  }

  /**
   * The next stretch of the chain, checked by `checkSegment`: joined to the entries before it.
   * Counts its entries up to its first problem, like `push` stopped there would.
   */
  pushSegment(r: SegmentResult): void {
    if (this.firstProblem) {
      this.count += r.count;
      return;
    }
    const gap = r.firstSeq !== (this.last?.seq ?? 0) + 1;
    const first = gap ? SEQ_GAP : r.firstFlags | linkFlags({ seq: r.firstSeq, prevHash: r.firstPrevHash }, this.last);
    this.firstProblem = this.judge(first, r.firstSeq, this.last?.seq ?? null);
    if (this.firstProblem) {
      this.count += 1;
      return;
    }
    if (first & GIVEN_HEAD) this.headFound = true;
    if (r.bad) {
      this.count += r.bad.index + 1;
      if (r.givenAt >= 0 && r.givenAt < r.bad.index) this.headFound = true;
      this.last = { seq: r.bad.previousSeq, hash: r.bad.previousHash };
      this.firstProblem = this.judge(r.bad.flags, r.bad.seq, r.bad.previousSeq);
      return;
    }
    if (r.givenAt >= 0) this.headFound = true;
    this.count += r.count;
    this.last = { seq: r.lastSeq, hash: r.lastHash };
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
