/** The mail throttle's SQL (mail-throttle.ts): one upsert per counted mail. */
import { sql } from 'kysely';
import type { Db } from '#src/server/context.ts';

/**
 * Count one against `key` under the row's lock: a window that started at or before
 * `windowStart` restarts at `now` with 1. Returns the count and the window's start.
 */
export async function countInWindow(db: Db, key: string, now: Date, windowStart: Date): Promise<{ count: number; window_started_at: Date }> {
  const { rows } = await sql<{ count: number; window_started_at: Date }>`
    insert into mail_throttle as t (key, window_started_at, count) values (${key}, ${now}, 1)
    on conflict (key) do update set
      count = case when t.window_started_at <= ${windowStart} then 1 else t.count + 1 end,
      window_started_at = case when t.window_started_at <= ${windowStart} then ${now} else t.window_started_at end
    returning count, window_started_at`.execute(db);
  return rows[0]!;
}
