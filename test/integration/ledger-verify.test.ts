/**
 * `ledger verify` over a chain long enough to stream in many batches (it is read by one COPY):
 * a changed amount, a deleted row and a reordered row are each found and named; text that COPY
 * escapes (tabs, newlines, backslashes, quotes) and decomposed Vietnamese read back exactly;
 * stopping at the first bad entry leaves the connection pool usable.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { nextEntry, type StoredLedgerEntry } from '#src/core/support/ledger.ts';
import { verifyLedger } from '#src/server/features/support/ledger.service.ts';
import { createTestDatabase } from '../helpers/db.ts';

const { db, url, drop } = await createTestDatabase();
afterAll(drop);

const N = 12_345;
const entries: StoredLedgerEntry[] = [];
for (let seq = 1; seq <= N; seq++) {
  const correction = seq % 50 === 0;
  entries.push(
    nextEntry(entries[seq - 2] ?? null, {
      kind: correction ? 'correction' : 'delivery',
      correctsSeq: correction ? seq - 1 : null,
      recordedAt: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
      payload: {
        deliveryId: `d-${seq}`,
        // Every few entries, text COPY must escape and unescape, and a name typed in decomposed form (NFD).
        donor: seq % 7 === 0 ? null : seq % 5 === 0 ? 'Hội "Cha mẹ học sinh"\tlớp 10A\\B\nTrường Nhân Chính\r' : 'Trường THPT Nhân Chính'.normalize(seq % 3 ? 'NFC' : 'NFD'),
        kind: 'equipment',
        quantity: '4',
        valueVnd: 41_000_000 + seq,
        ...(seq % 11 === 0 ? { note: { lines: ['a', 'b'], count: 2 } } : {}),
        schoolName: 'Trường Phổ thông Dân tộc nội trú Hà Nội',
      },
    }),
  );
}
for (let start = 0; start < N; start += 5_000) {
  const rows = entries.slice(start, start + 5_000);
  await sql`insert into ledger_entry (seq, kind, corrects_seq, recorded_at, payload, prev_hash, hash)
    select * from unnest(${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.correctsSeq)}::bigint[],
                         ${rows.map((r) => r.recordedAt)}::timestamptz[], ${rows.map((r) => JSON.stringify(r.payload))}::jsonb[],
                         ${rows.map((r) => r.prevHash)}::text[], ${rows.map((r) => r.hash)}::text[])`.execute(db);
}

// A copy to put the chain back after each tampering.
await sql`create table ledger_copy as select * from ledger_entry`.execute(db);

/**
 * The verdict of `ledger verify`, checked to be the same whether the chain is hashed on this
 * thread or in worker threads (small blocks: many of them, cut at many places).
 */
async function verified(options: { head?: string } = {}) {
  const here = await verifyLedger(db, { ...options, threads: 0 });
  const threads = await verifyLedger(db, { ...options, threads: 2, blockBytes: 20_000 });
  expect(threads).toEqual(here);
  return here;
}

/** Behind the app's back (the trigger off, the change made, the trigger on again); afterwards the chain is put back. */
async function tampered<T>(change: string[], check: () => Promise<T>): Promise<T> {
  const c = new pg.Client(url);
  await c.connect();
  const inTrigger = async (queries: string[]) => {
    await c.query('begin');
    await c.query('alter table ledger_entry disable trigger user');
    for (const q of queries) await c.query(q);
    await c.query('alter table ledger_entry enable trigger user');
    await c.query('commit');
  };
  try {
    await inTrigger(change);
    return await check();
  } finally {
    // TRUNCATE, not DELETE: one statement instead of a foreign-key check per deleted row.
    try {
      await inTrigger(['truncate ledger_entry cascade', 'insert into ledger_entry select * from ledger_copy']);
    } finally {
      await c.end();
    }
  }
}

describe('ledger verify over a long chain', () => {
  it('accepts the intact chain: every entry read back exactly, escaped and decomposed text included', async () => {
    const r = await verified();
    expect(r).toMatchObject({ ok: true, entries: N, problem: null, head: { seq: N, hash: entries[N - 1]!.hash } });
    expect(await verified({ head: entries[777]!.hash })).toMatchObject({ ok: true, entries: N });
    expect(await verified({ head: 'e'.repeat(64) })).toMatchObject({ ok: false, problem: { problem: 'head-not-found' } });
    // The same answer read in small batches, and inside a transaction (keyset pages).
    expect(await verifyLedger(db, { pageSize: 777 })).toMatchObject({ ok: true, entries: N });
    expect(await db.transaction().execute((trx) => verifyLedger(trx, { pageSize: 4_000 }))).toMatchObject({ ok: true, entries: N });
  });

  it('names an entry whose amount was changed', async () => {
    const r = await tampered([`update ledger_entry set payload = jsonb_set(payload, '{valueVnd}', '1000') where seq = 9876`], () => verified());
    expect(r).toMatchObject({ ok: false, problem: { seq: 9876, problem: 'hash-mismatch' } });
    // Stopping early closed the streaming connection: the pool still answers.
    expect((await verifyLedger(db)).ok).toBe(true);
    expect((await verifyLedger(db, { threads: 2 })).ok).toBe(true);
  });

  it('names an entry that was deleted', async () => {
    const r = await tampered(['delete from ledger_entry where seq = 6001'], () => verified());
    expect(r).toMatchObject({ ok: false, problem: { seq: 6001, problem: 'missing' } });
  });

  it('names entries that were swapped (reordered)', async () => {
    // Entry 4321's content moved to 4322 and back: each keeps its own hashes, but no longer links up.
    const r = await tampered(
      [
        `update ledger_entry set seq = ${N + 1} where seq = 4321`,
        'update ledger_entry set seq = 4321 where seq = 4322',
        `update ledger_entry set seq = 4322 where seq = ${N + 1}`,
      ],
      () => verified(),
    );
    expect(r).toMatchObject({ ok: false, problem: { seq: 4321, problem: 'hash-mismatch' } });
  });

  it('names an entry whose amount no writer could have hashed (a fraction)', async () => {
    const r = await tampered([`update ledger_entry set payload = jsonb_set(payload, '{valueVnd}', '0.5') where seq = 17`], () => verified());
    expect(r).toMatchObject({ ok: false, problem: { seq: 17, problem: 'hash-mismatch' } });
  });
});
