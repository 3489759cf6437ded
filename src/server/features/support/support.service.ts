/**
 * Contributions: pledges, deliveries with hand-over minutes, acknowledgement, corrections,
 * totals and the public ledger's side of each. Every guard asks the one policy
 * (`support.*` actions); every change is one transaction with one audit row, and every
 * delivery and correction one ledger entry.
 */
import { authorize } from '#src/core/access/guard.ts';
import { can, scopeFor, type Principal, type Resource } from '#src/core/access/policy.ts';
import { ConflictError, DomainError, ValidationError } from '#src/core/errors.ts';
import { schoolSymbol } from '#src/core/mou/version.ts';
import {
  KIND_VI,
  addToTotals,
  cancelSchema,
  correctionSchema,
  emptyTotals,
  mayCancel,
  money,
  newDeliverySchema,
  newPledgeSchema,
  pledgeState,
  quantityText,
  type ContributionKind,
  type ContributionState,
  type Correction,
  type NewDelivery,
  type NewPledge,
  type TotalsLine,
} from '#src/core/support/contribution.ts';
import type { DeliveryDto, PledgeDto, TotalsDto } from '#src/core/support/dto.ts';
import type { CanonicalValue } from '#src/core/support/ledger.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { schoolFactOn } from '#src/server/access/facts.repository.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { appendLedgerEntry } from './ledger.service.ts';
import { paymentSums } from './sponsorships.repository.ts';
import { latestEntryOfDelivery } from './ledger.repository.ts';
import {
  campaignOf,
  deliverySums,
  findContribution,
  findDelivery,
  insertContribution,
  insertDelivery,
  listContributionRows,
  listDeliveryRows,
  markDeliveryAcknowledged,
  pairCampaignId,
  pairSchoolIds,
  schoolNames,
  setContributionState,
  takeMinutesNumber,
  updateDeliveryAmounts,
  type ContributionFilter,
  type ContributionJoined,
} from './support.repository.ts';
import type { DeliveryRow } from './support.table.ts';

export class ContributionNotFoundError extends DomainError {
  constructor() {
    super('CONTRIBUTION_NOT_FOUND', 404);
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; params?: unknown; code?: string }[] } } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ValidationError(issue.path.map(String).join('.') || 'body', (issue.params as { key?: string } | undefined)?.key ?? 'invalid');
  }
  return r.data;
}

const deliveryFromRow = (d: DeliveryRow): DeliveryDto => ({
  id: d.id,
  deliveredOn: d.delivered_on,
  description: d.description,
  quantity: Number(d.quantity),
  valueVnd: Number(d.value_vnd),
  handedOverBy: d.handed_over_by,
  receivedBy: d.received_by,
  place: d.place,
  minutesNumber: d.minutes_number,
  acknowledgedAt: d.acknowledged_at ? d.acknowledged_at.toISOString() : null,
});

async function factsOf(db: Db, c: { school_id: string; donor_school_id: string | null }, today: string): Promise<Resource> {
  return { school: await schoolFactOn(db, c.school_id, today), contribution: { schoolId: c.school_id, donorSchoolId: c.donor_school_id } };
}

/** The schools (receiving and giving) and the pair an audit row about a contribution concerns. */
const concernsOf = (c: { school_id: string; donor_school_id: string | null; pair_id: string | null }) => ({
  schoolIds: c.donor_school_id ? [c.school_id, c.donor_school_id] : [c.school_id],
  pairId: c.pair_id,
});

function pledgeFromRow(c: ContributionJoined, deliveries: DeliveryRow[], actor: Principal | null, facts: Resource | null): PledgeDto {
  const ds = deliveries.map(deliveryFromRow);
  const allow = (a: Parameters<typeof can>[1]) => (facts ? can(actor, a, facts) : false);
  return {
    id: c.id,
    donorKind: c.donor_kind,
    donorName: c.donor_name,
    donorSchoolId: c.donor_school_id,
    anonymous: c.anonymous,
    kind: c.kind,
    description: c.description,
    quantity: Number(c.quantity),
    unit: c.unit,
    valueVnd: Number(c.value_vnd),
    schoolId: c.school_id,
    schoolName: c.school_name,
    pairId: c.pair_id,
    campaignId: c.campaign_id,
    expectedOn: c.expected_on,
    state: c.state,
    cancelReason: c.cancel_reason,
    createdAt: c.created_at.toISOString(),
    deliveredVnd: ds.reduce((s, d) => s + d.valueVnd, 0),
    deliveredQuantity: ds.reduce((s, d) => s + d.quantity, 0),
    deliveries: ds,
    actions: {
      deliver: c.state !== 'cancelled' && allow('support.deliver'),
      correct: ds.length > 0 && allow('support.correct'),
      cancel: mayCancel(c.state, ds.length) && allow('support.cancel'),
      acknowledge: ds.some((d) => !d.acknowledgedAt) && allow('support.acknowledge'),
    },
  };
}

