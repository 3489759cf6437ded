/**
 * Onboarding a city's schools from the registry (issue 12): the department (every school) or an
 * area officer (its area's schools) invites the leaders of the active schools that have no
 * leader account, from each school's e-mail and principal's name. A preview says how many and
 * what holds schools back; the run itself is ONE job of the job queue, which creates each
 * account through `createUser` (the same checks, audit row and invitation mail as one made on
 * the page) in a transaction of its own, so a run stopped half-way keeps what it did and a
 * rerun skips every school that got an account (idempotent).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '#src/core/access/guard.ts';
import { personOf, scopeFor, type Scope } from '#src/core/access/policy.ts';
import { DomainError, ForbiddenError, NotFoundError } from '#src/core/errors.ts';
import { leaderUsername, type OnboardingBlock, type OnboardingFilter, type OnboardingPreview, type OnboardingRunDto } from '#src/core/onboarding.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { Database } from '#src/db/schema.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { schoolsWithLeaderAccount } from './users.repository.ts';
import { findSchoolRow } from '#src/server/features/schools/schools.repository.ts';
import { reviveContext, type CallContext, type Db } from '#src/server/context.ts';
import type { Locale } from '#src/server/i18n/i18n.ts';
import type { JobDefinition, JobQueue } from '#src/server/jobs/job-queue.ts';
import { domainErrorBody } from '#src/server/plugins/errors.ts';
import {
  failOnboardingRunRow,
  findOnboardingRun,
  finishOnboardingRunRow,
  insertOnboardingRun,
  latestOnboardingRunRow,
  listSchoolsWithoutLeader,
  startOnboardingRunRow,
  updateOnboardingProgress,
  type OnboardingCandidate as Candidate,
  type OnboardingRunRow,
} from './onboarding.repository.ts';
import { findTakenEmails, findUserByUsername } from './users.repository.ts';
import { createUser } from './users.service.ts';

export const ONBOARDING_QUEUE = 'user-onboarding';

export interface OnboardingJobPayload {
  runId: string;
  ctx: CallContext;
}

interface Result {
  id: string;
  code: string;
  name: string;
  outcome: 'created' | OnboardingBlock | string;
  username: string | null;
  error?: { code: string; params: Record<string, string | number>; field?: string | undefined } | undefined;
}

const emailSchema = z.string().email().max(200);

/** The caller's schools to onboard: its scope of `user.onboard`, narrowed by the filter. */
function scopeOf(ctx: CallContext): Scope {
  // Who may onboard at all; which schools: the accounts' scope (each account is then checked as `user.create`).
  authorize(ctx.actor, 'user.onboard');
  const scope = scopeFor(ctx.actor, 'user.read');
  if (!scope) throw new ForbiddenError();
  return scope;
}

const normEmail = (e: string | null) => (e ?? '').trim().toLowerCase();

/** What blocks each school (empty: ready), with the duplicate addresses among them and in accounts. */
async function classify(db: Db, candidates: Candidate[]): Promise<{ reasons: Map<string, OnboardingBlock[]>; duplicateEmails: number }> {
  const count = new Map<string, number>();
  for (const c of candidates) {
    const e = normEmail(c.email);
    if (e) count.set(e, (count.get(e) ?? 0) + 1);
  }
  const emails = [...count.keys()];
  const inUse = new Set<string>();
  for (let i = 0; i < emails.length; i += 5000) {
    for (const email of await findTakenEmails(db, emails.slice(i, i + 5000))) inUse.add(email);
  }
  const reasons = new Map<string, OnboardingBlock[]>();
  for (const c of candidates) {
    const e = normEmail(c.email);
    const r: OnboardingBlock[] = [];
    if (!e) r.push('no_email');
    else if (!emailSchema.safeParse(e).success) r.push('invalid_email');
    else if (count.get(e)! > 1) r.push('duplicate_email');
    else if (inUse.has(e)) r.push('email_in_use');
    if (!c.principal_name?.trim()) r.push('no_principal');
    reasons.set(c.id, r);
  }
  return { reasons, duplicateEmails: [...count.values()].filter((n) => n > 1).length };
}

