import { StringDecoder } from 'node:string_decoder';
import { sql } from 'kysely';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { StoredLedgerEntry } from '#src/core/support/ledger.ts';
import { poolOf } from '#src/db/database.ts';
import type { Db } from '#src/server/context.ts';
import { LEDGER_TEXT_COLUMNS, rowFromCopyLine, type LedgerTextRow } from './ledger.copy.ts';
import type { LedgerEntryRow } from './support.table.ts';

export async function lastLedgerEntry(db: Db) {
  return db.selectFrom('ledger_entry').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function insertLedgerEntry(db: Db, e: StoredLedgerEntry): Promise<void> {
  await db
    .insertInto('ledger_entry')
    .values({
      seq: e.seq,
      kind: e.kind,
      corrects_seq: e.correctsSeq,
      recorded_at: new Date(e.recordedAt),
      payload: JSON.stringify(e.payload),
      prev_hash: e.prevHash,
      hash: e.hash,
    })
    .execute();
}

/** Entries after `afterSeq`, in order, at most `limit` (keyset pages: a chain of millions is read in steps). */
export async function ledgerPage(db: Db, afterSeq: number, limit: number): Promise<LedgerEntryRow[]> {
  return db.selectFrom('ledger_entry').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/**
 * Entries after `afterSeq` for `ledger verify`, as text: the payload as PostgreSQL writes the
 * jsonb (parsed once by JSON.parse, not by the driver), the time already in the canonical ISO
 * form (no Date per row). Keyset pages over the primary key.
 */
export async function ledgerPageText(db: Db, afterSeq: number, limit: number) {
  const r = await sql<{ seq: string; kind: 'delivery' | 'correction' | 'payment'; corrects_seq: string | null; recorded_at: string; payload: string; prev_hash: string; hash: string }>`
    select seq::text as seq, kind, corrects_seq::text as corrects_seq,
           to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as recorded_at,
           payload::text as payload, prev_hash, hash
      from ledger_entry where ledger_entry.seq > ${afterSeq} order by ledger_entry.seq limit ${limit}`.execute(db);
  return r.rows;
}

export { LEDGER_TEXT_COLUMNS, type LedgerTextRow };

/**
 * The whole chain in seq order as the bytes of one `COPY (SELECT …) TO STDOUT` on its own
 * connection (one statement, one snapshot, rows as tab-separated text: no per-row query, no
 * per-row driver object), chunk by chunk as they arrive.
 */
async function* copyLedgerBytes(pool: Pool): AsyncGenerator<Buffer> {
  const client = await pool.connect();
  let finished = false;
  try {
    const stream = client.query(copyTo(`copy (select ${LEDGER_TEXT_COLUMNS} from ledger_entry order by ledger_entry.seq) to stdout`));
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    finished = true;
  } finally {
    if (!finished) {
      // Stopped early (a bad entry found) or failed, mid-COPY: the socket is closed at once (a polite
      // Terminate would queue behind the rest of the data while the server holds its lock), and the
      // connection is discarded, not reused.
      client.on('error', () => {});
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    }
    client.release(finished ? undefined : true);
  }
}

/**
 * The whole chain in seq order, streamed by one COPY (`copyLedgerBytes`), handed over in batches
 * of rows as they arrive. Falls back to keyset pages when the handle has no pool of its own
 * (inside a transaction).
 */
export async function* streamLedgerText(db: Db, batchSize = 10_000): AsyncGenerator<LedgerTextRow[]> {
  const pool = poolOf(db);
  if (!pool) {
    for (let after = 0; ; ) {
      const page = await ledgerPageText(db, after, batchSize);
      if (page.length) yield page;
      if (page.length < batchSize) return;
      after = Number(page[page.length - 1]!.seq);
    }
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let batch: LedgerTextRow[] = [];
  for await (const chunk of copyLedgerBytes(pool)) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      batch.push(rowFromCopyLine(text.slice(start, nl)));
      start = nl + 1;
    }
    rest = text.slice(start);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  rest += decoder.end();
  if (rest) batch.push(rowFromCopyLine(rest));
  if (batch.length) yield batch;
}

/**
 * The whole chain as blocks of whole COPY lines (UTF-8 bytes, each block at least `minBytes`
 * but the last, each in a buffer of its own that can be handed to another thread). A newline
 * byte never occurs inside a multi-byte UTF-8 character, and COPY escapes the newlines of the
 * data, so a block always ends between two entries. Null when the handle has no pool (inside a
 * transaction: the caller reads `streamLedgerText`).
 */
export function streamLedgerBlocks(db: Db, minBytes = 1 << 20): AsyncGenerator<Uint8Array<ArrayBuffer>> | null {
  const pool = poolOf(db);
  if (!pool) return null;
  return (async function* () {
    let parts: Buffer[] = [];
    let size = 0;
    // Copies the first `upTo` bytes into a buffer of its own (a chunk may share its memory with
    // others); what follows them is always the tail of the last chunk.
    const take = (upTo: number): Uint8Array<ArrayBuffer> => {
      const block = new Uint8Array(upTo);
      let at = 0;
      let rest: Buffer | null = null;
      for (const p of parts) {
        const n = Math.min(p.length, upTo - at);
        block.set(n === p.length ? p : p.subarray(0, n), at);
        at += n;
        if (n < p.length) rest = p.subarray(n);
      }
      parts = rest ? [rest] : [];
      size = rest ? rest.length : 0;
      return block;
    };
    for await (const chunk of copyLedgerBytes(pool)) {
      parts.push(chunk);
      size += chunk.length;
      if (size < minBytes) continue;
      const nl = chunk.lastIndexOf(0x0a);
      if (nl === -1) continue;
      yield take(size - (chunk.length - nl - 1));
    }
    if (size) yield take(size);
  })();
}

/** Newest first, for the public page. */
export async function ledgerNewestFirst(db: Db, beforeSeq: number | null, limit: number): Promise<LedgerEntryRow[]> {
  let q = db.selectFrom('ledger_entry').selectAll().orderBy('seq', 'desc').limit(limit);
  if (beforeSeq !== null) q = q.where('seq', '<', beforeSeq);
  return q.execute();
}

/** The latest ledger entry of a delivery (its delivery entry or its last correction). */
export async function latestEntryOfDelivery(db: Db, deliveryId: string) {
  return db
    .selectFrom('ledger_entry')
    .select(['seq', 'hash'])
    .where(sql`payload ->> 'deliveryId'`, '=', deliveryId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * What counts today, per delivery: the payload of its latest entry (a correction replaces
 * what it corrects), summed by school, pair, campaign and kind.
 */
export async function ledgerSums(db: Db) {
  const r = await sql<{ school_id: string; school_name: string; pair_id: string | null; campaign_id: string | null; kind: string; value_vnd: number; quantity: string; deliveries: number }>`
    with latest as (
      -- A delivery counts by its latest entry; each sponsorship payment by its own.
      select distinct on (coalesce(payload ->> 'deliveryId', 'payment:' || (payload ->> 'paymentId'))) payload as p
        from ledger_entry
       order by coalesce(payload ->> 'deliveryId', 'payment:' || (payload ->> 'paymentId')), seq desc
    )
    select p ->> 'schoolId' as school_id, p ->> 'schoolName' as school_name, p ->> 'pairId' as pair_id, p ->> 'campaignId' as campaign_id,
           p ->> 'kind' as kind, sum((p ->> 'valueVnd')::bigint)::bigint as value_vnd, sum((p ->> 'quantity')::numeric)::text as quantity,
           count(*)::bigint as deliveries
      from latest
     -- A reversed sponsorship payment (its correction counts 0 of 0 months) is no payment at all.
     where not (p ->> 'paymentId' is not null and (p ->> 'quantity')::numeric = 0)
     group by 1, 2, 3, 4, 5
     order by 2, 5`.execute(db);
  return r.rows;
}

export async function listHeads(db: Db) {
  return db.selectFrom('ledger_head').selectAll().orderBy('published_on', 'desc').execute();
}

export async function insertHead(db: Db, values: { published_on: string; seq: number; hash: string; published_at: Date }) {
  return db.insertInto('ledger_head').values(values).onConflict((oc) => oc.column('published_on').doNothing()).returningAll().executeTakeFirst();
}
