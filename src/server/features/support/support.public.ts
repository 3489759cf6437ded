/**
 * What anyone may see of the support drive, without signing in: the ledger's entries and
 * totals, and its published heads. Every field is named here (an allow-list): the donor
 * (or "ẩn danh"), kind, quantity, unit, value, date, receiving school — never a
 * beneficiary, never free text.
 */
import type { ContributionKind } from '#src/core/support/contribution.ts';
import type { LedgerHeadsDto, PublicLedgerDto, TotalsDto } from '#src/core/support/dto.ts';
import type { Db } from '#src/server/context.ts';
import { lastLedgerEntry, ledgerNewestFirst, ledgerSums, listHeads } from './ledger.repository.ts';
import { totalsFromSums } from './support.service.ts';

export const ANONYMOUS_DONOR = 'ẩn danh';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export async function publicLedger(db: Db, beforeSeq: number | null, limit: number): Promise<PublicLedgerDto> {
  const [rows, last] = await Promise.all([ledgerNewestFirst(db, beforeSeq, limit), lastLedgerEntry(db)]);
  return {
    // The chain is append-only (a trigger refuses updates and deletes) and numbered 1, 2, 3, …
    // without gaps (each entry's seq is its predecessor's + 1, checked by `ledger verify`): its
    // length is its last seq, read by one index probe instead of counting a million rows.
    total: last ? Number(last.seq) : 0,
    head: last ? { seq: Number(last.seq), hash: last.hash } : null,
    items: rows.map((r) => {
      const p = r.payload;
      return {
        seq: Number(r.seq),
        kind: r.kind,
        correctsSeq: r.corrects_seq === null ? null : Number(r.corrects_seq),
        recordedAt: r.recorded_at.toISOString(),
        donor: typeof p.donor === 'string' ? p.donor : ANONYMOUS_DONOR,
        contributionKind: str(p.kind) as ContributionKind,
        quantity: str(p.quantity),
        unit: str(p.unit),
        valueVnd: Number(p.valueVnd ?? 0),
        deliveredOn: str(p.deliveredOn),
        schoolName: str(p.schoolName),
        minutesNumber: str(p.minutesNumber),
        hash: r.hash,
        prevHash: r.prev_hash,
      };
    }),
  };
}

/** Totals from the ledger itself (the latest entry of each delivery counts). */
/**
 * The totals are a function of the entries, and entries are only ever appended: the sums
 * computed after seeing the last entry's hash H hold for every later reader who sees H too.
 * So each node keeps the last sums with the hash they were computed at, and sums afresh (every
 * entry: a second or more with a million) only when a new entry has been appended since.
 */
const totalsCache = new WeakMap<object, { hash: string; value: Promise<TotalsDto> }>();

export async function publicTotals(db: Db): Promise<TotalsDto> {
  const hash = (await lastLedgerEntry(db))?.hash ?? '';
  const kept = totalsCache.get(db);
  if (kept && kept.hash === hash) return kept.value;
  // Summed after `hash` was read: the sums hold at least the entries up to it (a later entry
  // counted too changes the last hash, so the next reader sums afresh).
  const value = ledgerSums(db).then(totalsFromSums);
  totalsCache.set(db, { hash, value });
  value.catch(() => totalsCache.delete(db));
  return value;
}

export async function publicHeads(db: Db): Promise<LedgerHeadsDto> {
  const last = await lastLedgerEntry(db);
  return {
    current: last ? { seq: Number(last.seq), hash: last.hash } : null,
    published: (await listHeads(db)).map((h) => ({ publishedOn: h.published_on, seq: Number(h.seq), hash: h.hash, publishedAt: h.published_at.toISOString() })),
  };
}
