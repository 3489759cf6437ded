/**
 * Import jobs: the upload is stored, answered at once with an id, and processed
 * in the background of the node that received it; progress and outcome live in
 * the database, so any node answers the page's polling and serves the marked file.
 */
import type { Kysely } from 'kysely';
import { ForbiddenError, NotFoundError } from '#src/core/errors.ts';
import type { ImportChange, ImportJobDto, IssueDto } from '#src/core/registry/dto.ts';
import type { ImportIssue } from '#src/core/registry/import-sheet.ts';
import type { Database } from '#src/db/schema.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { importSchools, type ImportOutcome } from './school-import.service.ts';
import {
  findImportFile,
  findImportJob,
  finishImportJob,
  insertImportJob,
  listImportJobs,
  updateImportProgress,
} from './school-import.repository.ts';
import { writeMarkedCopy } from './schools.xlsx.ts';

/** A running job that has not written progress for this long died with its node. */
const STALE_MS = 2 * 60 * 1000;

export function issueMessage(locale: Locale, i: ImportIssue): string {
  return translate(locale, `import.${i.code}`, i.params);
}

export function issueDto(locale: Locale, i: ImportIssue): IssueDto {
  return { row: i.row, column: i.column, cell: i.cell, code: i.code, message: issueMessage(locale, i) };
}

function assertImporter(ctx: CallContext) {
  if (ctx.actor && ctx.actor.role !== 'department-admin') throw new ForbiddenError();
}

/** Store the upload and start it; returns the job id at once. */
export async function startImportJob(
  db: Kysely<Database>,
  ctx: CallContext,
  input: { file: Buffer; fileName: string; dryRun: boolean; asOf: string },
  log: (err: unknown) => void,
): Promise<string> {
  assertImporter(ctx);
  const id = await insertImportJob(db, {
    createdByUserId: ctx.actor?.userId ?? null,
    createdBy: ctx.actor?.username ?? ctx.via ?? null,
    ...input,
  });
  // Not awaited: the request answers now, the page polls the job.
  void runImportJob(db, ctx, id, input).catch(log);
  return id;
}

export async function runImportJob(
  db: Kysely<Database>,
  ctx: CallContext,
  id: string,
  input: { file: Buffer; fileName: string; dryRun: boolean; asOf: string },
): Promise<ImportOutcome> {
  let lastWrite = 0;
  try {
    const outcome = await importSchools(db, ctx, {
      ...input,
      jobId: id,
      onProgress: async (phase, done, total) => {
        const now = Date.now();
        if (now - lastWrite < 300 && phase !== 'checking') return;
        lastWrite = now;
        await updateImportProgress(db, id, phase, done, total);
      },
    });
    await finishImportJob(db, id, {
      status: outcome.ok ? 'succeeded' : 'rejected',
      rows: outcome.rows,
      created: outcome.created,
      updated: outcome.updated,
      unchanged: outcome.unchanged,
      errors: outcome.errors,
      warnings: outcome.warnings,
      changes: outcome.changes,
    });
    return outcome;
  } catch (err) {
    await finishImportJob(db, id, { status: 'failed', rows: 0, created: 0, updated: 0, unchanged: 0, errors: [], warnings: [], changes: [] });
    throw err;
  }
}

/** The job's state for the page; long lists are cut (the marked file has every error). */
export async function getImportJob(
  db: Db,
  ctx: CallContext,
  id: string,
  locale: Locale,
  now: Date,
  limits = { errors: 1000, changes: 500 },
): Promise<ImportJobDto> {
  assertImporter(ctx);
  const job = await findImportJob(db, id);
  if (!job) throw new NotFoundError('import');
  let status = job.status;
  if ((status === 'running' || status === 'queued') && now.getTime() - job.heartbeat_at.getTime() > STALE_MS) status = 'failed';
  const errors = (job.errors as ImportIssue[]) ?? [];
  const warnings = (job.warnings as ImportIssue[]) ?? [];
  const changes = ((job.changes as ImportChange[]) ?? []).filter((c) => c.action !== 'unchanged');
  return {
    id: job.id,
    fileName: job.file_name,
    dryRun: job.dry_run,
    asOf: job.as_of,
    status,
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