/** How many schools lack a leader account, how many a run would invite, and what holds the others back. */
export async function previewOnboarding(db: Db, ctx: CallContext, filter: OnboardingFilter, now: Date): Promise<OnboardingPreview> {
  const scope = scopeOf(ctx);
  const candidates = await listSchoolsWithoutLeader(db, scope, filter, isoDateInHanoi(now));
  const { reasons, duplicateEmails } = await classify(db, candidates);
  const blocked = candidates.filter((c) => reasons.get(c.id)!.length > 0);
  return {
    withoutLeader: candidates.length,
    ready: candidates.length - blocked.length,
    blocked: blocked.slice(0, 500).map((c) => ({ id: c.id, code: c.code, name: c.name, email: c.email, reasons: reasons.get(c.id)! })),
    blockedTotal: blocked.length,
    duplicateEmails,
  };
}

/** Queue a run for the caller's schools (and filter); answered at once with its id. */
export async function startOnboarding(db: Kysely<Database>, jobs: JobQueue, ctx: CallContext, filter: OnboardingFilter): Promise<string> {
  scopeOf(ctx);
  const id = await db.transaction().execute(async (trx) => {
    const runId = await insertOnboardingRun(trx, { createdByUserId: personOf(ctx.actor)?.userId ?? null, createdBy: personOf(ctx.actor)?.username ?? ctx.via ?? null, filter });
    await jobs.send(ONBOARDING_QUEUE, runId, { runId, ctx } satisfies OnboardingJobPayload, trx);
    return runId;
  });
  jobs.wake(ONBOARDING_QUEUE);
  return id;
}

/** A free username for the school's leader ("ht.<code>", then "ht.<code>.2", …). */
async function freeUsername(db: Db, code: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = leaderUsername(code, n);
    if (!(await findUserByUsername(db, name))) return name;
  }
}

const errorOf = (err: DomainError) => ({ code: err.code, params: err.params, field: err.field });

/**
 * The run (the job's work): every school of the filter without a leader account, in order of
 * code; each ready one gets its leader's account and invitation in one transaction (the school
 * row locked, and checked again: two runs at once never make two leaders). A school refused
 * (its address throttled, a name the account form refuses) is skipped with the reason; the
 * sender's limit reached stops the run (a rerun goes on from there).
 */
export async function runOnboarding(db: Kysely<Database>, ctx: CallContext, runId: string, now: () => Date, signal?: AbortSignal): Promise<void> {
  const run = await findOnboardingRun(db, runId);
  if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
  const filter = run.filter as OnboardingFilter;
  const scope = scopeOf(ctx);
  const candidates = await listSchoolsWithoutLeader(db, scope, filter, isoDateInHanoi(now()));
  const { reasons } = await classify(db, candidates);
  await startOnboardingRunRow(db, runId, candidates.length);
  const results: Result[] = [];
  let stop: DomainError | null = null;
  let lastWrite = 0;
  for (const c of candidates) {
    if (signal?.aborted) throw new Error('onboarding run handed back');
    const blocks = reasons.get(c.id)!;
    const base = { id: c.id, code: c.code, name: c.name };
    if (stop) {
      results.push({ ...base, outcome: 'not_reached', username: null });
      continue;
    }
    if (blocks.length) {
      results.push({ ...base, outcome: blocks[0]!, username: null });
      continue;
    }
    try {
      const made = await db.transaction().execute(async (trx) => {
        await findSchoolRow(trx, c.id, true);
        if ((await schoolsWithLeaderAccount(trx, [c.id])).size > 0) return null;
        const username = await freeUsername(trx, c.code);
        await createUser(
          trx,
          ctx,
          { username, displayName: c.principal_name!.trim(), email: normEmail(c.email), role: 'school-leader', schoolId: c.id, locale: 'vi' },
          now(),
          { onboarding: true },
        );
        return username;
      });
      results.push({ ...base, outcome: made ? 'created' : 'has_leader', username: made });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'MAIL_THROTTLED' && err.field !== 'email') {
        // The sender's limit: nothing more is sent in this run.
        stop = err;
        results.push({ ...base, outcome: 'not_reached', username: null });
      } else {
        results.push({ ...base, outcome: 'refused', username: null, error: errorOf(err) });
      }
    }
    if (Date.now() - lastWrite > 500) {
      lastWrite = Date.now();
      await progress(db, runId, results);
    }
  }
  const created = results.filter((r) => r.outcome === 'created');
  await db.transaction().execute(async (trx) => {
    await finishOnboardingRunRow(trx, runId, {
      status: stop ? 'stopped' : 'done',
      processed: results.length,
      created: created.length,
      skipped: results.length - created.length,
      results,
      error: stop ? errorOf(stop) : null,
      finishedAt: now(),
    });
    // One row for the run (each account has its own `user.create` and `user.invite` rows).
    await recordAudit(trx, ctx, {
      action: 'user.onboard',
      entity: 'onboarding_run',
      entityId: runId,
      after: {
        filter,
        schools: results.length,
        created: created.map((r) => ({ school: r.code, username: r.username })),
        skipped: results.length - created.length,
        ...(stop ? { stopped: stop.code } : {}),
      },
      schoolIds: created.map((r) => r.id),
    });
  });
}

