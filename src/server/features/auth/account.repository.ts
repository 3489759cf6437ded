import type { Insertable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { AccountTokenTable } from './session.table.ts';

export async function insertAccountToken(db: Db, values: Insertable<AccountTokenTable>) {
  await db.insertInto('account_token').values(values).execute();
}

/** Unused links of a purpose stop working (a newer one was sent, or the password was set). */
export async function revokeTokens(db: Db, userId: string, purpose: 'invitation' | 'password-reset') {
  await db.deleteFrom('account_token').where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** A link not used, not expired, of an account not disabled; locked when `forUpdate`. */
export async function findUsableToken(db: Db, tokenHash: string, now: Date, forUpdate = false) {
  let q = db
    .selectFrom('account_token')
    .innerJoin('app_user', 'app_user.id', 'account_token.user_id')
    .select([
      'account_token.id',
      'account_token.purpose',
      'account_token.user_id',
      'account_token.expires_at',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.school_id',
      'app_user.admin_unit_id',
    ])
    .where('account_token.token_hash', '=', tokenHash)
    .where('account_token.used_at', 'is', null)
    .where('account_token.expires_at', '>', now)
    .where('app_user.disabled_at', 'is', null);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function markTokenUsed(db: Db, id: string, now: Date) {
  await db.updateTable('account_token').set({ used_at: now }).where('id', '=', id).execute();
}

/** An account that may reset its password, by e-mail (without case) or username. */
export async function findActiveUserByLogin(db: Db, login: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb.or([eb(eb.fn('lower', ['email']), '=', login), eb('username', '=', login)]))
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}
