/**
 * Joint activities of a pair: the rules and the access checks. Who may see an activity is
 * who may see its pair (`activity.read` reads like `pair.read`); lists are narrowed in SQL by
 * `scopeFor(actor, 'activity.read')`. Every change is one transaction with one audit row and
 * one `activityChanged` call for the features that listen (notifications).
 */
import { authorize } from '#src/core/access/guard.ts';
import { can, decide, personOf, scopeFor, type Resource } from '#src/core/access/policy.ts';
import {
  EDITABLE_STATUSES,
  isOverdue,
  nextActivityStatus,
  schoolYearOf,
  transitionProblem,
  type ActivityEvent,
  type ActivityStatus,
} from '#src/core/activities/activity.ts';
import type {
  ActivityAction,
  ActivityDetailDto,
  ActivityFileDto,
  ActivityInput,
  ActivityKindDto,
  ActivityPatch,
  ActivitySummaryDto,
  ActivityTotalsDto,
} from '#src/core/activities/dto.ts';
import { DomainError, ForbiddenError, ValidationError } from '#src/core/errors.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { PairNotFoundError } from '#src/server/features/pairs/pairs.errors.ts';
import { loadPairFor, type LoadedPair } from '#src/server/features/pairs/pairs.service.ts';
import { activityChanged, type ActivityChangeKind } from './activity-events.ts';
// plans
import { findPlanItem } from '#src/server/features/plans/plans.service.ts';
import { writeActivitiesWorkbook, type ExportActivity } from './activities.xlsx.ts';
import { ActivityConflictError, ActivityNotFoundError } from './activities.errors.ts';
import {
  activityTotals,
  findActivityRow,
  findKindRow,
  insertActivity,
  listFileRows,
  listKindRows,
  listActivityRows,
  activityRowsAfter,
  listParticipantRows,
  listPersonRows,
  replaceParticipants,
  replacePeople,
  updateActivity,
  type ActivityFilter,
} from './activities.repository.ts';
import { enabledAccountsOfSchools } from '#src/server/features/users/users.repository.ts';
import type { ActivityFileRow, ActivityRow } from './activity.table.ts';

export const fileDto = (r: ActivityFileRow): ActivityFileDto => ({
  id: r.id,
  kind: r.kind,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  hasThumbnail: r.thumbnail_key !== null,
  uploadedAt: r.uploaded_at.toISOString(),
});

/** Only the host school's leaders and coordinators close an activity (403 with a message saying so). */
export class HostOnlyError extends DomainError {
  constructor() {
    super('ACTIVITY_HOST_ONLY', 403);
  }
}

export interface LoadedActivity extends LoadedPair {
  activity: ActivityRow;
  /** The pair's facts with the activity's host school. */
  facts: Resource;
}

/** The activity, if the caller may see its pair; anything else is "not found" (its existence does not leak). */
export async function loadActivityFor(db: Db, ctx: CallContext, id: string, now: Date, lock = false): Promise<LoadedActivity> {
  const activity = await findActivityRow(db, id, lock);
  if (!activity) throw new ActivityNotFoundError();
  let loaded: LoadedPair;
  try {
    loaded = await loadPairFor(db, ctx, activity.pair_id, isoDateInHanoi(now), lock);
  } catch (err) {
    throw err instanceof PairNotFoundError ? new ActivityNotFoundError() : err;
  }
  const facts: Resource = { ...loaded.facts, activityHostSchoolId: activity.host_school_id };
  authorize(ctx.actor, 'activity.read', facts, { onWho: () => new ActivityNotFoundError() });
  return { ...loaded, activity, facts };
}

const userIdOf = (ctx: CallContext) => personOf(ctx.actor)?.userId ?? null;

/** The kinds offered for a campaign (the common ones and the campaign's own), in the order shown. */
export async function listKinds(db: Db, ctx: CallContext, campaignId: string | undefined): Promise<ActivityKindDto[]> {
  authorize(ctx.actor, 'activity.list');
  const rows = await listKindRows(db, campaignId ?? null);
  return rows.map((r) => ({ code: r.code, nameVi: r.name_vi, nameEn: r.name_en, needsSubject: r.needs_subject, campaignId: r.campaign_id }));
}

