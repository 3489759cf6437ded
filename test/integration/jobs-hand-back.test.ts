/**
 * A job handed back when its node stops (a deployment) is not a failed try: it keeps its retries,
 * whatever the number of restarts, and runs again as the same attempt.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createKysely } from '#src/db/database.ts';
import type { Database } from '#src/db/schema.ts';
import { JobQueue } from '#src/server/jobs/job-queue.ts';
import { createTestDatabase } from '../helpers/db.ts';

const database = await createTestDatabase();
afterAll(() => database.drop());

const QUEUE = 'hand-back-probe';

interface Seen {
  attempts: number[];
  gaveUp: string[];
  finished: number;
}

/** A node's queue whose one job works until it is told to stop, unless `finish` says it may end. */
function node(db: Kysely<Database>, seen: Seen, finish: boolean): JobQueue {
  const jobs = new JobQueue(db, { pollSeconds: 0.5, graceMs: 300, schedules: false });
  jobs.define<{ n: number }>(QUEUE, {
    run: async ({ attempt, signal }) => {
      seen.attempts.push(attempt);
      if (finish) {
        seen.finished++;
        return;
      }
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
    },
    gaveUp: async (_data, reason) => {
      seen.gaveUp.push(reason);
    },
  });
  return jobs;
}

const jobRow = async (key: string) =>
  (
    await sql<{ state: string; retry_count: number; start_after: Date }>`select state, retry_count, start_after from pgboss.job where name = ${QUEUE} and id = ${key}::uuid`.execute(
      database.db,
    )
  ).rows[0];

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await check()) return;
  throw new Error(`never: ${what}`);
}

it('a job handed back by three deployments in a row is not failed: the fourth node runs it, still its first try', async () => {
  const seen: Seen = { attempts: [], gaveUp: [], finished: 0 };
  const key = randomUUID();
  for (let deploy = 1; deploy <= 3; deploy++) {
    const jobs = node(database.db, seen, false);
    await jobs.startWorkers();
    if (deploy === 1) expect(await jobs.send(QUEUE, key, { n: 1 })).toBe(true);
    jobs.wake(QUEUE);
    await until(() => seen.attempts.length === deploy, `the job runs on node ${deploy}`);
    // SIGTERM: the job outlives the grace and is handed back.
    await jobs.stop();
    expect(await jobRow(key)).toMatchObject({ state: 'retry', retry_count: 0 });
  }
  const last = node(database.db, seen, true);
  await last.startWorkers();
  try {
    await until(async () => (await jobRow(key))?.state === 'completed', 'the fourth node finishes the job');
  } finally {
    await last.stop();
  }
  expect(seen).toEqual({ attempts: [1, 1, 1, 1], gaveUp: [], finished: 1 });
  expect(await last.state(QUEUE, key)).toEqual({ state: 'completed', retryCount: 0 });
}, 90_000);

it('a job that a poll brings back after the stop began is handed back unstarted, without using a try', async () => {
  // One connection, held by the test: the worker's poll waits for it, so it comes back after stop() began.
  const db = createKysely(database.url, 1);
  const seen: Seen = { attempts: [], gaveUp: [], finished: 0 };
  const key = randomUUID();
  try {
    const jobs = node(db, seen, true);
    await jobs.startWorkers();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = db.connection().execute(async () => held);
    await sleep(50);
    expect(await jobs.send(QUEUE, key, { n: 2 }, database.db)).toBe(true);
    jobs.wake(QUEUE);
    await sleep(100);
    const stopped = jobs.stop();
    release();
    await holding;
    await stopped;
    expect(seen.attempts).toEqual([]);
    const row = await jobRow(key);
    // Taken by the poll, then given back: waiting, no try used.
    expect(row).toMatchObject({ state: 'retry', retry_count: 0 });

    // The next node runs it as its first try.
    const next = node(db, seen, true);
    await next.startWorkers();
    try {
      await until(async () => (await jobRow(key))?.state === 'completed', 'the next node runs the job');
    } finally {
      await next.stop();
    }
    expect(seen).toEqual({ attempts: [1], gaveUp: [], finished: 1 });
    expect(await next.state(QUEUE, key)).toEqual({ state: 'completed', retryCount: 0 });
  } finally {
    await db.destroy();
  }
});
