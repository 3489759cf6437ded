/**
 * Matching (ghép cặp): wishes, engine runs kept with their inputs and results, comparing
 * runs, and turning chosen pairs into proposed pairs through the pairs feature.
 *
 * A run is a row in `matching_run` and a job of the job queue (`matching.jobs.ts`), sent in the
 * transaction that creates the row: computed by whichever node's worker takes it, its engine in
 * a worker thread that reports its phases (written to the row, so any node answers the page's
 * polling) and is ended by the time limit; answered directly when it finishes quickly, which a
 * city does.
 */
import type { Kysely } from 'kysely';
import { schoolsWithoutAccount } from '#src/server/features/pairs/paper.service.ts';
import { DomainError, ForbiddenError, ValidationError } from '#src/core/errors.ts';
import type { EngineSchool, Wish } from '#src/core/matching/criteria.ts';
import type { PairProposal } from '#src/core/pairs/dto.ts';
import type { ModeSummary, RunComparisonDto, RunDetailDto, RunDto, RunPairDto, RunSummary, WishDto } from '#src/core/matching/dto.ts';
import { MatchingInputError, type EngineInput, type ModeOutcome, type ProposedPair } from '#src/core/matching/engine.ts';
import { explainPair, type AreaName } from '#src/core/matching/explain.ts';
import type { RunParams, WishesInput } from '#src/core/matching/run-params.ts';
import type { AreaType } from '#src/core/registry/school.ts';
import { authorize } from '#src/core/access/guard.ts';
import { factsNeeded, personOf, scopeFor, type Resource } from '#src/core/access/policy.ts';
import type { Scope } from '#src/core/roles.ts';
import { schoolFactOn } from '#src/server/access/facts.repository.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { compareVietnamese } from '#src/core/vn/text.ts';
import type { Database } from '#src/db/schema.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { CampaignNotFoundError } from '#src/server/features/campaigns/campaigns.service.ts';
import { livePairSchools, proposePair } from '#src/server/features/pairs/pairs.service.ts';
import { listAllCapabilityAreas, listCapabilities, schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';
import { domainErrorBody } from '#src/server/plugins/errors.ts';
import type { Locale } from '#src/server/i18n/i18n.ts';
import type { MatchingRunRow } from './matching.table.ts';
import type { JobQueue } from '#src/server/jobs/job-queue.ts';
import { JobAbortedError } from '#src/server/jobs/threads.ts';
import { runEngineOffThread, type EngineResult } from './worker/engine-runner.ts';
import {
  engineSchoolRows,
  findRunRow,
  insertRun,
  listRunRows,
  listWishRows,
  replaceWishRows,
  schoolNamesByIds,
  updateRun,
  wishesAmong,
} from './matching.repository.ts';

export class MatchingRunNotFoundError extends DomainError {
  constructor() {
    super('MATCHING_RUN_NOT_FOUND', 404);
  }
}

export const MATCHING_QUEUE = 'matching-run';

/** What a run's job carries: the row holds the rest. */
export interface RunJobPayload {
  runId: string;
  ctx: CallContext;
  now: string;
}

/** Why a run failed, as kept in `matching_run.error`; `refused` when its input broke a rule. */
export interface RunError {
  code: string;
  params: Record<string, string | number>;
  field: string | null;
  refused?: boolean;
}

export function runErrorOf(err: unknown): RunError {
  return err instanceof DomainError
    ? { code: err.code, params: err.params, field: err.field ?? null, refused: err.status < 500 }
    : { code: 'JOB_INTERNAL', params: {}, field: null };
}

/**
 * A run, if the caller may see it (`matching.run.read`: the department all, an area
 * officer the runs they made from their area's schools); others are "not found".
 */
function assertRunVisible(ctx: CallContext, row: { created_by_user_id: string | null }, action: 'matching.run.read' | 'matching.run.accept' = 'matching.run.read') {
  authorize(ctx.actor, action, { createdByUserId: row.created_by_user_id }, { onWho: () => new MatchingRunNotFoundError() });
}

// ---- wishes

/** The facts of a school whose wishes are read or changed: where it stands today. */
async function wishResource(db: Db, ctx: CallContext, schoolId: string, now: Date): Promise<Resource> {
  return { school: personOf(ctx.actor)?.adminUnitId ? await schoolFactOn(db, schoolId, isoDateInHanoi(now)) : { schoolId, unitChain: [] } };
}

/** A school's wishes in a campaign (its own staff, its area's officer, the department). */
export async function listWishes(db: Db, ctx: CallContext, input: { campaignId: string; schoolId?: string | undefined }, now: Date): Promise<WishDto[]> {
  const actor = personOf(ctx.actor);
  let schoolIds: string[] | null = null;
  if (input.schoolId) {
    authorize(ctx.actor, 'matching.wishes.read', await wishResource(db, ctx, input.schoolId, now));
    schoolIds = [input.schoolId];
  } else if (scopeFor(ctx.actor, 'matching.wishes.read')?.kind !== 'all') {
    if (!actor) throw new ForbiddenError();
    // Everyone else reads one school at a time; school users their own by default.
    if (!actor.schoolId) throw new ValidationError('schoolId', 'required');
    authorize(ctx.actor, 'matching.wishes.read', { school: { schoolId: actor.schoolId, unitChain: [] } });
    schoolIds = [actor.schoolId];
  }
  const rows = await listWishRows(db, input.campaignId, schoolIds);
  return rows.map((r) => ({
    schoolId: r.school_id,
    partnerId: r.partner_id,
    rank: r.rank,
    partner: { name: r.partner_name, shortName: r.partner_short_name, code: r.partner_code, level: r.partner_level, areaType: r.partner_area_type },
  }));
}

/** Replace a school's ranked wishes: its leader, its area's officer or the department. */
export async function setWishes(trx: Db, ctx: CallContext, input: WishesInput, now: Date): Promise<WishDto[]> {
  authorize(ctx.actor, 'matching.wishes.edit', await wishResource(trx, ctx, input.schoolId, now));
  const campaign = await findCampaignRow(trx, input.campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  const partnerIds = input.partnerIds;
  if (new Set(partnerIds).size !== partnerIds.length) throw new ValidationError('partnerIds', 'wish_duplicate');
  if (partnerIds.includes(input.schoolId)) throw new ValidationError('partnerIds', 'wish_self');
  const known = await schoolNamesByIds(trx, [input.schoolId, ...partnerIds]);
  if (!known.some((s) => s.id === input.schoolId)) throw new ValidationError('schoolId', 'unknown_school');
  if (partnerIds.some((id) => !known.some((s) => s.id === id))) throw new ValidationError('partnerIds', 'unknown_school');
  const before = (await listWishRows(trx, input.campaignId, [input.schoolId])).map((r) => r.partner_id);
  await replaceWishRows(trx, input.campaignId, input.schoolId, partnerIds, personOf(ctx.actor)?.userId ?? null, now);
  await recordAudit(trx, ctx, {
    action: 'matching.wishes',
    entity: 'school',
    entityId: input.schoolId,
    before: { campaignId: input.campaignId, partnerIds: before },
    after: { campaignId: input.campaignId, partnerIds },
  });
  return listWishes(trx, ctx, { campaignId: input.campaignId, schoolId: input.schoolId }, now);
}

// ---- runs

/** What the engine saw: kept with the run so that its result can be explained later. */
export interface RunInputs {
  schools: (EngineSchool & { code: string })[];
  wishes: Wish[];
  existing: { a: string; b: string }[];
  areas: Record<string, AreaName>;
}

interface StoredMode {
  summary: ModeSummary;
  pairs: ProposedPair[];
}

export interface RunResult {
  optimal: StoredMode;
  stable: StoredMode;
  leftCount: number;
  rightCount: number;
  edgeCount: number;
  excluded: { schoolId: string; reason: string }[];
  timings: Record<string, number>;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Create a run and queue it (or, without a queue — the CLI — compute it here). Answers when it
 * is done or after `waitMs`, whichever comes first (the page then polls `getRun`). A request
 * that breaks a constraint (a locked pair over capacity…) fails the run; when that is known
 * within `waitMs` it is thrown.
 */
export async function startRun(
  db: Kysely<Database>,
  ctx: CallContext,
  params: RunParams,
  now: Date,
  jobs: JobQueue | null,
  waitMs = 20_000,
): Promise<string> {
  authorize(ctx.actor, 'matching.run.start');
  // Settings that contradict each other are refused at once, not after a queued run however busy
  // the workers are (the engine checks the same again).
  if (params.spread && params.leftCapacity > 1 && params.rightCapacity > 1) throw new MatchingInputError('MATCHING_SPREAD_ONE_SIDE', {}, 'spread');
  const id = await db.transaction().execute(async (trx) => {
    const campaign = await findCampaignRow(trx, params.campaignId);
    if (!campaign) throw new CampaignNotFoundError();
    if (params.parentRunId) {
      const parent = await findRunRow(trx, params.parentRunId);
      if (!parent) throw new MatchingRunNotFoundError();
      assertRunVisible(ctx, parent);
    }
    const row = await insertRun(trx, {
      campaign_id: params.campaignId,
      parent_run_id: params.parentRunId ?? null,
      label: params.label ?? null,
      mode: params.mode,
      params: JSON.stringify(params),
      created_by_user_id: personOf(ctx.actor)?.userId ?? null,
      created_by: personOf(ctx.actor)?.username ?? ctx.via ?? null,
      heartbeat_at: now,
    });
    await recordAudit(trx, ctx, { action: 'matching.run', entity: 'matching_run', entityId: row.id, after: params });
    if (jobs) await jobs.send(MATCHING_QUEUE, row.id, { runId: row.id, ctx, now: now.toISOString() } satisfies RunJobPayload, trx);
    return row.id;
  });
  if (jobs) {
    jobs.wake(MATCHING_QUEUE);
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      const row = await findRunRow(db, id);
      if (row && row.status !== 'queued' && row.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } else {
    await executeRun(db, id, params, now, ctx, { timeLimitMs: 0 });
  }
  const row = await findRunRow(db, id);
  const error = row?.status === 'failed' ? (row.error as RunError | null) : null;
  if (error?.refused) throw new DomainError(error.code, 400, error.params, error.field ?? undefined);
  return id;
}

/**
 * Load, score, solve, store — writing the phase between steps. A refused input, the time
 * limit or the memory cap fail the run with their reason (not thrown: the job is done); a
 * stopped job is handed back (the run is queued again); anything else is thrown.
 */
export async function executeRun(
  db: Kysely<Database>,
  id: string,
  params: RunParams,
  now: Date,
  ctx: CallContext,
  opts: { timeLimitMs: number; signal?: AbortSignal | undefined },
): Promise<void> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  // A phase report never revives a run that has already ended (failed, or handed back).
  const phase = async (name: string, progress: number) => {
    await updateRun(db, id, { status: 'running', phase: name, progress, heartbeat_at: new Date() }, ['queued', 'running']);
    await tick();
  };
  // The engine thread's phase reports, written in turn; awaited before the run's end is written,
  // so that a late 'running' cannot overwrite 'failed' (a refused run read back as still running).
  let reported: Promise<void> = Promise.resolve();
  try {
    await phase('loading', 5);
    // The schools the caller may name in a proposal: all, or an area officer's area.
    const scope = scopeFor(ctx.actor, 'pair.propose');
    if (!scope) throw new ForbiddenError();
    const inputs = await loadInputs(db, params, now, scope.kind === 'all' ? null : scope);
    timings.loading = Math.round(performance.now() - t0);
    const engineInput: EngineInput = {
      schools: inputs.schools,
      wishes: inputs.wishes,
      weights: params.weights,
      constraints: {
        sameLevel: params.sameLevel,
        leftAreaTypes: params.leftAreaTypes,
        rightAreaTypes: params.rightAreaTypes,
        leftCapacity: params.leftCapacity,
        rightCapacity: params.rightCapacity,
        maxDistanceKm: params.maxDistanceKm,
        minScore: params.minScore ?? 0,
        spread: params.spread ?? false,
        locked: params.locked,
        forbidden: params.forbidden,
        existing: inputs.existing,
        alreadyPaired: params.alreadyPaired,
      },
    };
    // Computed in a worker thread, so that the node keeps answering; the thread reports its
    // phases itself (the run's heartbeat) and is ended when the time limit passes.
    const computed: EngineResult = await runEngineOffThread(engineInput, {
      timeLimitMs: opts.timeLimitMs,
      signal: opts.signal,
      onPhase: (p) => (reported = reported.then(() => phase(p, p === 'scoring' ? 25 : 50)).catch(() => {})),
    });
    await reported;
    const outcome = computed.outcome;
    timings.scoring = computed.timings.scoring;
    timings.solving = computed.timings.solving;
    await phase('saving', 90);
    const split = (m: ModeOutcome): StoredMode => {
      const { pairs, ...summary } = m;
      return { summary, pairs };
    };
    const result: RunResult = {
      optimal: split(outcome.optimal),
      stable: split(outcome.stable),
      leftCount: outcome.leftCount,
      rightCount: outcome.rightCount,
      edgeCount: outcome.edgeCount,
      excluded: outcome.excluded,
      timings,
    };
    const chosen = result[params.mode];
    const summary: RunSummary = {
      mode: params.mode,
      ...chosen.summary,
      leftCount: outcome.leftCount,
      rightCount: outcome.rightCount,
      edgeCount: outcome.edgeCount,
      schools: inputs.schools.length,
      alternatives: { optimal: result.optimal.summary, stable: result.stable.summary },
      millis: Math.round(performance.now() - t0),
    };
    await updateRun(db, id, {
      status: 'succeeded',
      phase: 'done',
      progress: 100,
      inputs: JSON.stringify(inputs),
      result: JSON.stringify(result),
      summary: JSON.stringify(summary),
      finished_at: new Date(),
      heartbeat_at: new Date(),
    });
  } catch (err) {
    await reported;
    if (err instanceof JobAbortedError) {
      await updateRun(db, id, { status: 'queued', phase: 'queued', progress: 0 });
      throw err;
    }
    if (!(err instanceof DomainError)) throw err;
    await failRun(db, id, runErrorOf(err));
  }
}

/** Record why a run failed (unless it already ended). */
export async function failRun(db: Db, id: string, error: RunError): Promise<void> {
  await updateRun(db, id, { status: 'failed', phase: 'failed', error: JSON.stringify(error), finished_at: new Date() }, ['queued', 'running']);
}

async function loadInputs(db: Db, params: RunParams, now: Date, scope: Scope | null): Promise<RunInputs> {
  const areaTypes = [...params.leftAreaTypes, ...params.rightAreaTypes];
  const rows = await engineSchoolRows(db, {
    levels: params.levels,
    areaTypes,
    schoolIds: params.schoolIds,
    ...(scope ? { scope: schoolIdsInScope(scope, isoDateInHanoi(now)) } : {}),
  });
  const ids = rows.map((r) => r.id);
  const caps = await listCapabilities(db, ids);
  const strengths = new Map<string, { area: string; level: number }[]>();
  const needs = new Map<string, { area: string; level: number }[]>();
  const usedAreas = new Set<string>();
  for (const c of caps) {
    const m = c.kind === 'strength' ? strengths : needs;
    if (!m.has(c.school_id)) m.set(c.school_id, []);
    m.get(c.school_id)!.push({ area: c.area_code, level: c.level });
    usedAreas.add(c.area_code);
  }
  const schools = rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    level: r.level,
    areaType: r.area_type as AreaType,
    latitude: r.latitude,
    longitude: r.longitude,
    students: r.students,
    strengths: strengths.get(r.id) ?? [],
    needs: needs.get(r.id) ?? [],
  }));
  const wishes = (await wishesAmong(db, params.campaignId, ids)).map((w) => ({ schoolId: w.school_id, partnerId: w.partner_id, rank: w.rank }));
  const selected = new Set(ids);
  const existing: { a: string; b: string }[] = [];
  for (const members of await livePairSchools(db, params.campaignId, now)) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (selected.has(members[i]!) || selected.has(members[j]!)) existing.push({ a: members[i]!, b: members[j]! });
      }
    }
  }
  const areas: Record<string, AreaName> = {};
  for (const a of await listAllCapabilityAreas(db)) if (usedAreas.has(a.code)) areas[a.code] = { nameVi: a.name_vi, nameEn: a.name_en };
  return { schools, wishes, existing, areas };
}