export interface ActivityListQuery extends ActivityFilter {
  limit: number;
  offset: number;
  order?: 'asc' | 'desc' | undefined;
}

function scopeOrRefuse(ctx: CallContext, action: 'activity.list' | 'activity.export') {
  authorize(ctx.actor, action);
  const scope = scopeFor(ctx.actor, 'activity.read');
  if (!scope) throw new ForbiddenError();
  return scope;
}

/** The activities the caller may see, filtered (a pair, a school, an area, kinds, a school year, dates). */
export async function listActivities(db: Db, ctx: CallContext, query: ActivityListQuery, now: Date): Promise<{ items: ActivitySummaryDto[]; total: number }> {
  const scope = scopeOrRefuse(ctx, 'activity.list');
  const today = isoDateInHanoi(now);
  const { rows, total } = await listActivityRows(db, scope, today, query, { limit: query.limit, offset: query.offset, order: query.order ?? 'asc' });
  return {
    total,
    items: rows.map((r) => ({
      ...summaryOf(r, now),
      hostSchoolName: r.host_name,
      pairName: r.pair_name ?? '',
      teachers: Number(r.teachers ?? 0),
      staff: Number(r.staff ?? 0),
      students: Number(r.students ?? 0),
    })),
  };
}

function summaryOf(r: ActivityRow, now: Date) {
  return {
    id: r.id,
    pairId: r.pair_id,
    kind: r.kind,
    title: r.title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    startTime: r.start_time?.slice(0, 5) ?? null,
    endTime: r.end_time?.slice(0, 5) ?? null,
    schoolYear: r.school_year,
    hostSchoolId: r.host_school_id,
    place: r.place,
    mode: r.mode,
    status: r.status,
    overdue: isOverdue({ status: r.status, startsOn: r.starts_on, endsOn: r.ends_on }, now),
  };
}

/** Totals of the activities the caller may see: by status, and participants per school and per kind. */
export async function getActivityTotals(db: Db, ctx: CallContext, filter: ActivityFilter, now: Date): Promise<ActivityTotalsDto> {
  const scope = scopeOrRefuse(ctx, 'activity.list');
  const { statuses, bySchool, byKind } = await activityTotals(db, scope, isoDateInHanoi(now), filter);
  return {
    activities: Number(statuses.activities),
    done: Number(statuses.done),
    planned: Number(statuses.planned),
    overdue: Number(statuses.overdue),
    cancelled: Number(statuses.cancelled),
    bySchool: bySchool.map((r) => ({ schoolId: r.school_id, schoolName: r.school_name, teachers: r.teachers, staff: r.staff, students: r.students })),
    byKind: byKind.map((r) => ({ kind: r.kind, activities: r.activities, teachers: r.teachers, staff: r.staff, students: r.students })),
  };
}

/** What the caller may do with the activity now: the page's buttons, judged by the same `can()` the changes use. */
function actionsFor(ctx: CallContext, facts: Resource, status: ActivityStatus): ActivityAction[] {
  const out: ActivityAction[] = [];
  if (EDITABLE_STATUSES.includes(status) && can(ctx.actor, 'activity.edit', facts)) out.push('edit');
  if (can(ctx.actor, 'activity.close', facts)) {
    for (const e of ['complete', 'report', 'cancel'] as const) if (nextActivityStatus(status, e)) out.push(e);
  }
  if (status !== 'cancelled' && can(ctx.actor, 'activity.uploadEvidence', facts)) out.push('uploadEvidence');
  // plans-e2e
  if (status !== 'reported' && can(ctx.actor, 'activity.deleteEvidence', facts)) out.push('deleteEvidence');
  return out;
}