async function loadFor(db: Db, ctx: CallContext, id: string, action: 'support.read' | 'support.deliver' | 'support.correct' | 'support.cancel' | 'support.acknowledge', now: Date, lock = false) {
  const c = await findContribution(db, id, lock);
  if (!c) throw new ContributionNotFoundError();
  const facts = await factsOf(db, c, isoDateInHanoi(now));
  // Someone who may not even read it learns nothing of its existence.
  authorize(ctx.actor, 'support.read', facts, { onWho: () => new ContributionNotFoundError() });
  if (action !== 'support.read') authorize(ctx.actor, action, facts);
  return { c, facts };
}

export async function createPledge(trx: Db, ctx: CallContext, input: NewPledge, now: Date): Promise<PledgeDto> {
  const p = parse(newPledgeSchema, input);
  const today = isoDateInHanoi(now);
  const names = await schoolNames(trx, [p.schoolId, ...(p.donorSchoolId ? [p.donorSchoolId] : [])]);
  if (!names.some((s) => s.id === p.schoolId)) throw new ValidationError('schoolId', 'unknown_school');
  if (p.donorSchoolId && !names.some((s) => s.id === p.donorSchoolId)) throw new ValidationError('donorSchoolId', 'unknown_school');
  const donorSchoolId = p.donorKind === 'school' ? (p.donorSchoolId ?? null) : null;
  authorize(ctx.actor, 'support.pledge', await factsOf(trx, { school_id: p.schoolId, donor_school_id: donorSchoolId }, today));
  let campaignId = p.campaignId ?? null;
  if (p.pairId) {
    const members = await pairSchoolIds(trx, p.pairId);
    if (!members || !members.includes(p.schoolId)) throw new ValidationError('pairId', 'school_not_in_pair');
    campaignId = campaignId ?? (await pairCampaignId(trx, p.pairId));
  }
  if (campaignId && !(await campaignOf(trx, campaignId))) throw new ValidationError('campaignId', 'invalid');
  const donorName = p.donorKind === 'school' ? names.find((s) => s.id === donorSchoolId)!.name : p.donorName;
  const row = await insertContribution(trx, {
    donor_kind: p.donorKind,
    donor_name: donorName,
    donor_school_id: donorSchoolId,
    anonymous: p.anonymous,
    kind: p.kind,
    description: p.description,
    quantity: quantityText(p.quantity),
    unit: p.unit,
    value_vnd: p.valueVnd,
    school_id: p.schoolId,
    pair_id: p.pairId ?? null,
    campaign_id: campaignId,
    expected_on: p.expectedOn ?? null,
    created_by_user_id: ctx.actor && ctx.actor.role !== 'system' ? ctx.actor.userId : null,
    created_at: now,
    updated_at: now,
  });
  const c = (await findContribution(trx, row.id))!;
  const dto = pledgeFromRow(c, [], ctx.actor, await factsOf(trx, c, today));
  await recordAudit(trx, ctx, { action: 'support.pledge', entity: 'contribution', entityId: row.id, ...concernsOf(c), after: { ...dto, actions: undefined } });
  return dto;
}

export async function getPledge(db: Db, ctx: CallContext, id: string, now: Date): Promise<PledgeDto> {
  const { c, facts } = await loadFor(db, ctx, id, 'support.read', now);
  return pledgeFromRow(c, await listDeliveryRows(db, [id]), ctx.actor, facts);
}

export interface PledgeListQuery extends ContributionFilter {
  page: number;
  pageSize: number;
}

export async function listPledges(db: Db, ctx: CallContext, q: PledgeListQuery, now: Date) {
  authorize(ctx.actor, 'support.list');
  const scope = scopeFor(ctx.actor, 'support.read');
  if (!scope) return { items: [], total: 0 };
  const today = isoDateInHanoi(now);
  const rows = await listContributionRows(db, scope, today, q, q.pageSize, (q.page - 1) * q.pageSize);
  const deliveries = await listDeliveryRows(db, rows.map((r) => r.id));
  const items: PledgeDto[] = [];
  for (const r of rows) items.push(pledgeFromRow(r, deliveries.filter((d) => d.contribution_id === r.id), ctx.actor, await factsOf(db, r, today)));
  return { items, total: Number(rows[0]?.total ?? 0) };
}