interface AcceptedEntry {
  left: string;
  right: string;
  pairId: string;
  at: string;
}

function runDto(row: Pick<MatchingRunRow, 'id' | 'campaign_id' | 'parent_run_id' | 'label' | 'mode' | 'status' | 'phase' | 'progress' | 'params' | 'summary' | 'error' | 'accepted' | 'created_by' | 'created_at' | 'finished_at' | 'heartbeat_at'>, locale: Locale): RunDto {
  const status = row.status;
  const e = row.error as RunError | null;
  const error = e ? { code: e.code, message: domainErrorBody(new DomainError(e.code, 400, e.params, e.field ?? undefined), locale).error.message, field: e.field } : null;
  return {
    id: row.id,
    campaignId: row.campaign_id,
    parentRunId: row.parent_run_id,
    label: row.label,
    mode: row.mode,
    status,
    phase: row.phase,
    progress: row.progress,
    params: row.params as RunParams,
    summary: (row.summary as RunSummary | null) ?? null,
    error,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    acceptedCount: ((row.accepted as AcceptedEntry[]) ?? []).length,
  };
}

export async function listRuns(db: Db, ctx: CallContext, campaignId: string | undefined, locale: Locale, _now: Date): Promise<RunDto[]> {
  authorize(ctx.actor, 'matching.run.list');
  // Those the caller may read: all, or (a rule naming `creator`) their own.
  const own = factsNeeded(ctx.actor, 'matching.run.read').includes('creator') ? (personOf(ctx.actor)?.userId ?? '') : undefined;
  return (await listRunRows(db, campaignId, 50, own)).map((r) => runDto(r, locale));
}