export async function getActivity(db: Db, ctx: CallContext, id: string, now: Date): Promise<ActivityDetailDto> {
  const loaded = await loadActivityFor(db, ctx, id, now);
  return detailOf(db, ctx, loaded, now);
}

async function detailOf(db: Db, ctx: CallContext, { activity: a, members, facts }: LoadedActivity, now: Date): Promise<ActivityDetailDto> {
  const [participants, people, files] = await Promise.all([listParticipantRows(db, [a.id]), listPersonRows(db, [a.id]), listFileRows(db, a.id)]);
  const sum = (k: 'teachers' | 'staff' | 'students') => participants.reduce((n, p) => n + p[k], 0);
  const host = members.find((m) => m.school_id === a.host_school_id);
  return {
    ...summaryOf(a, now),
    pairName: members.map((m) => m.short_name).join(' – '),
    hostSchoolName: host?.name ?? null,
    teachers: sum('teachers'),
    staff: sum('staff'),
    students: sum('students'),
    subject: a.subject,
    description: a.description,
    outcome: a.outcome,
    cancelReason: a.cancel_reason,
    members: members.map((m) => ({ schoolId: m.school_id, name: m.name })),
    participants: participants.map((p) => ({ schoolId: p.school_id, schoolName: p.school_name, teachers: p.teachers, staff: p.staff, students: p.students })),
    people: people.map((p) => ({ userId: p.user_id, schoolId: p.school_id, displayName: p.display_name })),
    files: files.map(fileDto),
    actions: actionsFor(ctx, facts, a.status),
    closedAt: a.closed_at?.toISOString() ?? null,
    reportedAt: a.reported_at?.toISOString() ?? null,
    createdAt: a.created_at.toISOString(),
    // plans
    planItemKey: a.plan_item_key,
  };
}

/** The staff of the pair's schools, to pick named participants from (those who may record activities). */
export async function listStaffOptions(db: Db, ctx: CallContext, pairId: string, now: Date) {
  const { members, facts } = await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  if (!can(ctx.actor, 'activity.create', facts) && !can(ctx.actor, 'activity.edit', facts)) throw new ForbiddenError();
  const rows = await enabledAccountsOfSchools(db, members.map((m) => m.school_id));
  return rows.map((r) => ({ userId: r.id, schoolId: r.school_id!, displayName: r.display_name }));
}

type Fields = Omit<ActivityInput, 'pairId'>;

/** Check a whole record against its pair: kind of the campaign, host and participants among the members, dates in order. */
async function checkFields(db: Db, pair: LoadedPair, f: Fields): Promise<{ planId: string | null }> {
  const kind = await findKindRow(db, f.kind);
  if (!kind || (kind.campaign_id !== null && kind.campaign_id !== pair.pair.campaign_id)) throw new ValidationError('kind', 'activity_kind_unknown', { kind: f.kind });
  if (kind.needs_subject && !f.subject?.trim()) throw new ValidationError('subject', 'required');
  const memberIds = new Set(pair.members.map((m) => m.school_id));
  if (!memberIds.has(f.hostSchoolId)) throw new ValidationError('hostSchoolId', 'activity_school_not_member');
  if (f.endsOn && f.endsOn < f.startsOn) throw new ValidationError('endsOn', 'activity_ends_before_start');
  if (f.endTime && !f.startTime) throw new ValidationError('startTime', 'required');
  if (f.startTime && f.endTime && !(f.endsOn && f.endsOn > f.startsOn) && f.endTime <= f.startTime) throw new ValidationError('endTime', 'activity_ends_before_start');
  if (f.endsOn && schoolYearOf(f.endsOn) !== schoolYearOf(f.startsOn)) throw new ValidationError('endsOn', 'activity_spans_years');
  const seen = new Set<string>();
  for (const [i, p] of f.participants.entries()) {
    if (!memberIds.has(p.schoolId)) throw new ValidationError(`participants.${i}.schoolId`, 'activity_school_not_member');
    if (seen.has(p.schoolId)) throw new ValidationError(`participants.${i}.schoolId`, 'activity_school_twice');
    seen.add(p.schoolId);
  }
  // plans: the item must be in the pair's plan of the activity's school year.
  if (!f.planItemKey) return { planId: null };
  const found = await findPlanItem(db, pair.pair.id, schoolYearOf(f.startsOn), f.planItemKey);
  if (!found) throw new ValidationError('planItemKey', 'activity_plan_item_unknown', { schoolYear: schoolYearOf(f.startsOn) });
  return { planId: found.planId };
}

