/**
 * Loading the shipped catalogue of administrative units (src/db/admin-units/): a fresh
 * embedded PostgreSQL, the migrations, then the catalogue loaded again twice into an
 * emptied table, each step timed. `npm run bench -- admin-units`
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import * as catalogue from '#src/db/admin-unit-catalogue.ts';
import { createKysely } from '#src/db/database.ts';
import { openEmbedded } from '#src/db/embedded.ts';
import { migrate } from '#src/db/migrate.ts';

const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-units-'));
await chmod(dir, 0o755);
const pg = await openEmbedded({ dataDir: join(dir, 'pg') });
const db = createKysely(pg.url, 2);
try {
  let t = Date.now();
  await migrate(db);
  console.log(`migrate (all migrations and the catalogue): ${Date.now() - t} ms`);
  for (let run = 1; run <= 2; run++) {
    await db.transaction().execute(async (trx) => {
      await sql`delete from admin_unit_division`.execute(trx);
      await sql`delete from admin_unit_catalogue`.execute(trx);
      await sql`update admin_unit set successor_id = null, parent_id = null`.execute(trx);
      await sql`delete from admin_unit`.execute(trx);
    });
    t = Date.now();
    const lap = (what: string) => {
      const now = Date.now();
      const ms = now - t;
      t = now;
      return `${what} ${ms} ms`;
    };
    const laps: string[] = [];
    await db.transaction().execute(async (trx) => {
      const base = await catalogue.readBaseCatalogue(catalogue.SHIPPED_CATALOGUE_DIR);
      const { reform } = await catalogue.readReform(catalogue.SHIPPED_CATALOGUE_DIR);
      laps.push(lap('read and check the CSV files'));
      await catalogue.loadBaseCatalogue(trx, base);
      laps.push(lap('units until 30/06/2025'));
      await catalogue.applyReform(trx, reform, catalogue.REFORM_2025);
      laps.push(lap('the reform of 01/07/2025'));
    });
    laps.push(lap('commit'));
    console.log(`run ${run}: ${laps.join(', ')}`);
  }
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
