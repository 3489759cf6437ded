import { StringDecoder } from 'node:string_decoder';
import { sql } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import type { StoredLedgerEntry } from '#src/core/support/ledger.ts';
import { poolOf } from '#src/db/database.ts';
import type { Db } from '#src/server/context.ts';
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

export const LEDGER_TEXT_COLUMNS = `seq::text, kind, corrects_seq::text, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), payload::text, prev_hash, hash`;

// COPY's text format: a backslash starts an escape (\\, \t, \n, \r, \b, \f, \v; \N alone is NULL).
const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const unescapeCopy = (field: string): string => (field.includes('\\') ? field.replace(/\\(.)/gsu, (_, c: string) => COPY_ESCAPES[c] ?? c) : field);
const copyNullable = (field: string): string | null => (field === '\\N' ? null : unescapeCopy(field));

/**
 * The whole chain in seq order, streamed by one `COPY (SELECT …) TO STDOUT` on its own
 * connection (one statement, one snapshot, rows as tab-separated text: no per-row query, no
 * per-row driver object), handed over in batches as they arrive. Falls back to keyset pages
 * when the handle has no pool of its own (inside a transaction).
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
  const client = await pool.connect();
  let finished = false;
  try {
    const stream = client.query(copyTo(`copy (select ${LEDGER_TEXT_COLUMNS} from ledger_entry order by ledger_entry.seq) to stdout`));
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let batch: LedgerTextRow[] = [];
    const take = (line: string) => {
      const f = line.split('\t');
      batch.push({
        seq: unescapeCopy(f[0]!),
        kind: unescapeCopy(f[1]!) as LedgerTextRow['kind'],
        corrects_seq: copyNullable(f[2]!),
        recorded_at: unescapeCopy(f[3]!),
        payload: unescapeCopy(f[4]!),
        prev_hash: unescapeCopy(f[5]!),
        hash: unescapeCopy(f[6]!),
      });
    };
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        take(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    rest += decoder.end();
    if (rest) take(rest);
    finished = true;
    if (batch.length) yield batch;
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

/** Newest first, for the public page. */
export async function ledgerNewestFirst(db: Db, beforeSeq: number | null, limit: number): Promise<LedgerEntryRow[]> {
  let q = db.selectFrom('ledger_entry').selectAll().orderBy('seq', 'desc').limit(limit);
  if (beforeSeq !== null) q = q.where('seq', '<', beforeSeq);
  return q.execute();
}

export async function countLedgerEntries(db: Db): Promise<number> {
  const r = await db.selectFrom('ledger_entry').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
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