async function progress(db: Db, runId: string, results: Result[]) {
  const created = results.filter((r) => r.outcome === 'created').length;
  await updateOnboardingProgress(db, runId, { processed: results.length, created, skipped: results.length - created });
}

/** The queue's side of a run. */
export function onboardingJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<OnboardingJobPayload> {
  const fail = async (runId: string, code: string) => {
    await failOnboardingRunRow(db, runId, code, new Date());
  };
  return {
    async run(job) {
      try {
        await runOnboarding(db, reviveContext(job.data.ctx), job.data.runId, now, job.signal);
      } catch (err) {
        // A refusal (the caller's authority gone) is recorded; anything else is retried.
        if (err instanceof DomainError) return fail(job.data.runId, err.code);
        if (job.lastAttempt && !job.signal.aborted) await fail(job.data.runId, 'JOB_GAVE_UP');
        throw err;
      }
    },
    async gaveUp(data) {
      await fail(data.runId, 'JOB_GAVE_UP');
    },
  };
}

function runDto(row: OnboardingRunRow, locale: Locale): OnboardingRunDto {
  const error = row.error as { code: string; params: Record<string, string | number>; field?: string } | null;
  const message = (e: { code: string; params: Record<string, string | number>; field?: string | undefined }) =>
    domainErrorBody(new DomainError(e.code, 400, e.params, e.field), locale).error.message;
  return {
    id: row.id,
    status: row.status,
    filter: row.filter as OnboardingFilter,
    total: row.total,
    processed: row.processed,
    created: row.created,
    skipped: row.skipped,
    results: ((row.results as Result[]) ?? []).map((r) => ({ id: r.id, code: r.code, name: r.name, outcome: r.outcome, username: r.username, message: r.error ? message(r.error) : null })),
    error: error ? { code: error.code, message: message(error) } : null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** A run the caller started (the department sees every run); 404 otherwise. */
export async function getOnboardingRun(db: Db, ctx: CallContext, id: string, locale: Locale): Promise<OnboardingRunDto> {
  const scope = scopeOf(ctx);
  const row = await findOnboardingRun(db, id);
  if (!row || (scope.kind !== 'all' && row.created_by_user_id !== personOf(ctx.actor)?.userId)) throw new NotFoundError('onboarding');
  return runDto(row, locale);
}

/** The caller's latest run (the department: anyone's), or null. */
export async function latestOnboardingRun(db: Db, ctx: CallContext, locale: Locale): Promise<OnboardingRunDto | null> {
  const scope = scopeOf(ctx);
  const row = await latestOnboardingRunRow(db, scope.kind === 'all' ? undefined : (personOf(ctx.actor)?.userId ?? '00000000-0000-0000-0000-000000000000'));
  return row ? runDto(row, locale) : null;
}