/** The public fields of a delivery as the ledger records them (an explicit allow-list: never a beneficiary, never free text). */
function ledgerPayload(c: ContributionJoined, d: { id: string; delivered_on: string; quantity: string | number; value_vnd: number; minutes_number: string }): Record<string, CanonicalValue> {
  return {
    deliveryId: d.id,
    contributionId: c.id,
    donor: c.anonymous ? null : c.donor_name,
    donorKind: c.donor_kind,
    kind: c.kind,
    quantity: quantityText(Number(d.quantity)),
    unit: c.unit,
    valueVnd: Number(d.value_vnd),
    deliveredOn: d.delivered_on,
    schoolId: c.school_id,
    schoolName: c.school_name,
    pairId: c.pair_id,
    campaignId: c.campaign_id,
    minutesNumber: d.minutes_number,
  };
}

async function refreshState(trx: Db, c: ContributionJoined, now: Date): Promise<ContributionState> {
  const ds = await listDeliveryRows(trx, [c.id]);
  const state = pledgeState(
    { kind: c.kind, quantity: Number(c.quantity), valueVnd: Number(c.value_vnd), cancelled: c.state === 'cancelled' },
    ds.map((d) => ({ quantity: Number(d.quantity), valueVnd: Number(d.value_vnd), acknowledged: d.acknowledged_at !== null })),
  );
  if (state !== c.state) await setContributionState(trx, c.id, state, now);
  return state;
}

export async function addDelivery(trx: Db, ctx: CallContext, contributionId: string, input: NewDelivery, now: Date): Promise<PledgeDto> {
  const d = parse(newDeliverySchema, input);
  const { c } = await loadFor(trx, ctx, contributionId, 'support.deliver', now, true);
  if (c.state === 'cancelled') throw new ConflictError('CONTRIBUTION_CANCELLED');
  if (d.deliveredOn > isoDateInHanoi(now)) throw new ValidationError('deliveredOn', 'date_in_future');
  // The minutes are numbered in the giving school's register, else in the receiving school's.
  const issuer = c.donor_school_id ?? c.school_id;
  const issuerNames = await schoolNames(trx, [issuer]);
  const year = Number(d.deliveredOn.slice(0, 4));
  const seq = await takeMinutesNumber(trx, issuer, year);
  const number = `${String(seq).padStart(2, '0')}/BB-${schoolSymbol(issuerNames[0]!.short_name ?? issuerNames[0]!.name)}`;
  const row = await insertDelivery(trx, {
    contribution_id: c.id,
    delivered_on: d.deliveredOn,
    description: d.description,
    quantity: quantityText(d.quantity),
    value_vnd: d.valueVnd,
    handed_over_by: d.handedOverBy,
    received_by: d.receivedBy,
    place: d.place,
    issuer_school_id: issuer,
    minutes_year: year,
    minutes_seq: seq,
    minutes_number: number,
    created_by_user_id: ctx.actor && ctx.actor.role !== 'system' ? ctx.actor.userId : null,
    created_at: now,
  });
  const entry = await appendLedgerEntry(trx, { kind: 'delivery', correctsSeq: null, payload: ledgerPayload(c, row) }, now);
  await refreshState(trx, c, now);
  await recordAudit(trx, ctx, { action: 'support.deliver', entity: 'contribution_delivery', entityId: row.id, ...concernsOf(c), after: { ...deliveryFromRow(row), contributionId: c.id, ledgerSeq: entry.seq } });
  return getPledge(trx, ctx, c.id, now);
}

async function loadDelivery(db: Db, ctx: CallContext, deliveryId: string, action: 'support.read' | 'support.correct' | 'support.acknowledge', now: Date, lock = false) {
  const d = await findDelivery(db, deliveryId, lock);
  if (!d) throw new ContributionNotFoundError();
  const { c, facts } = await loadFor(db, ctx, d.contribution_id, action, now, lock);
  return { d, c, facts };
}

export async function correctDelivery(trx: Db, ctx: CallContext, deliveryId: string, input: Correction, now: Date): Promise<PledgeDto> {
  const x = parse(correctionSchema, input);
  const { d, c } = await loadDelivery(trx, ctx, deliveryId, 'support.correct', now, true);
  const before = deliveryFromRow(d);
  if (before.valueVnd === x.valueVnd && before.quantity === x.quantity) throw new ValidationError('valueVnd', 'correction_no_change');
  await updateDeliveryAmounts(trx, d.id, x.valueVnd, quantityText(x.quantity));
  const previous = await latestEntryOfDelivery(trx, d.id);
  const entry = await appendLedgerEntry(
    trx,
    { kind: 'correction', correctsSeq: previous ? Number(previous.seq) : null, payload: ledgerPayload(c, { ...d, value_vnd: x.valueVnd, quantity: x.quantity }) },
    now,
  );
  await refreshState(trx, c, now);
  await recordAudit(trx, ctx, {
    action: 'support.correct',
    entity: 'contribution_delivery',
    entityId: d.id,
    ...concernsOf(c),
    before,
    after: { ...before, valueVnd: x.valueVnd, quantity: x.quantity, reason: x.reason, ledgerSeq: entry.seq, corrects: previous?.seq ?? null },
  });
  return getPledge(trx, ctx, c.id, now);
}

