/**
 * Yearly plans of a pair (Kế hoạch năm học): drafted by either member school (its leader or
 * coordinator), submitted, approved by every member school's leader (who confirms the
 * SHA-256 of the text read, as an MoU signature does), numbered in the first party's register
 * ("01/KH-THCP"); a change after approval is a new version, compared with any other by the
 * difference shared with the MoU. Who may do what is the one policy's `plan.*` rows; every
 * change is one transaction with one audit row naming the pair's schools.
 */
import { z } from 'zod';
import { authorize } from '#src/core/access/guard.ts';
import { can, type Resource } from '#src/core/access/policy.ts';
import { schoolYearOf } from '#src/core/activities/activity.ts';
import { ValidationError } from '#src/core/errors.ts';
import { mouPartySchema, type MouParty } from '#src/core/mou/version.ts';
import type { PlanAction, PlanContextDto, PlanDiffDto, PlanDto, PlanListDto, PlanVersionSummaryDto } from '#src/core/plans/dto.ts';
import { diffPlan, itemDone, planContentProblem, planContentSchema, type PlanContent } from '#src/core/plans/plan.ts';
import { hashPlanContent } from '#src/core/plans/hash.ts';
import { multiLineText } from '#src/core/text-schema.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { activitiesOfPlan, listKindRows } from '#src/server/features/activities/activities.repository.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import type { CampaignRow } from '#src/server/features/campaigns/campaign.table.ts';
import { placeOf, resolveParties } from '#src/server/features/pairs/mou-draft.service.ts';
import { calendarDate, campaignRefOf, CONTENT_TYPES, issueNumber, mouReferenceOf, signatoryName, type RenderedDocument } from '#src/server/features/pairs/mou.service.ts';
import { loadPairFor, ownSchoolOf, userIdOf, type LoadedPair } from '#src/server/features/pairs/pairs.service.ts';
import { PairNotFoundError } from '#src/server/features/pairs/pairs.errors.ts';
import { documentSymbol } from '#src/core/mou/version.ts';
import { renderPlanDocx, renderPlanPdf, type PlanDocumentInput } from '#src/documents/plan.ts';
import { numberOf } from '#src/server/features/pairs/mou.service.ts';
// notify
import { onPlanApproved, onPlanSubmitted, onPlanWithdrawn } from '#src/server/features/notifications/plan-events.ts';
import { PlanConflictError, PlanNotFoundError } from './plans.errors.ts';
import {
  approvedVersion,
  deleteApprovals,
  ensurePlan,
  findPlan,
  findVersion,
  insertApproval,
  insertVersion,
  latestVersion,
  listApprovals,
  listPlansOfPair,
  listVersions,
  updateVersion,
} from './plans.repository.ts';
import type { PairPlanRow, PlanApprovalRow, PlanVersionRow } from './plan.table.ts';

// ---------------------------------------------------------------------------
// Loading

/** The pair, if the caller may read its plans (else "not found": its existence does not leak). */
async function loadFor(db: Db, ctx: CallContext, pairId: string, now: Date, lock = false): Promise<LoadedPair> {
  const loaded = await loadPairFor(db, ctx, pairId, isoDateInHanoi(now), lock);
  authorize(ctx.actor, 'plan.read', loaded.facts, { onWho: () => new PairNotFoundError() });
  return loaded;
}

async function campaignOf(db: Db, id: string): Promise<CampaignRow> {
  const c = await findCampaignRow(db, id);
  if (!c) throw new PairNotFoundError();
  return c;
}

const partiesOf = (row: PlanVersionRow): MouParty[] => z.array(mouPartySchema).parse(row.parties);
const contentOf = (row: PlanVersionRow): PlanContent => row.content as PlanContent;

async function contextOf(db: Db, ctx: CallContext, loaded: LoadedPair, now: Date): Promise<PlanContextDto> {
  const campaign = await campaignOf(db, loaded.pair.campaign_id);
  const [kinds, mou] = await Promise.all([listKindRows(db, loaded.pair.campaign_id), mouReferenceOf(db, loaded.pair.id, campaign)]);
  const today = isoDateInHanoi(now);
  const { parties } = await resolveParties(db, loaded.members, today);
  return {
    members: loaded.members.map((m) => ({ schoolId: m.school_id, name: m.name })),
    kinds: kinds.map((k) => ({ code: k.code, nameVi: k.name_vi, nameEn: k.name_en })),
    mouObjectives: mou?.objectives ?? [],
    mouNumber: mou?.number ?? null,
    defaultPlace: placeOf(parties[0]?.unitLine ?? ''),
    currentSchoolYear: schoolYearOf(today),
    canEdit: can(ctx.actor, 'plan.edit', loaded.facts),
  };
}

