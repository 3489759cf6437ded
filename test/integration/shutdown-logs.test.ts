/**
 * Stopping a server in the order `serve` stops it (HTTP, then the job queue, then the database)
 * logs no error: neither the app's logger nor the job queue's reports a query made on a closed
 * database ("driver has already been destroyed").
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createKysely } from '#src/db/database.ts';
import { buildApp } from '#src/server/app.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';
import { createTestDatabase } from '../helpers/db.ts';

it('stops HTTP, then the jobs, then the database, and logs no error', async () => {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-shutdown-logs-'));
  const lines: { level: number; msg: string; err?: { message?: string } }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  const jobErrors: string[] = [];
  const jobs = createJobQueue(database.db, { pollSeconds: 0.5, graceMs: 1000, schedules: false }, {
    info: () => {},
    error: (obj, msg) => jobErrors.push(`${msg}: ${String((obj as { err?: unknown }).err)}`),
  });
  try {
    await jobs.start();
    await jobs.startWorkers();
    const app = await buildApp({
      jobs,
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => new Date(),
      secureCookies: false,
      serveWeb: false,
      dataDir,
      publicUrl: 'https://chungtay.example.vn',
      logger: { level: 'info', stream },
    });
    // Requests that reach the database: the health check and a refused sign-in.
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'khong.co.ai', password: 'Sai mật khẩu 123' } })).statusCode).toBe(401);
    await app.close();
    await jobs.stop();
    await database.drop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  expect(lines.some((l) => l.msg === 'request completed')).toBe(true);
  expect(lines.filter((l) => l.level >= 50).map((l) => `${l.msg}: ${l.err?.message ?? ''}`)).toEqual([]);
  expect(jobErrors).toEqual([]);
});

it('a node stopping just as its worker takes a job waits for the queue\'s own queries: the job is handed back, and no error is logged', async () => {
  const database = await createTestDatabase();
  const errors: string[] = [];
  const jobs = createJobQueue(database.db, { pollSeconds: 0.5, graceMs: 1000, schedules: false }, {
    info: () => {},
    error: (obj, msg) => errors.push(`${msg}: ${String((obj as { err?: unknown }).err)}`),
  });
  const ran: string[] = [];
  // A job that reads the database, as every real job does.
  jobs.define<{ n: number }>('shutdown-probe', {
    run: async ({ data }) => {
      await sql`select ${data.n}::int as n`.execute(database.db);
      ran.push(`ran ${data.n}`);
    },
    gaveUp: async () => {},
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await jobs.startWorkers();
    const key = randomUUID();
    expect(await jobs.send('shutdown-probe', key, { n: 1 })).toBe(true);
    // The worker is woken to fetch the job and the node is told to stop at once: its poll is in flight.
    jobs.wake('shutdown-probe');
    await jobs.stop();
    // Whatever the poll brought back was dealt with before stop() returned: nothing uses the database after.
    await database.db.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(errors).toEqual([]);
    expect(unhandled.map(String)).toEqual([]);

    // The job is not lost: it ran before the stop, or it waits in the queue for the next node.
    const again = await createKysely(database.url, 2);
    try {
      const { rows } = await sql<{ state: string }>`select state from pgboss.job where id = ${key}::uuid`.execute(again);
      expect(ran.length ? ['completed'] : ['created', 'retry']).toContain(rows[0]?.state);
    } finally {
      await again.destroy();
    }
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await database.drop().catch(() => {});
  }
});
