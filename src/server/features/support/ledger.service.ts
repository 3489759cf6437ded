/**
 * The public ledger (công khai): append, verify, publish the head. See docs/support.md for
 * the canonical serialisation and src/core/support/ledger.ts for the chain.
 */
import { ChainVerifier, GENESIS_HASH, nextEntry, type CanonicalValue, type ChainProblem, type LedgerEntryKind, type StoredLedgerEntry } from '#src/core/support/ledger.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { LOCK_KEYS, lockForTransaction } from '#src/db/lock-keys.ts';
import type { Db } from '#src/server/context.ts';
import { insertHead, insertLedgerEntry, lastLedgerEntry, listHeads, streamLedgerText } from './ledger.repository.ts';
import type { LedgerEntryRow } from './support.table.ts';

/**
 * Append one entry, in the caller's transaction. The advisory lock makes appends one at a
 * time across every app node, so two requests never both take the same previous entry.
 */
export async function appendLedgerEntry(
  trx: Db,
  entry: { kind: LedgerEntryKind; correctsSeq: number | null; payload: Record<string, CanonicalValue> },
  now: Date,
): Promise<StoredLedgerEntry> {
  await lockForTransaction(trx, LOCK_KEYS.ledger);
  const last = await lastLedgerEntry(trx);
  const e = nextEntry(last ? { seq: last.seq, hash: last.hash } : null, {
    kind: entry.kind,
    correctsSeq: entry.correctsSeq,
    recordedAt: now.toISOString(),
    payload: entry.payload,
  });
  await insertLedgerEntry(trx, e);
  return e;
}

export const entryFromRow = (r: LedgerEntryRow): StoredLedgerEntry => ({
  seq: Number(r.seq),
  kind: r.kind,
  correctsSeq: r.corrects_seq === null ? null : Number(r.corrects_seq),
  recordedAt: r.recorded_at.toISOString(),
  payload: r.payload as Record<string, CanonicalValue>,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export interface VerifyResult {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  publishedHeads: number;
  problem: ChainProblem | null;
}

/**
 * Check the whole chain: every entry's hash, every link, no gap, every published head still
 * in place, and (when given) a head someone kept. Streams the chain (batches of `pageSize`).
 */
export async function verifyLedger(db: Db, options: { head?: string | null; pageSize?: number } = {}): Promise<VerifyResult> {
  const heads = (await listHeads(db)).filter((h) => h.seq > 0).map((h) => ({ seq: Number(h.seq), hash: h.hash, publishedOn: h.published_on }));
  const v = new ChainVerifier(heads, options.head ?? null);
  // One COPY streams the chain while it is hashed (the database and Node work at the same time).
  const rows = streamLedgerText(db, options.pageSize ?? 10_000);
  read: for await (const batch of rows) {
    for (const r of batch) {
      v.push({
        seq: Number(r.seq),
        kind: r.kind,
        correctsSeq: r.corrects_seq === null ? null : Number(r.corrects_seq),
        recordedAt: r.recorded_at,
        payload: JSON.parse(r.payload) as Record<string, CanonicalValue>,
        prevHash: r.prev_hash,
        hash: r.hash,
      });
      // The first problem stands: the rest of the chain is not read.
      if (v.problem) break read;
    }
  }
  const problem = v.finish();
  return { ok: problem === null, entries: v.entries, head: v.head, publishedHeads: heads.length, problem };
}

/** Publish today's head (Hanoi's calendar day), once a day: the scheduled job and the CLI. */
export async function publishLedgerHead(trx: Db, now: Date) {
  await lockForTransaction(trx, LOCK_KEYS.ledger);
  const last = await lastLedgerEntry(trx);
  const row = await insertHead(trx, { published_on: isoDateInHanoi(now), seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, published_at: now });
  return row ? { publishedOn: row.published_on, seq: Number(row.seq), hash: row.hash, created: true } : { publishedOn: isoDateInHanoi(now), created: false, seq: null, hash: null };
}