const summaryOf = (row: PlanVersionRow, approvals: PlanApprovalRow[]): PlanVersionSummaryDto => ({
  version: row.version,
  status: row.status,
  sha256: row.content_sha256,
  number: row.number,
  approvedOn: row.approved_on,
  changeNote: row.change_note,
  createdAt: row.created_at.toISOString(),
  submittedAt: row.submitted_at?.toISOString() ?? null,
  approvals: approvals
    .filter((a) => a.plan_version_id === row.id)
    .map((a) => ({ schoolId: a.school_id, signatoryName: a.signatory_name, approvedAt: a.approved_at.toISOString(), sha256: a.content_sha256 })),
});

/** What the caller may do with a version now (the page's buttons, by the same `can()` the changes use). */
function actionsFor(ctx: CallContext, facts: Resource, row: PlanVersionRow, latest: boolean, approvals: PlanApprovalRow[]): PlanAction[] {
  const out: PlanAction[] = [];
  if (!latest) return out;
  if (row.status !== 'superseded' && can(ctx.actor, 'plan.edit', facts)) out.push('edit');
  if (row.status === 'draft' && can(ctx.actor, 'plan.submit', facts)) out.push('submit');
  const own = ctx.actor && ctx.actor.role !== 'system' ? ctx.actor.schoolId : null;
  if (row.status === 'submitted' && can(ctx.actor, 'plan.approve', facts) && !approvals.some((a) => a.plan_version_id === row.id && a.school_id === own)) out.push('approve');
  // plans-e2e
  if (row.status === 'submitted' && can(ctx.actor, 'plan.withdraw', { ...facts, planDraftedBySchoolId: row.drafted_by_school_id })) out.push('withdraw');
  return out;
}

/** The plans of a pair (one per school year) and what a new one starts from. */
export async function listPlans(db: Db, ctx: CallContext, pairId: string, now: Date): Promise<PlanListDto> {
  const loaded = await loadFor(db, ctx, pairId, now);
  const rows = await listPlansOfPair(db, pairId);
  return {
    items: rows.map((r) => ({
      schoolYear: r.school_year,
      latestVersion: r.latest_version === null ? null : Number(r.latest_version),
      latestStatus: r.latest_status ?? null,
      approvedVersion: r.approved_version ?? null,
    })),
    context: await contextOf(db, ctx, loaded, now),
  };
}

async function planOrThrow(db: Db, pairId: string, schoolYear: string): Promise<PairPlanRow> {
  const plan = await findPlan(db, pairId, schoolYear);
  if (!plan) throw new PlanNotFoundError();
  return plan;
}

/** "current": the approved version if there is one and nothing newer, else the latest. */
async function pickVersion(db: Db, planId: string, version: number | 'current'): Promise<PlanVersionRow> {
  const row = version === 'current' ? await latestVersion(db, planId) : await findVersion(db, planId, version);
  if (!row) throw new PlanNotFoundError();
  return row;
}

async function planDto(db: Db, ctx: CallContext, loaded: LoadedPair, plan: PairPlanRow, row: PlanVersionRow, now: Date): Promise<PlanDto> {
  const versions = await listVersions(db, plan.id);
  const approvals = await listApprovals(db, versions.map((v) => v.id));
  const linked = await activitiesOfPlan(db, plan.id);
  const content = contentOf(row);
  const latest = versions[0]?.version === row.version;
  return {
    ...summaryOf(row, approvals),
    pairId: loaded.pair.id,
    schoolYear: plan.school_year,
    content,
    parties: partiesOf(row).map((p) => ({ schoolId: p.schoolId, name: p.name, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle })),
    versions: versions.map((v) => summaryOf(v, approvals)),
    progress: content.items.map((it) => {
      const acts = linked.filter((a) => a.plan_item_key === it.key);
      return {
        key: it.key,
        done: itemDone(acts.map((a) => a.status)),
        activities: acts.map((a) => ({ id: a.id, title: a.title, status: a.status, startsOn: a.starts_on })),
      };
    }),
    actions: actionsFor(ctx, loaded.facts, row, latest, approvals),
    context: await contextOf(db, ctx, loaded, now),
  };
}

