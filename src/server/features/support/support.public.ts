/**
 * What anyone may see of the support drive, without signing in: the ledger's entries and
 * totals, and its published heads. Every field is named here (an allow-list): the donor
 * (or "ẩn danh"), kind, quantity, unit, value, date, receiving school — never a
 * beneficiary, never free text.
 */
import type { ContributionKind } from '#src/core/support/contribution.ts';
import type { LedgerHeadsDto, PublicLedgerDto, TotalsDto } from '#src/core/support/dto.ts';
import type { Db } from '#src/server/context.ts';
import { countLedgerEntries, lastLedgerEntry, ledgerNewestFirst, ledgerSums, listHeads } from './ledger.repository.ts';
import { totalsFromSums } from './support.service.ts';

export const ANONYMOUS_DONOR = 'ẩn danh';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export async function publicLedger(db: Db, beforeSeq: number | null, limit: number): Promise<PublicLedgerDto> {
  const rows = await ledgerNewestFirst(db, beforeSeq, limit);
  const last = await lastLedgerEntry(db);
  return {
    total: await countLedgerEntries(db),
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
export async function publicTotals(db: Db): Promise<TotalsDto> {
  return totalsFromSums(await ledgerSums(db));
}

export async function publicHeads(db: Db): Promise<LedgerHeadsDto> {
  const last = await lastLedgerEntry(db);
  return {
    current: last ? { seq: Number(last.seq), hash: last.hash } : null,
    published: (await listHeads(db)).map((h) => ({ publishedOn: h.published_on, seq: Number(h.seq), hash: h.hash, publishedAt: h.published_at.toISOString() })),
  };
}