function pairDtos(pairs: ProposedPair[], inputs: RunInputs, accepted: AcceptedEntry[], locale: Locale, params: RunParams): RunPairDto[] {
  const distanceMatters = params.weights.distance > 0 || params.maxDistanceKm !== null;
  const byId = new Map(inputs.schools.map((s) => [s.id, s]));
  const areas = new Map(Object.entries(inputs.areas));
  const acceptedBy = new Map(accepted.map((a) => [`${a.left}|${a.right}`, a.pairId]));
  const school = (id: string) => {
    const s = byId.get(id)!;
    return { id, name: s.name, shortName: s.shortName, code: s.code, areaType: s.areaType };
  };
  // Best first; ties in Vietnamese order of the schools' names.
  const sorted = [...pairs].sort(
    (x, y) => y.score - x.score || compareVietnamese(byId.get(x.left)!.shortName, byId.get(y.left)!.shortName) || compareVietnamese(byId.get(x.right)!.shortName, byId.get(y.right)!.shortName),
  );
  const unplaced = (p: ProposedPair) =>
    [p.left, p.right].map((id) => byId.get(id)!).filter((s) => s.latitude === null || s.longitude === null).map((s) => s.shortName);
  return sorted.map((p) => {
    const left = school(p.left);
    const right = school(p.right);
    return {
      left,
      right,
      score: p.score,
      locked: p.locked,
      points: p.evaluation.points,
      distanceKm: p.evaluation.distanceKm,
      leftWishRank: p.evaluation.leftWishRank,
      rightWishRank: p.evaluation.rightWishRank,
      explanation: explainPair(p.evaluation, { left: left.shortName, right: right.shortName, areas, distanceMatters, withoutPosition: unplaced(p) }, locale, p.locked),
      pairId: acceptedBy.get(`${p.left}|${p.right}`) ?? null,
    };
  });
}