export async function getPlan(db: Db, ctx: CallContext, pairId: string, schoolYear: string, version: number | 'current', now: Date): Promise<PlanDto> {
  const loaded = await loadFor(db, ctx, pairId, now);
  const plan = await planOrThrow(db, pairId, schoolYear);
  return planDto(db, ctx, loaded, plan, await pickVersion(db, plan.id, version), now);
}

// ---------------------------------------------------------------------------
// Drafting

export const savePlanSchema = z.strictObject({
  /** The version the editor started from (absent for the first one): refused if another was saved since. */
  baseVersion: z.number().int().min(1).nullable().default(null),
  /** The SHA-256 of the text the editor started from: refused if it changed since (two people editing one draft). */
  baseSha256: z.string().regex(/^[0-9a-f]{64}$/u).optional(),
  content: planContentSchema,
  changeNote: multiLineText().max(500).optional(),
});
export type SavePlanInput = z.infer<typeof savePlanSchema>;

const stateRefusal = () => new PlanConflictError('PLAN_PAIR_NOT_ACTIVE');

/** Check the content against the pair: months of the year, kinds of the campaign, host schools, MoU objectives. */
async function checkContent(db: Db, loaded: LoadedPair, schoolYear: string, content: PlanContent): Promise<void> {
  const campaign = await campaignOf(db, loaded.pair.campaign_id);
  const [kinds, mou] = await Promise.all([listKindRows(db, loaded.pair.campaign_id), mouReferenceOf(db, loaded.pair.id, campaign)]);
  const problem = planContentProblem(content, {
    schoolYear,
    memberSchoolIds: loaded.members.map((m) => m.school_id),
    kindCodes: kinds.map((k) => k.code),
    mouObjectives: mou?.objectives.length ?? 0,
  });
  if (problem) throw new ValidationError(`content.${problem.field}`, problem.reason, problem.params ?? {});
}

/**
 * Save the plan of a school year: the first version, or changes to the latest one. A draft or
 * submitted version is changed in place (a submitted one goes back to draft, its approvals
 * dropped: they were for another text); an approved one stays in force and the change is a new
 * version.
 */
export async function savePlan(trx: Db, ctx: CallContext, pairId: string, schoolYear: string, input: SavePlanInput, now: Date): Promise<PlanDto> {
  const loaded = await loadFor(trx, ctx, pairId, now, true);
  authorize(ctx.actor, 'plan.edit', loaded.facts, { onState: stateRefusal });
  await checkContent(trx, loaded, schoolYear, input.content);
  const plan = await ensurePlan(trx, pairId, schoolYear);
  const latest = await latestVersion(trx, plan.id);
  if ((latest?.version ?? null) !== input.baseVersion || (latest && input.baseSha256 && latest.content_sha256 !== input.baseSha256)) {
    throw new PlanConflictError('PLAN_VERSION_CONFLICT', 'baseVersion', { latest: latest?.version ?? 0 });
  }
  const sha = hashPlanContent(schoolYear, input.content);
  if (latest && sha === latest.content_sha256) return planDto(trx, ctx, loaded, plan, latest, now);
  const { parties } = await resolveParties(trx, loaded.members, input.content.datedOn);
  const columns = {
    content: JSON.stringify(input.content),
    content_sha256: sha,
    parties: JSON.stringify(parties),
    change_note: input.changeNote?.trim() || null,
    updated_at: now,
  };
  let row: PlanVersionRow;
  let action: string;
  // notify: who had approved a text awaiting approval, read before their approvals are dropped
  const approvers = latest?.status === 'submitted' ? (await listApprovals(trx, [latest.id])).map((a) => a.approved_by_user_id) : [];
  if (!latest || latest.status === 'approved') {
    row = await insertVersion(trx, {
      plan_id: plan.id,
      version: (latest?.version ?? 0) + 1,
      status: 'draft',
      ...columns,
      drafted_by_school_id: ownSchoolOf(ctx),
      created_by_user_id: userIdOf(ctx),
    });
    action = latest ? 'plan.revise' : 'plan.create';
  } else {
    const dropped = latest.status === 'submitted' ? await deleteApprovals(trx, latest.id) : 0;
    row = await updateVersion(trx, latest.id, { ...columns, status: 'draft', submitted_at: null, submitted_by_user_id: null });
    action = dropped > 0 || latest.status === 'submitted' ? 'plan.save.reopen' : 'plan.save';
  }
  await recordAudit(trx, ctx, {
    action,
    entity: 'plan',
    entityId: plan.id,
    pairId,
    before: latest ? { version: latest.version, status: latest.status, sha256: latest.content_sha256 } : null,
    after: { schoolYear, version: row.version, status: row.status, sha256: sha, goals: input.content.goals.length, items: input.content.items.length, changeNote: row.change_note },
  });
  // notify
  if (latest?.status === 'submitted') await onPlanWithdrawn(trx, pairId, schoolYear, latest.version, { schoolId: ownSchoolOf(ctx), userId: userIdOf(ctx) }, [latest.submitted_by_user_id, ...approvers]);
  return planDto(trx, ctx, loaded, plan, row, now);
}

