import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { BeneficiaryAccessLogTable, BeneficiaryTable } from './support.table.ts';

export async function insertAccessLog(db: Db, values: Insertable<BeneficiaryAccessLogTable>) {
  await db.insertInto('beneficiary_access_log').values(values).execute();
}

export async function findBeneficiary(db: Db, id: string, lock = false) {
  let q = db.selectFrom('beneficiary').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listBeneficiaryRows(db: Db, schoolId: string) {
  return db.selectFrom('beneficiary').selectAll().where('school_id', '=', schoolId).where('erased_at', 'is', null).orderBy('full_name').execute();
}

export async function insertBeneficiary(db: Db, values: Insertable<BeneficiaryTable>) {
  return db.insertInto('beneficiary').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateBeneficiary(db: Db, id: string, values: Updateable<BeneficiaryTable>) {
  return db.updateTable('beneficiary').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listReceived(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('beneficiary_support').selectAll().where('beneficiary_id', 'in', ids).orderBy('received_on').execute();
}

export async function insertReceived(db: Db, values: { beneficiary_id: string; received_on: string; what: string; value_vnd: number }) {
  return db.insertInto('beneficiary_support').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function accessLogOf(db: Db, id: string) {
  return db.selectFrom('beneficiary_access_log').select(['at', 'actor_username', 'action', 'allowed', 'reason']).where('beneficiary_id', '=', id).orderBy('at').orderBy('id').execute();
}

/** Counts and received value by hardship and kind (erased records included: the anonymous totals stay). */
export async function beneficiaryCounts(db: Db, schoolId: string | null) {
  let q = db
    .selectFrom('beneficiary as b')
    .select([
      'b.hardship',
      'b.person_kind',
      sql<number>`count(*)::bigint`.as('n'),
      sql<number>`coalesce((select sum(s.value_vnd) from beneficiary_support s join beneficiary b2 on b2.id = s.beneficiary_id where b2.hardship = b.hardship and b2.person_kind = b.person_kind ${schoolId ? sql`and b2.school_id = ${schoolId}` : sql``}), 0)::bigint`.as('value_vnd'),
    ])
    .groupBy(['b.hardship', 'b.person_kind']);
  if (schoolId) q = q.where('b.school_id', '=', schoolId);
  return q.execute();
}

/** Records holding personal data whose last change and last support are before `cutoff`. */
export async function dueForAnonymisation(db: Db, cutoff: string) {
  return db
    .selectFrom('beneficiary as b')
    .select(['b.id', 'b.school_id'])
    .where('b.erased_at', 'is', null)
    .where(sql<boolean>`b.updated_at < ${cutoff}::date`)
    .where(sql<boolean>`not exists (select 1 from beneficiary_support s where s.beneficiary_id = b.id and s.received_on >= ${cutoff}::date)`)
    .execute();
}