/** A run with its pairs, each scored and explained in the caller's language. */
export async function getRun(db: Db, ctx: CallContext, id: string, locale: Locale, _now: Date): Promise<RunDetailDto> {
  const row = await findRunRow(db, id);
  if (!row) throw new MatchingRunNotFoundError();
  assertRunVisible(ctx, row);
  const dto = runDto(row, locale);
  const inputs = row.inputs as RunInputs | null;
  const result = row.result as RunResult | null;
  if (!inputs || !result) return { ...dto, pairs: [], otherPairs: [], unpaired: [], excluded: [], withoutPosition: [], withoutAccount: [] };
  const accepted = (row.accepted as AcceptedEntry[]) ?? [];
  const chosen = result[row.mode];
  const other = result[row.mode === 'optimal' ? 'stable' : 'optimal'];
  const byId = new Map(inputs.schools.map((s) => [s.id, s]));
  const params = row.params as RunParams;
  const used = new Set(chosen.pairs.flatMap((p) => [p.left, p.right]));
  const excludedIds = new Set(result.excluded.map((e) => e.schoolId));
  const unpaired = inputs.schools
    .filter((s) => !used.has(s.id) && !excludedIds.has(s.id))
    .map((s) => ({ id: s.id, code: s.code, shortName: s.shortName, side: (params.leftAreaTypes.includes(s.areaType) ? 'left' : 'right') as 'left' | 'right' }))
    .sort((x, y) => (x.side === y.side ? compareVietnamese(x.shortName, y.shortName) : x.side === 'left' ? -1 : 1));
  return {
    ...dto,
    pairs: pairDtos(chosen.pairs, inputs, accepted, locale, params),
    otherPairs: pairDtos(other.pairs, inputs, accepted, locale, params),
    unpaired,
    excluded: result.excluded.map((e) => ({ id: e.schoolId, code: byId.get(e.schoolId)?.code ?? '', shortName: byId.get(e.schoolId)?.shortName ?? e.schoolId, reason: e.reason })),
    withoutPosition: inputs.schools
      .filter((s) => (s.latitude === null || s.longitude === null) && !excludedIds.has(s.id))
      .map((s) => ({ id: s.id, code: s.code, shortName: s.shortName, paired: used.has(s.id) }))
      .sort((x, y) => compareVietnamese(x.shortName, y.shortName)),
    withoutAccount: await schoolsWithoutAccount(db, inputs.schools.map((s) => s.id)),
  };
}