export const confirmVersionSchema = z.strictObject({
  version: z.number().int().min(1),
  /** The SHA-256 of the text read: refused if it changed since. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
});

function checkConfirmed(latest: PlanVersionRow | undefined, input: z.infer<typeof confirmVersionSchema>, status: 'draft' | 'submitted', code: string): PlanVersionRow {
  if (!latest || latest.version !== input.version || latest.status !== status) throw new PlanConflictError(code, 'version');
  if (latest.content_sha256 !== input.sha256) throw new PlanConflictError('PLAN_HASH_MISMATCH', 'sha256');
  return latest;
}

/** Submit the latest draft for approval: the leaders of the member schools are told. */
export async function submitPlan(trx: Db, ctx: CallContext, pairId: string, schoolYear: string, input: z.infer<typeof confirmVersionSchema>, now: Date): Promise<PlanDto> {
  const loaded = await loadFor(trx, ctx, pairId, now, true);
  authorize(ctx.actor, 'plan.submit', loaded.facts, { onState: stateRefusal });
  const plan = await planOrThrow(trx, pairId, schoolYear);
  const latest = checkConfirmed(await latestVersion(trx, plan.id), input, 'draft', 'PLAN_NOT_SUBMITTABLE');
  const row = await updateVersion(trx, latest.id, { status: 'submitted', submitted_at: now, submitted_by_user_id: userIdOf(ctx), updated_at: now });
  const schoolId = ownSchoolOf(ctx);
  await recordAudit(trx, ctx, { action: 'plan.submit', entity: 'plan', entityId: plan.id, pairId, before: { status: 'draft' }, after: { schoolYear, version: row.version, status: 'submitted', sha256: row.content_sha256, schoolId } });
  // notify
  await onPlanSubmitted(trx, pairId, schoolYear, row.version, schoolId, userIdOf(ctx));
  return planDto(trx, ctx, loaded, plan, row, now);
}

/**
 * A member school's leader approves the submitted version they read (its SHA-256). With the
 * last school's approval the version is in force: numbered in the first party's register, and
 * the version approved before it superseded.
 */
export async function approvePlan(trx: Db, ctx: CallContext, pairId: string, schoolYear: string, input: z.infer<typeof confirmVersionSchema>, now: Date): Promise<PlanDto> {
  const loaded = await loadFor(trx, ctx, pairId, now, true);
  authorize(ctx.actor, 'plan.approve', loaded.facts, { onState: stateRefusal });
  const plan = await planOrThrow(trx, pairId, schoolYear);
  const latest = checkConfirmed(await latestVersion(trx, plan.id), input, 'submitted', 'PLAN_NOT_APPROVABLE');
  const schoolId = ownSchoolOf(ctx);
  const existing = await listApprovals(trx, [latest.id]);
  if (existing.some((a) => a.school_id === schoolId)) throw new PlanConflictError('PLAN_ALREADY_APPROVED');
  const party = partiesOf(latest).find((p) => p.schoolId === schoolId)!;
  await insertApproval(trx, {
    plan_version_id: latest.id,
    school_id: schoolId,
    approved_by_user_id: userIdOf(ctx),
    signatory_name: party.signatoryName,
    signatory_title: party.signatoryTitle,
    approved_at: now,
    content_sha256: latest.content_sha256,
  });
  const approved = new Set([...existing.map((a) => a.school_id), schoolId]);
  const complete = loaded.members.every((m) => approved.has(m.school_id));
  let row = latest;
  if (complete) {
    const previous = await approvedVersion(trx, plan.id);
    if (previous) await updateVersion(trx, previous.id, { status: 'superseded', updated_at: now });
    const today = isoDateInHanoi(now);
    const numbering = await issueNumber(trx, 'plan', partiesOf(latest)[0]!, latest.id, today);
    row = await updateVersion(trx, latest.id, { status: 'approved', approved_on: today, ...numbering, updated_at: now });
  }
  await recordAudit(trx, ctx, {
    action: complete ? 'plan.approve.complete' : 'plan.approve',
    entity: 'plan',
    entityId: plan.id,
    pairId,
    before: { status: 'submitted' },
    after: { schoolYear, version: row.version, status: row.status, sha256: row.content_sha256, schoolId, number: row.number },
  });
  // notify
  if (complete) await onPlanApproved(trx, pairId, schoolYear, row.version);
  return planDto(trx, ctx, loaded, plan, row, now);
}

// plans-e2e
/**
 * The school that drafted a version awaiting approval takes it back to draft (to change it, or
 * because it was submitted too early): the approvals given so far are dropped, as they were for a
 * text that is no longer asked to be approved. Another school's user is refused and nothing changes.
 */
export async function withdrawPlan(trx: Db, ctx: CallContext, pairId: string, schoolYear: string, input: z.infer<typeof confirmVersionSchema>, now: Date): Promise<PlanDto> {
  const loaded = await loadFor(trx, ctx, pairId, now, true);
  const plan = await planOrThrow(trx, pairId, schoolYear);
  const current = await latestVersion(trx, plan.id);
  authorize(ctx.actor, 'plan.withdraw', { ...loaded.facts, planDraftedBySchoolId: current?.drafted_by_school_id ?? null }, { onState: stateRefusal });
  const latest = checkConfirmed(current, input, 'submitted', 'PLAN_NOT_WITHDRAWABLE');
  const approvers = (await listApprovals(trx, [latest.id])).map((a) => a.approved_by_user_id);
  const dropped = await deleteApprovals(trx, latest.id);
  const row = await updateVersion(trx, latest.id, { status: 'draft', submitted_at: null, submitted_by_user_id: null, updated_at: now });
  await recordAudit(trx, ctx, {
    action: 'plan.withdraw',
    entity: 'plan',
    entityId: plan.id,
    pairId,
    before: { schoolYear, version: latest.version, status: 'submitted', sha256: latest.content_sha256, approvals: dropped },
    after: { schoolYear, version: row.version, status: 'draft', sha256: row.content_sha256, schoolId: ownSchoolOf(ctx) },
  });
  // notify
  await onPlanWithdrawn(trx, pairId, schoolYear, row.version, { schoolId: ownSchoolOf(ctx), userId: userIdOf(ctx) }, [latest.submitted_by_user_id, ...approvers]);
  return planDto(trx, ctx, loaded, plan, row, now);
}

// ---------------------------------------------------------------------------
// Versions compared

export async function diffPlanVersions(db: Db, ctx: CallContext, pairId: string, schoolYear: string, from: number, to: number, now: Date): Promise<PlanDiffDto> {
  const loaded = await loadFor(db, ctx, pairId, now);
  const plan = await planOrThrow(db, pairId, schoolYear);
  const [a, b] = await Promise.all([findVersion(db, plan.id, from), findVersion(db, plan.id, to)]);
  if (!a || !b) throw new PlanNotFoundError();
  const kinds = new Map((await listKindRows(db, loaded.pair.campaign_id)).map((k) => [k.code, k.name_vi]));
  const schools = new Map(loaded.members.map((m) => [m.school_id, m.name]));
  const diff = diffPlan(contentOf(a), contentOf(b), { kind: (c) => kinds.get(c) ?? c, school: (id) => schools.get(id) ?? id });
  return { from, to, ...diff };
}

// ---------------------------------------------------------------------------
// Activities: the item an activity fulfils

/**
 * The plan of the pair and school year holding an item with this key (in its latest version),
 * for an activity that says it fulfils it; null when there is no such item.
 */
export async function findPlanItem(db: Db, pairId: string, schoolYear: string, key: string): Promise<{ planId: string } | null> {
  const plan = await findPlan(db, pairId, schoolYear);
  if (!plan) return null;
  const latest = await latestVersion(db, plan.id);
  const approved = await approvedVersion(db, plan.id);
  const has = (row: PlanVersionRow | undefined) => Boolean(row && contentOf(row).items.some((i) => i.key === key));
  return has(latest) || has(approved) ? { planId: plan.id } : null;
}

// ---------------------------------------------------------------------------
// Documents

/** The layout input of a version, as the document renderers take it (the MoU's layout model). */
export function planDocumentInput(
  campaign: CampaignRow,
  schoolYear: string,
  row: PlanVersionRow,
  approvals: PlanApprovalRow[],
  mou: { number: string | null; datedOn: string } | null,
  labels: { kind: (code: string) => string; school: (id: string) => string },
): PlanDocumentInput {
  const parties = partiesOf(row);
  const content = contentOf(row);
  // As the MoU: the first party (who numbers the plan) signs on the right.
  const order = parties.length === 2 ? [1, 0] : parties.map((_, i) => i);
  return {
    number: numberOf(row.number, documentSymbol('plan', parties[0]!.shortName)),
    place: content.place,
    date: calendarDate(content.datedOn),
    schoolYear,
    schools: parties.map((p) => ({ name: p.name, unitLine: p.unitLine, shortName: p.shortName })),
    campaign: campaignRefOf(campaign),
    mou: mou?.number ? { number: mou.number, date: calendarDate(mou.datedOn) } : null,
    goals: content.goals,
    items: content.items.map((it) => ({ month: it.month, kind: labels.kind(it.kind), title: it.title, host: labels.school(it.hostSchoolId), responsible: it.responsible, note: it.note ?? '' })),
    closing: content.closing,
    signatories: order.map((i) => ({ schoolName: signatoryName(parties[i]!), title: parties[i]!.signatoryTitle, name: parties[i]!.signatoryName })),
    approvals: approvals
      .filter((a) => a.plan_version_id === row.id)
      .map((a) => ({ signatory: order.indexOf(parties.findIndex((p) => p.schoolId === a.school_id)), signedAt: a.approved_at.toISOString(), versionSha256: a.content_sha256 }))
      .filter((a) => a.signatory >= 0),
  };
}

/** A version (or the latest) as DOCX or PDF bytes. */
export async function renderPlanDocument(
  db: Db,
  ctx: CallContext,
  pairId: string,
  schoolYear: string,
  opts: { format: 'pdf' | 'docx'; version?: number | undefined },
  now: Date,
): Promise<RenderedDocument> {
  const loaded = await loadFor(db, ctx, pairId, now);
  const plan = await planOrThrow(db, pairId, schoolYear);
  const row = await pickVersion(db, plan.id, opts.version ?? 'current');
  const campaign = await campaignOf(db, loaded.pair.campaign_id);
  const [approvals, mou, kinds] = await Promise.all([listApprovals(db, [row.id]), mouReferenceOf(db, pairId, campaign), listKindRows(db, loaded.pair.campaign_id)]);
  const kindNames = new Map(kinds.map((k) => [k.code, k.name_vi]));
  const schools = new Map(loaded.members.map((m) => [m.school_id, m.name]));
  const input = planDocumentInput(campaign, schoolYear, row, approvals, mou, { kind: (c) => kindNames.get(c) ?? c, school: (id) => schools.get(id) ?? id });
  const bytes = opts.format === 'pdf' ? await renderPlanPdf(input) : await renderPlanDocx(input);
  const symbol = (row.number ?? `du-thao-${documentSymbol('plan', partiesOf(row)[0]!.shortName)}`).replace(/[^A-Za-z0-9-]+/gu, '-');
  return { bytes, fileName: `ke-hoach-${schoolYear}-${symbol}-v${row.version}.${opts.format}`.replace(/Đ/gu, 'D'), contentType: CONTENT_TYPES[opts.format] };
}
