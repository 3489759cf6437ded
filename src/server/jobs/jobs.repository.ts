/** What the queue holds, read from pg-boss's own table (for `/metrics`). */
import { sql } from 'kysely';
import type { Db } from '#src/server/context.ts';

/** Jobs by queue and state; throws when the queue's schema does not exist yet. */
export async function countJobsByState(db: Db): Promise<{ name: string; state: string; n: number }[]> {
  const { rows } = await sql<{ name: string; state: string; n: number }>`select name, state::text as state, count(*)::int as n from pgboss.job group by 1, 2`.execute(db);
  return rows;
}
