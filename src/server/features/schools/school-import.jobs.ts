/**
 * Import jobs: the upload is stored and queued in one transaction, answered at once with an
 * id, and processed by whichever node's worker takes the job (the job queue); progress and
 * outcome live in the database, so any node answers the page's polling and serves the marked
 * file. A file that cannot be read (or is too big to read safely) fails the job with its
 * reason; the queue retries only what may succeed on another try.
 */
import type { Kysely } from 'kysely';
import { DomainError, NotFoundError } from '#src/core/errors.ts';
import { authorize } from '#src/core/access/guard.ts';
import { personOf } from '#src/core/access/policy.ts';
import type { ImportChange, ImportJobDto, IssueDto } from '#src/core/registry/dto.ts';
import type { ImportIssue } from '#src/core/registry/import-sheet.ts';
import type { Database } from '#src/db/schema.ts';
import { reviveContext, type CallContext, type Db } from '#src/server/context.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import type { JobDefinition, JobQueue } from '#src/server/jobs/job-queue.ts';
import { JobAbortedError } from '#src/server/jobs/threads.ts';
import { domainErrorBody } from '#src/server/plugins/errors.ts';
import { importSchools, type ImportOutcome } from './school-import.service.ts';
import {
  failImportJob,
  findImportFile,
  findImportJob,
  finishImportJob,
  insertImportJob,
  listImportJobs,
  requeueImportJob,
  updateImportProgress,
} from './school-import.repository.ts';
import { writeMarkedCopy } from './schools.xlsx.ts';
import { queueRegistryVacuum } from './registry-vacuum.jobs.ts';

export const IMPORT_QUEUE = 'school-import';

export interface ImportJobPayload {
  importId: string;
  ctx: CallContext;
}

/** Why an import failed, as kept in `school_import.error`. */
export interface ImportError {
  code: string;
  params: Record<string, string | number>;
}

const importErrorOf = (err: unknown): ImportError => (err instanceof DomainError ? { code: err.code, params: err.params } : { code: 'JOB_INTERNAL', params: {} });

export function issueMessage(locale: Locale, i: ImportIssue): string {
  return translate(locale, `import.${i.code}`, i.params);
}

export function issueDto(locale: Locale, i: ImportIssue): IssueDto {
  return { row: i.row, column: i.column, cell: i.cell, code: i.code, message: issueMessage(locale, i) };
}

/** Registry imports are the department's (and the system's: the CLI, the job runner). */
function assertImporter(ctx: CallContext) {
  authorize(ctx.actor, 'school.import');
}

/** Store the upload and queue it; returns the job id at once. */
export async function startImportJob(
  db: Kysely<Database>,
  jobs: JobQueue,
  ctx: CallContext,
  input: { file: Buffer; fileName: string; dryRun: boolean; asOf: string },
): Promise<string> {
  assertImporter(ctx);
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertImportJob(trx, {
      createdByUserId: personOf(ctx.actor)?.userId ?? null,
      createdBy: personOf(ctx.actor)?.username ?? ctx.via ?? null,
      ...input,
    });
    await jobs.send(IMPORT_QUEUE, id, { importId: id, ctx } satisfies ImportJobPayload, trx);
    return id;
  });
  jobs.wake(IMPORT_QUEUE);
  return id;
}

/**
 * Run one import and record its outcome. A file refused for a reason (unreadable, too big, the
 * time limit) fails the job with that reason; a stopped job is queued again; anything else is
 * thrown (the queue retries it).
 */
export async function runImportJob(
  db: Kysely<Database>,
  ctx: CallContext,
  id: string,
  input: { file: Buffer; fileName: string; dryRun: boolean; asOf: string },
  opts: { timeLimitMs?: number; signal?: AbortSignal } = {},
): Promise<ImportOutcome | null> {
  let lastWrite = 0;
  let recorded = false;
  const record = async (on: Db, outcome: ImportOutcome) => {
    await finishImportJob(on, id, {
      status: outcome.ok ? 'succeeded' : 'rejected',
      rows: outcome.rows,
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      errors: outcome.errors,
      warnings: outcome.warnings,
      changes: outcome.changes,
    });
    recorded = true;
  };
  try {
    const outcome = await importSchools(db, ctx, {
      ...input,
      ...opts,
      jobId: id,
      onProgress: async (phase, done, total) => {
        const now = Date.now();
        if (now - lastWrite < 300 && phase !== 'checking') return;
        lastWrite = now;
        await updateImportProgress(db, id, phase, done, total);
      },
      // Recorded with the schools it wrote (one transaction): exactly once, whatever stops the node.
      onWritten: record,
    });
    // A dry run or a refused file wrote nothing: recorded on its own.
    if (!recorded) await record(db, outcome);
    return outcome;
  } catch (err) {
    if (err instanceof JobAbortedError) {
      await requeueImportJob(db, id);
      throw err;
    }
    if (!(err instanceof DomainError)) throw err;
    await failImportJob(db, id, importErrorOf(err));
    return null;
  }
}