async function writeChildren(trx: Db, pair: LoadedPair, activityId: string, f: Pick<Fields, 'participants' | 'people'>) {
  await replaceParticipants(
    trx,
    activityId,
    f.participants.map((p) => ({ activity_id: activityId, school_id: p.schoolId, teachers: p.teachers, staff: p.staff, students: p.students })),
  );
  const ids = [...new Set(f.people)];
  const staff = await enabledAccountsOfSchools(trx, pair.members.map((m) => m.school_id), ids);
  if (staff.length !== ids.length) throw new ValidationError('people', 'activity_person_not_staff');
  await replacePeople(trx, activityId, staff.map((s) => ({ activity_id: activityId, user_id: s.id, school_id: s.school_id!, display_name: s.display_name })));
}

const columnsOf = (f: Fields, plan: { planId: string | null }) => ({
  plan_id: plan.planId,
  plan_item_key: plan.planId ? (f.planItemKey ?? null) : null,
  kind: f.kind,
  title: f.title,
  starts_on: f.startsOn,
  ends_on: f.endsOn && f.endsOn !== f.startsOn ? f.endsOn : null,
  start_time: f.startTime ?? null,
  end_time: f.startTime ? (f.endTime ?? null) : null,
  school_year: schoolYearOf(f.startsOn),
  host_school_id: f.hostSchoolId,
  place: f.place?.trim() || null,
  mode: f.mode,
  subject: f.subject?.trim() || null,
  description: f.description?.trim() || null,
  outcome: f.outcome?.trim() || null,
});

async function changed(trx: Db, ctx: CallContext, kind: ActivityChangeKind, a: ActivityRow, now: Date) {
  await activityChanged(trx, {
    kind,
    activityId: a.id,
    pairId: a.pair_id,
    hostSchoolId: a.host_school_id,
    title: a.title,
    startsOn: a.starts_on,
    endsOn: a.ends_on,
    status: a.status,
    personUserIds: (await listPersonRows(trx, [a.id])).map((p) => p.user_id),
    byUserId: userIdOf(ctx),
    at: now,
  });
}

/** Record a planned activity of a pair (a member school's leader or coordinator, while the pair is approved or active). */
export async function createActivity(trx: Db, ctx: CallContext, input: ActivityInput, now: Date): Promise<ActivityDetailDto> {
  const pair = await loadPairFor(trx, ctx, input.pairId, isoDateInHanoi(now), true);
  authorize(ctx.actor, 'activity.create', pair.facts, { onState: () => new ActivityConflictError('ACTIVITY_PAIR_NOT_ACTIVE') });
  const { pairId, ...fields } = input;
  const plan = await checkFields(trx, pair, fields);
  const row = await insertActivity(trx, { pair_id: pairId, ...columnsOf(fields, plan), created_by_user_id: userIdOf(ctx), updated_at: now });
  await writeChildren(trx, pair, row.id, fields);
  const detail = await detailOf(trx, ctx, { ...pair, activity: row, facts: { ...pair.facts, activityHostSchoolId: row.host_school_id } }, now);
  await recordAudit(trx, ctx, { action: 'activity.create', entity: 'activity', entityId: row.id, pairId: row.pair_id, after: auditView(detail) });
  await changed(trx, ctx, 'created', row, now);
  return detail;
}

