/**
 * The SQL of the daily housekeeping (housekeeping.ts): each function deletes at most `limit`
 * rows that can never be used again and returns how many it deleted, so that the job works in
 * bounded batches (short transactions, short locks) however much has piled up.
 */
import { sql } from 'kysely';
import type { Db } from '#src/server/context.ts';

async function deleted(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const result = await query.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Sessions past their expiry (a request with one is refused anyway). */
export function deleteExpiredSessionBatch(db: Db, now: Date, limit: number): Promise<number> {
  return deleted(
    db,
    sql`delete from session where token_hash in (
      select token_hash from session where expires_at <= ${now} limit ${limit} for update skip locked)`,
  );
}

/** Invitation and password-reset tokens used or expired (`findUsableToken` never returns them). */
export function deleteDeadTokenBatch(db: Db, now: Date, limit: number): Promise<number> {
  return deleted(
    db,
    sql`delete from account_token where id in (
      select id from account_token where used_at is not null or expires_at <= ${now} limit ${limit} for update skip locked)`,
  );
}

/** Mail-throttle keys whose window started before `before` (a later mail opens a new window). */
export function deleteEndedThrottleBatch(db: Db, before: Date, limit: number): Promise<number> {
  return deleted(
    db,
    sql`delete from mail_throttle where key in (
      select key from mail_throttle where window_started_at <= ${before} limit ${limit} for update skip locked)`,
  );
}