/**
 * The queue's side of an import: claim the row (an ended import never runs again), run it; an
 * import that wrote schools queues the registry's vacuum (registry-vacuum.jobs.ts).
 */
export function importJob(db: Kysely<Database>, timeLimitMs: number, jobs?: JobQueue): JobDefinition<ImportJobPayload> {
  return {
    async run(job) {
      const row = await findImportFile(db, job.data.importId);
      if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
      const input = { file: row.file, fileName: row.file_name, dryRun: row.dry_run, asOf: row.as_of };
      try {
        const outcome = await runImportJob(db, reviveContext(job.data.ctx), job.data.importId, input, { timeLimitMs, signal: job.signal });
        if (jobs && outcome?.ok && !input.dryRun && outcome.created + outcome.updated > 0) await queueRegistryVacuum(jobs);
      } catch (err) {
        if (err instanceof JobAbortedError || !job.lastAttempt) throw err;
        await failImportJob(db, job.data.importId, importErrorOf(err));
      }
    },
    async gaveUp(data) {
      await failImportJob(db, data.importId, { code: 'JOB_GAVE_UP', params: {} });
    },
  };
}

/** The job's state for the page; long lists are cut (the marked file has every error). */
export async function getImportJob(
  db: Db,
  ctx: CallContext,
  id: string,
  locale: Locale,
  limits = { errors: 1000, changes: 500 },
): Promise<ImportJobDto> {
  assertImporter(ctx);
  const job = await findImportJob(db, id);
  if (!job) throw new NotFoundError('import');
  const failure = job.error as ImportError | null;
  const errors = (job.errors as ImportIssue[]) ?? [];
  const warnings = (job.warnings as ImportIssue[]) ?? [];
  const changes = ((job.changes as ImportChange[]) ?? []).filter((c) => c.action !== 'unchanged');
  return {
    id: job.id,
    fileName: job.file_name,
    dryRun: job.dry_run,
    asOf: job.as_of,
    status: job.status,
    phase: job.phase,
    processedRows: job.processed_rows,
    totalRows: job.total_rows,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    errorCount: job.error_count,
    errors: errors.slice(0, limits.errors).map((i) => issueDto(locale, i)),
    warnings: warnings.slice(0, limits.errors).map((i) => issueDto(locale, i)),
    changes: changes.slice(0, limits.changes),
    changesTotal: changes.length,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
    error: failure ? { code: failure.code, message: domainErrorBody(new DomainError(failure.code, 500, failure.params), locale).error.message } : null,
  };
}

export async function recentImportJobs(db: Db, ctx: CallContext) {
  assertImporter(ctx);
  return (await listImportJobs(db, 20)).map((j) => ({
    id: j.id,
    fileName: j.file_name,
    dryRun: j.dry_run,
    status: j.status,
    rows: j.total_rows,
    created: j.created,
    updated: j.updated,
    errorCount: j.error_count,
    createdBy: j.created_by,
    createdAt: j.created_at.toISOString(),
  }));
}

/** The user's file with the bad cells marked, and its download name. */
export async function markedCopy(db: Db, ctx: CallContext, id: string, locale: Locale) {
  assertImporter(ctx);
  const job = await findImportFile(db, id);
  if (!job) throw new NotFoundError('import');
  const issues = ((job.errors as ImportIssue[]) ?? []).map((i) => ({ row: i.row, cell: i.cell, column: i.column, message: issueMessage(locale, i) }));
  const base = job.file_name.replace(/\.xlsx$/iu, '');
  return { file: await writeMarkedCopy(job.file, issues), fileName: `${base} - loi.xlsx` };
}