/** The audit row's view of a record: its fields, without the derived ones. */
const auditView = (d: ActivityDetailDto) => ({
  pairId: d.pairId,
  kind: d.kind,
  title: d.title,
  startsOn: d.startsOn,
  endsOn: d.endsOn,
  startTime: d.startTime,
  endTime: d.endTime,
  hostSchoolId: d.hostSchoolId,
  place: d.place,
  mode: d.mode,
  status: d.status,
  subject: d.subject,
  description: d.description,
  outcome: d.outcome,
  cancelReason: d.cancelReason,
  participants: d.participants.map(({ schoolId, teachers, staff, students }) => ({ schoolId, teachers, staff, students })),
  people: d.people.map((p) => p.userId),
  planItemKey: d.planItemKey,
});

/** Change a planned or done activity (a reported or cancelled one is closed for good). */
export async function editActivity(trx: Db, ctx: CallContext, id: string, patch: ActivityPatch, now: Date): Promise<ActivityDetailDto> {
  const loaded = await loadActivityFor(trx, ctx, id, now, true);
  authorize(ctx.actor, 'activity.edit', loaded.facts, { onState: () => new ActivityConflictError('ACTIVITY_PAIR_NOT_ACTIVE') });
  const a = loaded.activity;
  if (!EDITABLE_STATUSES.includes(a.status)) throw new ActivityConflictError('ACTIVITY_CLOSED');
  const before = await detailOf(trx, ctx, loaded, now);
  const merged: Fields = {
    kind: patch.kind ?? before.kind,
    title: patch.title ?? before.title,
    startsOn: patch.startsOn ?? before.startsOn,
    endsOn: patch.endsOn !== undefined ? patch.endsOn : before.endsOn,
    startTime: patch.startTime !== undefined ? patch.startTime : before.startTime,
    endTime: patch.endTime !== undefined ? patch.endTime : before.endTime,
    hostSchoolId: patch.hostSchoolId ?? before.hostSchoolId ?? '',
    place: patch.place !== undefined ? patch.place : before.place,
    mode: patch.mode ?? before.mode,
    subject: patch.subject !== undefined ? patch.subject : before.subject,
    description: patch.description !== undefined ? patch.description : before.description,
    outcome: patch.outcome !== undefined ? patch.outcome : before.outcome,
    participants: patch.participants ?? before.participants.map(({ schoolId, teachers, staff, students }) => ({ schoolId, teachers, staff, students })),
    people: patch.people ?? before.people.map((p) => p.userId),
    planItemKey: patch.planItemKey !== undefined ? patch.planItemKey : before.planItemKey,
  };
  const plan = await checkFields(trx, loaded, merged);
  // The host school closes the activity: handing it to the partner is the host's own decision.
  if (merged.hostSchoolId !== a.host_school_id && a.host_school_id && !can(ctx.actor, 'activity.close', loaded.facts)) throw new HostOnlyError();
  if (a.status === 'done' && merged.startsOn > isoDateInHanoi(now)) throw new ActivityConflictError('ACTIVITY_NOT_YET_HELD', 'startsOn');
  const row = await updateActivity(trx, id, { ...columnsOf(merged, plan), updated_at: now });
  await writeChildren(trx, loaded, id, merged);
  const after = await detailOf(trx, ctx, { ...loaded, activity: row, facts: { ...loaded.facts, activityHostSchoolId: row.host_school_id } }, now);
  await recordAudit(trx, ctx, { action: 'activity.update', entity: 'activity', entityId: id, pairId: row.pair_id, before: auditView(before), after: auditView(after) });
  await changed(trx, ctx, 'updated', row, now);
  return after;
}