/** A finished run as an Excel workbook (pairs with explanations, schools left out, settings). */
export async function exportRun(db: Db, ctx: CallContext, id: string, locale: Locale, now: Date): Promise<{ bytes: Buffer; fileName: string }> {
  const run = await getRun(db, ctx, id, locale, now);
  if (run.status !== 'succeeded') throw new DomainError('MATCHING_RUN_NOT_FINISHED', 409);
  const campaign = await findCampaignRow(db, run.campaignId);
  const { writeRunWorkbook } = await import('./matching.xlsx.ts');
  const day = isoDateInHanoi(new Date(run.createdAt)).split('-').reverse().join('-');
  const fileName = locale === 'en' ? `Pairing-result-${day}.xlsx` : `Kết quả ghép cặp ${day}.xlsx`;
  return { bytes: await writeRunWorkbook(run, campaign?.number ?? '', locale), fileName };
}

/** Two runs side by side: their summaries and the pairs only one of them proposes. */
export async function compareRuns(db: Db, ctx: CallContext, aId: string, bId: string, locale: Locale, now: Date): Promise<RunComparisonDto> {
  const [a, b] = [await getRun(db, ctx, aId, locale, now), await getRun(db, ctx, bId, locale, now)];
  const key = (p: RunPairDto) => `${p.left.id}|${p.right.id}`;
  const inA = new Set(a.pairs.map(key));
  const inB = new Set(b.pairs.map(key));
  const strip = ({ pairs: _p, otherPairs: _o, unpaired: _u, excluded: _e, withoutPosition: _w, withoutAccount: _a, ...rest }: RunDetailDto): RunDto => rest;
  return {
    a: strip(a),
    b: strip(b),
    common: a.pairs.filter((p) => inB.has(key(p))).length,
    onlyA: a.pairs.filter((p) => !inB.has(key(p))),
    onlyB: b.pairs.filter((p) => !inA.has(key(p))),
  };
}

