import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createKysely } from '#src/db/database.ts';
import { withDatabase } from './global-setup.ts';

/**
 * A fresh, migrated database for one test file, cloned from the run's template.
 * The name carries the test run's pid so the run can drop what it left.
 */
export async function createTestDatabase() {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDatabase');
  const runPid = template.split('_').pop();
  const name = `test_${runPid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createKysely(url, 5);
  return {
    db,
    url,
    kind: inject('databaseKind'),
    async drop() {
      await db.destroy();
      const c = new pg.Client(adminUrl);
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
