/**
 * The public ledger (công khai): append, verify, publish the head. See docs/support.md for
 * the canonical serialisation and src/core/support/ledger.ts for the chain.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ChainVerifier, GENESIS_HASH, nextEntry, type CanonicalValue, type ChainProblem, type LedgerEntryKind, type SegmentResult, type StoredLedgerEntry } from '#src/core/support/ledger.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { LOCK_KEYS, lockForTransaction } from '#src/db/lock-keys.ts';
import type { Db } from '#src/server/context.ts';
import { siblingWorker } from '#src/server/jobs/threads.ts';
import { entryFromText } from './ledger.copy.ts';
import { insertHead, insertLedgerEntry, lastLedgerEntry, listHeads, streamLedgerBlocks, streamLedgerText } from './ledger.repository.ts';
import type { VerifyAnswer, VerifyBlock } from './ledger-verify.worker.ts';
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

/** From how many entries `ledger verify` hashes in worker threads (below, starting them costs more than it saves). */
export const THREADS_FROM_ENTRIES = 100_000;

/** Worker threads by default: one per core, at most 4 (the main thread only reads and joins). */
export function defaultVerifyThreads(entries: number): number {
  return entries >= THREADS_FROM_ENTRIES ? Math.min(4, availableParallelism()) : 0;
}

/**
 * Check the whole chain: every entry's hash, every link, no gap, every published head still
 * in place, and (when given) a head someone kept. Streams the chain (batches of `pageSize`).
 * A long chain is hashed in `threads` worker threads (default `defaultVerifyThreads`): each
 * entry's hash depends only on its own stored fields, so blocks of entries are checked in
 * parallel, links inside each block included, and joined in order on this thread (the link
 * between blocks, the first problem). The verdict is the same either way (tested).
 */
export async function verifyLedger(db: Db, options: { head?: string | null; pageSize?: number; threads?: number; blockBytes?: number } = {}): Promise<VerifyResult> {
  const heads = (await listHeads(db)).filter((h) => h.seq > 0).map((h) => ({ seq: Number(h.seq), hash: h.hash, publishedOn: h.published_on }));
  const v = new ChainVerifier(heads, options.head ?? null);
  const threads = options.threads ?? defaultVerifyThreads(Number((await lastLedgerEntry(db))?.seq ?? 0));
  const blocks = threads > 0 ? streamLedgerBlocks(db, options.blockBytes) : null;
  if (blocks) {
    await verifyInThreads(v, blocks, threads);
  } else {
    // One COPY streams the chain while it is hashed (the database and Node work at the same time).
    read: for await (const batch of streamLedgerText(db, options.pageSize ?? 10_000)) {
      for (const r of batch) {
        v.push(entryFromText(r));
        // The first problem stands: the rest of the chain is not read.
        if (v.problem) break read;
      }
    }
  }
  const problem = v.finish();
  return { ok: problem === null, entries: v.entries, head: v.head, publishedHeads: heads.length, problem };
}

/** Starts the verify worker: from the sources (tsx) through the jobs' TypeScript loader, or the compiled file. */
function startVerifyWorker(): Worker {
  const entry = siblingWorker(import.meta.url, 'ledger-verify.worker');
  // Every entry makes short-lived garbage (its fields, its parsed payload, its canonical text): a
  // larger young generation lets most of it die without being copied (the profile showed a third
  // of the time in the collector).
  const options = { resourceLimits: { maxYoungGenerationSizeMb: 64 } };
  if (entry.pathname.endsWith('.ts')) return new Worker(new URL('../../jobs/ts-worker.mjs', import.meta.url), { ...options, workerData: { __entry: entry.href } });
  return new Worker(entry, options);
}

/**
 * Hands the blocks to the threads in turn (at most two waiting per thread: the COPY is read no
 * faster than they hash) and joins their answers in block order; stops reading at the first
 * problem. The threads are ended whatever happens.
 */
async function verifyInThreads(v: ChainVerifier, blocks: AsyncGenerator<Uint8Array<ArrayBuffer>>, threads: number): Promise<void> {
  const { heads, givenHead } = v.segmentOptions;
  const workers = Array.from({ length: threads }, startVerifyWorker);
  const answers = new Map<number, SegmentResult | null>();
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const woken = () => new Promise<void>((resolve) => (wake = resolve));
  for (const w of workers) {
    w.on('message', (a: VerifyAnswer) => {
      if ('error' in a) failure ??= new Error(`ledger verify thread: ${a.error}`);
      else answers.set(a.id, a.result);
      wake?.();
    });
    w.on('error', (err) => {
      failure ??= err;
      wake?.();
    });
  }
  let sent = 0;
  let joined = 0;
  // Join every answer that arrived in order; true once a problem stands.
  const join = (): boolean => {
    if (failure) throw failure;
    while (answers.has(joined)) {
      const r = answers.get(joined)!;
      answers.delete(joined++);
      if (r) v.pushSegment(r);
      if (v.problem) return true;
    }
    return false;
  };
  try {
    for await (const bytes of blocks) {
      workers[sent % threads]!.postMessage({ id: sent++, bytes, heads, givenHead } satisfies VerifyBlock, [bytes.buffer]);
      while (sent - joined >= 2 * threads) {
        if (join()) return;
        if (sent - joined >= 2 * threads) await woken();
      }
      if (join()) return;
    }
    while (joined < sent) {
      if (join()) return;
      if (joined < sent) await woken();
    }
  } finally {
    // Ends the COPY too when stopped early (its generator is closed by the loop's exit).
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Publish today's head (Hanoi's calendar day), once a day: the scheduled job and the CLI. */
export async function publishLedgerHead(trx: Db, now: Date) {
  await lockForTransaction(trx, LOCK_KEYS.ledger);
  const last = await lastLedgerEntry(trx);
  const row = await insertHead(trx, { published_on: isoDateInHanoi(now), seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, published_at: now });
  return row ? { publishedOn: row.published_on, seq: Number(row.seq), hash: row.hash, created: true } : { publishedOn: isoDateInHanoi(now), created: false, seq: null, hash: null };
}
