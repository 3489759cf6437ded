/**
 * The PostgreSQL advisory-lock keys the app takes, in one place so that two features
 * never pick the same number by accident. All app nodes take the same key for the same work.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

export const LOCK_KEYS = {
  /** Migrations: one node migrates, the others wait (session lock). */
  migrate: 4340_2022,
  /** Loading the demo data: once, even when two processes start together. */
  demo: 4340,
  /** Registry imports: one writes at a time. */
  schoolImport: 4340_0003,
  // support
  /** Appending to the public ledger: one entry at a time, so the hash chain never forks. */
  ledger: 4340_0013,
} as const;

/** Take a transaction-scoped advisory lock by its key (released at commit or rollback). */
export async function lockForTransaction(trx: Kysely<Database>, key: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/** Take a transaction-scoped advisory lock named by a text (hashed to a key), e.g. one pair proposal. */
export async function lockNameForTransaction(trx: Kysely<Database>, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}
