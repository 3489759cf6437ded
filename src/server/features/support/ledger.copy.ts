/**
 * Reading the ledger as `COPY … TO STDOUT` writes it (text format: one line per entry, fields
 * separated by tabs, in the order of `LEDGER_TEXT_COLUMNS`). No database here: the worker
 * threads of `ledger verify` import it without the driver.
 */
import type { CanonicalValue, StoredLedgerEntry } from '#src/core/support/ledger.ts';

/** The columns read, each as PostgreSQL writes it as text (the time already in the canonical ISO form). */
export const LEDGER_TEXT_COLUMNS = `seq::text, kind, corrects_seq::text, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), payload::text, prev_hash, hash`;

/** One entry as `ledger verify` reads it: every column as PostgreSQL writes it as text. */
export interface LedgerTextRow {
  seq: string;
  kind: 'delivery' | 'correction' | 'payment';
  corrects_seq: string | null;
  recorded_at: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

// COPY's text format: a backslash starts an escape (\\, \t, \n, \r, \b, \f, \v; \N alone is NULL).
const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const unescapeCopy = (field: string): string => (field.includes('\\') ? field.replace(/\\(.)/gsu, (_, c: string) => COPY_ESCAPES[c] ?? c) : field);
const copyNullable = (field: string): string | null => (field === '\\N' ? null : unescapeCopy(field));

/** One COPY line (without its newline) as a row of text. */
export function rowFromCopyLine(line: string): LedgerTextRow {
  const f = line.split('\t');
  return {
    seq: unescapeCopy(f[0]!),
    kind: unescapeCopy(f[1]!) as LedgerTextRow['kind'],
    corrects_seq: copyNullable(f[2]!),
    recorded_at: unescapeCopy(f[3]!),
    payload: unescapeCopy(f[4]!),
    prev_hash: unescapeCopy(f[5]!),
    hash: unescapeCopy(f[6]!),
  };
}

/** A row of text as the entry the chain check judges (the payload parsed once, by JSON.parse). */
export function entryFromText(r: LedgerTextRow): StoredLedgerEntry {
  return {
    seq: Number(r.seq),
    kind: r.kind,
    correctsSeq: r.corrects_seq === null ? null : Number(r.corrects_seq),
    recordedAt: r.recorded_at,
    payload: JSON.parse(r.payload) as Record<string, CanonicalValue>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** One COPY line straight to the entry (no row of text in between: millions of lines make garbage). */
function entryFromCopyLine(line: string): StoredLedgerEntry {
  const f = line.split('\t');
  const corrects = copyNullable(f[2]!);
  return {
    seq: Number(f[0]),
    kind: unescapeCopy(f[1]!) as StoredLedgerEntry['kind'],
    correctsSeq: corrects === null ? null : Number(corrects),
    recordedAt: unescapeCopy(f[3]!),
    payload: JSON.parse(unescapeCopy(f[4]!)) as Record<string, CanonicalValue>,
    prevHash: unescapeCopy(f[5]!),
    hash: unescapeCopy(f[6]!),
  };
}

/** The entries of a block of whole COPY lines (each ending with a newline), in order. */
export function* entriesFromCopyText(text: string): Generator<StoredLedgerEntry> {
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    yield entryFromCopyLine(text.slice(start, nl));
    start = nl + 1;
  }
  if (start < text.length) yield entryFromCopyLine(text.slice(start));
}
