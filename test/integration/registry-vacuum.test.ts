/**
 * After an import writes schools, the registry's tables are vacuumed and analysed by a job of
 * their own (docs/decisions/0042), so that the list's index-only walks find the visibility map
 * set and the planner knows the new rows at once, instead of whenever autovacuum comes.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDepartmentAdmin, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp } from '../helpers/app.ts';
import { importThroughApi, messyWorkbook, startParsingThread } from '../helpers/registry-files.ts';

const t = await createTestApp({ demo: false });
await startParsingThread();
const admin = await t.signIn((await createDepartmentAdmin(t.db)).username, FACTORY_PASSWORD);

/** What PostgreSQL says of the school table: when it was last vacuumed and analysed by hand (not by autovacuum), and its visibility map. */
async function schoolTable() {
  const { rows } = await sql<{ last_vacuum: Date | null; last_analyze: Date | null; relpages: number; relallvisible: number; reltuples: number }>`
    select s.last_vacuum, s.last_analyze, c.relpages, c.relallvisible, c.reltuples
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.relname = 'school' and s.schemaname = current_schema()`.execute(t.db);
  return rows[0]!;
}

describe('an import through the API', () => {
  it('is followed by VACUUM (ANALYZE) of the registry: statistics and visibility map up to date without waiting for autovacuum', async () => {
    const before = await schoolTable();
    expect(before.last_vacuum).toBeNull();
    expect(before.last_analyze).toBeNull();

    const rows = Array.from({ length: 40 }, (_, i) => ({ code: `VAC-${i + 1}`, name: `Trường Tiểu học Sau Nhập ${i + 1}`, level: 'TH', area: 'Nội thành', students: 100 + i }));
    const job = await importThroughApi(t, admin, await messyWorkbook(rows));
    expect(job).toMatchObject({ status: 'succeeded', dryRun: false, created: 40 });

    // The vacuum is a job of its own: wait for it (a worker takes it at once; polling, no sleep to guess).
    let after = await schoolTable();
    for (let i = 0; i < 600 && (after.last_vacuum === null || after.last_analyze === null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await schoolTable();
    }
    expect(after.last_vacuum).not.toBeNull();
    expect(after.last_analyze).not.toBeNull();
    // Analysed: the planner knows the rows; vacuumed: every page is all-visible, so index-only walks skip the table.
    expect(after.reltuples).toBeGreaterThanOrEqual(40);
    expect(after.relpages).toBeGreaterThan(0);
    expect(after.relallvisible).toBe(after.relpages);
  });
});
