import type { Db } from '#src/server/context.ts';

export async function findTotp(db: Db, userId: string, forUpdate = false) {
  let q = db.selectFrom('user_totp').selectAll().where('user_id', '=', userId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Start (or restart) an enrolment: a new secret, not enabled yet. */
export async function upsertPendingTotp(db: Db, userId: string, secret: string, now: Date) {
  await db
    .insertInto('user_totp')
    .values({ user_id: userId, secret, created_at: now, enabled_at: null, last_step: 0 })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, enabled_at: null, last_step: 0 }))
    .execute();
}

export async function enableTotp(db: Db, userId: string, step: number, now: Date) {
  await db.updateTable('user_totp').set({ enabled_at: now, last_step: step }).where('user_id', '=', userId).execute();
}

/** Accept a time step only if it is later than the last accepted one (a code never works twice). */
export async function advanceTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const r = await db.updateTable('user_totp').set({ last_step: step }).where('user_id', '=', userId).where('last_step', '<', step).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteTotp(db: Db, userId: string) {
  await db.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_totp').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[]) {
  await db.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
  await db.insertInto('totp_recovery_code').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null }))).execute();
}

/** Use a recovery code once: true when an unused one matched (two requests at once cannot both use it). */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('totp_recovery_code')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom('totp_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
