import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { fillUnitNameKeys, loadShippedCatalogue } from './admin-unit-catalogue.ts';
import { LOCK_KEYS } from './lock-keys.ts';
import type { Database } from './schema.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Apply the plain SQL files in src/db/migrations in name order, each in its own
 * transaction, once. Safe to call from several processes at the same time.
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_KEYS.migrate})`.execute(conn);
    try {
      await sql`create table if not exists schema_migration (
        name text primary key,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const done = new Set(
        (await sql<{ name: string }>`select name from schema_migration`.execute(conn)).rows.map((r) => r.name),
      );
      for (const file of files) {
        if (done.has(file)) continue;
        const text = await readFile(MIGRATIONS_DIR + file, 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await sql`insert into schema_migration (name) values (${file})`.execute(trx);
        });
        applied.push(file);
      }
      // Data, not schema: the official administrative units (src/db/admin-units/), once.
      if (await loadShippedCatalogue(conn)) applied.push('admin-units');
      else await fillUnitNameKeys(conn);
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEYS.migrate})`.execute(conn);
    }
  });
  return applied;
}

/** The names of the migration files this version knows, in the order they apply. */
export async function migrationNames(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}

/** The SQL text of one migration file. */
export async function migrationSql(name: string): Promise<string> {
  return readFile(MIGRATIONS_DIR + name, 'utf8');
}