/** The run's score and explanation of a pair, in both languages, for the pair to keep. */
function proposalOf(row: MatchingRunRow, ref: { left: string; right: string }): PairProposal | undefined {
  const inputs = row.inputs as RunInputs;
  const result = row.result as RunResult;
  const params = row.params as RunParams;
  const found = [...result[row.mode].pairs, ...result[row.mode === 'optimal' ? 'stable' : 'optimal'].pairs].find((x) => x.left === ref.left && x.right === ref.right);
  if (!found) return undefined;
  // The lock is the department's working tool, not a reason to give the schools.
  const [vi, en] = (['vi', 'en'] as const).map((locale) => pairDtos([{ ...found, locked: false }], inputs, [], locale, params)[0]!.explanation);
  return { runId: row.id, score: found.score, explanation: { vi: vi!, en: en! } };
}

/**
 * Turn chosen pairs of a finished run into proposed pairs (the pairs feature's `proposePair`,
 * so the usual acceptance by both leaders follows). All or nothing, in the caller's transaction.
 */
export async function acceptRunPairs(
  trx: Db,
  ctx: CallContext,
  runId: string,
  pairs: { left: string; right: string }[],
  now: Date,
  confirmCampaignEnded?: boolean,
): Promise<{ created: AcceptedEntry[] }> {
  const row = await findRunRow(trx, runId, true);
  if (!row) throw new MatchingRunNotFoundError();
  assertRunVisible(ctx, row, 'matching.run.accept');
  if (row.status !== 'succeeded') throw new DomainError('MATCHING_RUN_NOT_FINISHED', 409);
  const result = row.result as RunResult;
  const inRun = new Set([...result.optimal.pairs, ...result.stable.pairs].map((p) => `${p.left}|${p.right}`));
  const accepted = (row.accepted as AcceptedEntry[]) ?? [];
  const done = new Set(accepted.map((a) => `${a.left}|${a.right}`));
  const seen = new Set<string>();
  const created: AcceptedEntry[] = [];
  for (const p of pairs) {
    const k = `${p.left}|${p.right}`;
    if (!inRun.has(k)) throw new DomainError('MATCHING_PAIR_NOT_IN_RUN', 400, {}, 'pairs');
    if (done.has(k) || seen.has(k)) throw new DomainError('MATCHING_PAIR_ALREADY_ACCEPTED', 409, {}, 'pairs');
    seen.add(k);
    // An ended campaign is refused (or confirmed) for the whole batch: the first proposal decides, all or nothing.
    const { id } = await proposePair(trx, ctx, { campaignId: row.campaign_id, schoolIds: [p.left, p.right], proposal: proposalOf(row, p), confirmCampaignEnded }, now);
    created.push({ left: p.left, right: p.right, pairId: id, at: now.toISOString() });
  }
  await updateRun(trx, runId, { accepted: JSON.stringify([...accepted, ...created]) });
  await recordAudit(trx, ctx, {
    action: 'matching.accept',
    entity: 'matching_run',
    entityId: runId,
    before: { accepted: accepted.length },
    after: { accepted: accepted.length + created.length, pairs: created.map((c) => ({ left: c.left, right: c.right, pairId: c.pairId })) },
  });
  return { created };
}

