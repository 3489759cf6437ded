import type { Db } from '#src/server/context.ts';

export async function insertImportJob(
  db: Db,
  v: { createdByUserId: string | null; createdBy: string | null; fileName: string; file: Buffer; dryRun: boolean; asOf: string },
) {
  const row = await db
    .insertInto('school_import')
    .values({
      created_by_user_id: v.createdByUserId,
      created_by: v.createdBy,
      file_name: v.fileName,
      file: v.file,
      dry_run: v.dryRun,
      as_of: v.asOf,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateImportProgress(db: Db, id: string, phase: string, processed: number, total: number) {
  await db
    .updateTable('school_import')
    .set({ status: 'running', phase, processed_rows: processed, total_rows: total, heartbeat_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function finishImportJob(
  db: Db,
  id: string,
  v: {
    status: 'succeeded' | 'rejected' | 'failed';
    rows: number;
    created: number;
    updated: number;
    unchanged: number;
    errors: unknown[];
    warnings: unknown[];
    changes: unknown[];
  },
) {
  await db
    .updateTable('school_import')
    .set({
      status: v.status,
      phase: 'done',
      total_rows: v.rows,
      processed_rows: v.rows,
      created: v.created,
      updated: v.updated,
      unchanged: v.unchanged,
      error_count: v.errors.length,
      errors: JSON.stringify(v.errors),
      warnings: JSON.stringify(v.warnings),
      changes: JSON.stringify(v.changes),
      finished_at: new Date(),
      heartbeat_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Record why an import failed (unless it already ended). */
export async function failImportJob(db: Db, id: string, error: { code: string; params: Record<string, string | number> }) {
  await db
    .updateTable('school_import')
    .set({ status: 'failed', phase: 'done', error: JSON.stringify(error), finished_at: new Date(), heartbeat_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** A stopped import goes back to the queue. */
export async function requeueImportJob(db: Db, id: string) {
  await db.updateTable('school_import').set({ status: 'queued', phase: 'queued', processed_rows: 0 }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** The job without its file (which can be megabytes). */
export async function findImportJob(db: Db, id: string) {
  return db
    .selectFrom('school_import')
    .select([
      'id',
      'created_at',
      'finished_at',
      'created_by_user_id',
      'created_by',
      'file_name',
      'dry_run',
      'as_of',
      'status',
      'phase',
      'total_rows',
      'processed_rows',
      'created',
      'updated',
      'unchanged',
      'error_count',
      'errors',
      'warnings',
      'changes',
      'heartbeat_at',
      'error',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findImportFile(db: Db, id: string) {
  return db.selectFrom('school_import').select(['file', 'file_name', 'errors', 'status', 'dry_run', 'as_of']).where('id', '=', id).executeTakeFirst();
}

export async function listImportJobs(db: Db, limit: number) {
  return db
    .selectFrom('school_import')
    .select(['id', 'created_at', 'finished_at', 'created_by', 'file_name', 'dry_run', 'status', 'total_rows', 'created', 'updated', 'error_count'])
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