export async function acknowledgeDelivery(trx: Db, ctx: CallContext, deliveryId: string, now: Date): Promise<PledgeDto> {
  const { d, c } = await loadDelivery(trx, ctx, deliveryId, 'support.acknowledge', now, true);
  if (d.acknowledged_at) throw new ConflictError('DELIVERY_ALREADY_ACKNOWLEDGED');
  await markDeliveryAcknowledged(trx, d.id, ctx.actor && ctx.actor.role !== 'system' ? ctx.actor.userId : null, now);
  await refreshState(trx, c, now);
  await recordAudit(trx, ctx, { action: 'support.acknowledge', entity: 'contribution_delivery', entityId: d.id, ...concernsOf(c), after: { acknowledgedAt: now.toISOString() } });
  return getPledge(trx, ctx, c.id, now);
}

export async function cancelPledge(trx: Db, ctx: CallContext, id: string, input: { reason: string }, now: Date): Promise<PledgeDto> {
  const { reason } = parse(cancelSchema, input);
  const { c } = await loadFor(trx, ctx, id, 'support.cancel', now, true);
  const ds = await listDeliveryRows(trx, [id]);
  if (!mayCancel(c.state, ds.length)) throw new ConflictError('CONTRIBUTION_NOT_CANCELLABLE');
  await setContributionState(trx, id, 'cancelled', now, reason);
  await recordAudit(trx, ctx, { action: 'support.cancel', entity: 'contribution', entityId: id, ...concernsOf(c), before: { state: c.state }, after: { state: 'cancelled', reason } });
  return getPledge(trx, ctx, id, now);
}

// ---------------------------------------------------------------------------
// Totals

export interface SumRow {
  school_id: string;
  school_name: string;
  pair_id: string | null;
  campaign_id: string | null;
  kind: string;
  value_vnd: number | string;
  quantity: string;
  deliveries: number | string;
}

/** Totals from sum rows (of the deliveries, or of the ledger: the two must agree). */
export function totalsFromSums(rows: readonly SumRow[]): TotalsDto {
  const overall = { v: emptyTotals() };
  const bySchool = new Map<string, TotalsLine & { schoolId: string; schoolName: string }>();
  const byPair = new Map<string, TotalsLine & { pairId: string }>();
  const byCampaign = new Map<string, TotalsLine & { campaignId: string }>();
  const byKind = new Map<ContributionKind, { kind: ContributionKind; valueVnd: number; quantity: number; deliveries: number }>();
  for (const r of rows) {
    const kind = r.kind as ContributionKind;
    const value = Number(r.value_vnd);
    const qty = Number(r.quantity);
    const n = Number(r.deliveries);
    const add = (t: TotalsLine): TotalsLine => {
      const out = addToTotals(t, kind, value, qty);
      return { ...out, deliveries: t.deliveries + n };
    };
    overall.v = add(overall.v);
    const s = bySchool.get(r.school_id) ?? { ...emptyTotals(), schoolId: r.school_id, schoolName: r.school_name };
    bySchool.set(r.school_id, { ...s, ...add(s) });
    if (r.pair_id) {
      const p = byPair.get(r.pair_id) ?? { ...emptyTotals(), pairId: r.pair_id };
      byPair.set(r.pair_id, { ...p, ...add(p) });
    }
    if (r.campaign_id) {
      const p = byCampaign.get(r.campaign_id) ?? { ...emptyTotals(), campaignId: r.campaign_id };
      byCampaign.set(r.campaign_id, { ...p, ...add(p) });
    }
    const k = byKind.get(kind) ?? { kind, valueVnd: 0, quantity: 0, deliveries: 0 };
    byKind.set(kind, { kind, valueVnd: k.valueVnd + value, quantity: Math.round((k.quantity + qty) * 100) / 100, deliveries: k.deliveries + n });
  }
  return { overall: overall.v, bySchool: [...bySchool.values()], byPair: [...byPair.values()], byCampaign: [...byCampaign.values()], byKind: [...byKind.values()] };
}

/** Totals of the deliveries the caller may see. */
export async function staffTotals(db: Db, ctx: CallContext, now: Date): Promise<TotalsDto> {
  authorize(ctx.actor, 'support.list');
  const scope = scopeFor(ctx.actor, 'support.read');
  if (!scope) return totalsFromSums([]);
  const today = isoDateInHanoi(now);
  // sponsorships: each payment counts as cash received by the student's school.
  return totalsFromSums([...(await deliverySums(db, scope, today)), ...(await paymentSums(db, scope, today))]);
}

export { KIND_VI, money };