/** Close an activity: done, reported (with its outcome) or cancelled (with a reason); the host school's staff only. */
export async function transitionActivity(
  trx: Db,
  ctx: CallContext,
  id: string,
  input: { event: ActivityEvent; reason?: string | undefined },
  now: Date,
): Promise<ActivityDetailDto> {
  const loaded = await loadActivityFor(trx, ctx, id, now, true);
  const decision = decide(ctx.actor, 'activity.close', loaded.facts);
  if (!decision.allowed) {
    // A member school's staff learn why; anyone else only that they may not.
    throw can(ctx.actor, 'activity.edit', loaded.facts) || personOf(ctx.actor)?.schoolId ? new HostOnlyError() : new ForbiddenError();
  }
  const a = loaded.activity;
  const problem = transitionProblem({ status: a.status, startsOn: a.starts_on, outcome: a.outcome }, input.event, input, now);
  if (problem) {
    if (problem.code === 'ACTIVITY_TRANSITION_REFUSED') throw new DomainError(problem.code, 409, { from: a.status, event: input.event });
    throw new ActivityConflictError(problem.code, problem.field);
  }
  const status = nextActivityStatus(a.status, input.event)!;
  const row = await updateActivity(trx, id, {
    status,
    updated_at: now,
    ...(input.event === 'report' ? { reported_at: now } : { closed_at: now, closed_by_user_id: userIdOf(ctx) }),
    ...(input.event === 'cancel' ? { cancel_reason: input.reason!.trim() } : {}),
  });
  await recordAudit(trx, ctx, {
    action: `activity.${input.event}`,
    entity: 'activity',
    entityId: id,
    pairId: row.pair_id,
    before: { status: a.status },
    after: { status, ...(input.reason ? { reason: input.reason.trim() } : {}) },
  });
  await changed(trx, ctx, input.event, row, now);
  return detailOf(trx, ctx, { ...loaded, activity: row }, now);
}

export { changed as notifyActivityChanged };

/** At most this many activities in one Excel file (a city's school year is a few thousand). */
export const EXPORT_MAX_ACTIVITIES = 100_000;

/** The activities the caller may see (filtered), with their participants, as .xlsx bytes. */
export async function exportActivities(db: Db, ctx: CallContext, filter: ActivityFilter, now: Date): Promise<{ bytes: Buffer; fileName: string }> {
  const scope = scopeOrRefuse(ctx, 'activity.export');
  const today = isoDateInHanoi(now);
  const kinds = new Map((await listKindRows(db, null)).map((k) => [k.code, k.name_vi]));
  const out: ExportActivity[] = [];
  const PAGE = 1000;
  // Batch after batch by keyset (the list's order), no count: each batch reads its own range.
  let after: { startsOn: string; id: string } | null = null;
  for (let taken = 0; taken < EXPORT_MAX_ACTIVITIES; taken += PAGE) {
    const rows = await activityRowsAfter(db, scope, today, filter, after, PAGE);
    if (rows.length) after = { startsOn: rows.at(-1)!.starts_on, id: rows.at(-1)!.id };
    const ids = rows.map((r) => r.id);
    const [participants, people] = await Promise.all([listParticipantRows(db, ids), listPersonRows(db, ids)]);
    for (const r of rows) {
      out.push({
        id: r.id,
        schoolYear: r.school_year,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        kindName: kinds.get(r.kind) ?? r.kind,
        title: r.title,
        pairName: r.pair_name ?? '',
        hostName: r.host_name,
        mode: r.mode,
        place: r.place,
        subject: r.subject,
        status: r.status,
        overdue: isOverdue({ status: r.status, startsOn: r.starts_on, endsOn: r.ends_on }, now),
        outcome: r.outcome,
        participants: participants
          .filter((p) => p.activity_id === r.id)
          .map((p) => ({
            schoolName: p.school_name,
            teachers: p.teachers,
            staff: p.staff,
            students: p.students,
            people: people.filter((x) => x.activity_id === r.id && x.school_id === p.school_id).map((x) => x.display_name),
          })),
      });
    }
    if (rows.length < PAGE) break;
  }
  const year = filter.schoolYear ? ` năm học ${filter.schoolYear}` : '';
  const bytes = await writeActivitiesWorkbook(out, `Hoạt động kết nghĩa${year} (số liệu ngày ${today.split('-').reverse().join('/')})`, now);
  return { bytes, fileName: `hoat-dong${filter.schoolYear ? `-${filter.schoolYear}` : ''}.xlsx` };
}
