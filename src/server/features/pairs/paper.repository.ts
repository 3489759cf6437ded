/** SQL of the paper steps: records of a school's acceptance or signature made on paper, and who has an account. */
import type { Insertable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { PaperRecordTable } from './paper.table.ts';

export async function insertPaperRecord(db: Db, values: Insertable<PaperRecordTable>) {
  return db.insertInto('paper_record').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A pair's paper records, with the display name of whoever recorded them. */
export async function listPaperRecords(db: Db, pairId: string) {
  return db
    .selectFrom('paper_record')
    .leftJoin('app_user', 'app_user.id', 'paper_record.recorded_by_user_id')
    .selectAll('paper_record')
    .select('app_user.display_name as recorded_by_name')
    .where('paper_record.pair_id', '=', pairId)
    .orderBy('paper_record.recorded_at')
    .execute();
}
export type PaperRecordWithName = Awaited<ReturnType<typeof listPaperRecords>>[number];

/** The paper signatures of some MoU versions (for their documents and signature lists). */
export async function listPaperSignatures(db: Db, mouIds: string[]) {
  if (!mouIds.length) return [];
  return db
    .selectFrom('paper_record')
    .leftJoin('app_user', 'app_user.id', 'paper_record.recorded_by_user_id')
    .selectAll('paper_record')
    .select('app_user.display_name as recorded_by_name')
    .where('paper_record.kind', '=', 'signature')
    .where('paper_record.mou_id', 'in', mouIds)
    .execute();
}

export async function findPaperRecord(db: Db, pairId: string, id: string) {
  return db.selectFrom('paper_record').selectAll().where('pair_id', '=', pairId).where('id', '=', id).executeTakeFirst();
}

