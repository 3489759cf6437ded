/**
 * The reminder sweep tells once: with two worker processes on the same database sweeping at the
 * same time, and again after one of them is killed and another started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createKysely } from '#src/db/database.ts';
import { SWEEP_QUEUE, runReminderSweep } from '#src/server/features/notifications/reminders.ts';
import { createTestApp } from '../helpers/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createDepartmentAdmin } from '../factories/users.ts';

const BIN = new URL('../../bin/chungtay.js', import.meta.url).pathname;
const t = await createTestApp({ demo: false, workers: false });
const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-sweep-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** `chungtay worker` over the test's database; resolves once it takes jobs. */
async function worker(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.url, DATA_DIR: dataDir, LOG_LEVEL: 'info', PUBLIC_URL: 'https://chungtay.example.vn' };
  const child = spawn(process.execPath, [BIN, 'worker'], { env });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('worker is taking jobs')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
  });
  return child;
}

async function sweepEverywhere(): Promise<void> {
  const keys = [randomUUID(), randomUUID()];
  for (const key of keys) expect(await t.jobs.send(SWEEP_QUEUE, key, {})).toBe(true);
  for (const key of keys) {
    for (let i = 0; ; i++) {
      const s = await t.jobs.state(SWEEP_QUEUE, key);
      if (s?.state === 'completed') break;
      if (s?.state === 'failed' || i > 900) throw new Error(`sweep job ${key}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('the reminder sweep', () => {
  it('reminds the school and tells the department once, with two workers and across a restart', async () => {
    const admin = await createDepartmentAdmin(t.db, { email: 'so@hanoi.edu.vn' });
    const pair = await createPair(t.db, { admin });
    // The proposal has waited 20 days: past the campaign's 7 (reminder) and 14 (department).
    await sql`update pair set created_at = now() - interval '20 days' where id = ${pair.id}`.execute(t.db);
    const told = async () =>
      (await t.db.selectFrom('notification').select(['user_id', 'kind']).where('kind', 'in', ['pair.awaitingAcceptance', 'escalation']).execute())
        .map((r) => `${r.user_id === admin.id ? 'admin' : pair.leaders.findIndex((l) => l.id === r.user_id)}:${r.kind}`)
        .sort();
    const expected = ['0:pair.awaitingAcceptance', '1:pair.awaitingAcceptance', 'admin:escalation', 'admin:escalation'];

    const [w1] = await Promise.all([worker(), worker()]);
    await sweepEverywhere();
    expect(await told()).toEqual(expected);

    // One worker dies; another starts; the sweep runs again (and twice more in this process, at once).
    w1!.kill('SIGKILL');
    await worker();
    await sweepEverywhere();
    const other = createKysely(t.url, 3);
    try {
      await Promise.all([runReminderSweep(t.db, new Date()), runReminderSweep(other, new Date())]);
    } finally {
      await other.destroy();
    }
    expect(await told()).toEqual(expected);
    expect(await t.db.selectFrom('reminder_sent').select('key').execute()).toHaveLength(4);
  }, 180_000);

  it('says nothing while a step is younger than the campaign’s days, and never when they are off', async () => {
    const admin = await createDepartmentAdmin(t.db);
    const fresh = await createPair(t.db, { admin });
    const quiet = await createPair(t.db, { admin });
    await sql`update campaign set reminder_days = null, escalation_days = null where id = ${quiet.campaign.id}`.execute(t.db);
    await sql`update pair set created_at = now() - interval '100 days' where id = ${quiet.id}`.execute(t.db);
    await sql`update pair set created_at = now() - interval '3 days' where id = ${fresh.id}`.execute(t.db);
    const before = await t.db.selectFrom('reminder_sent').select('key').execute();
    await runReminderSweep(t.db, new Date());
    const after = await t.db.selectFrom('reminder_sent').select('key').execute();
    expect(after.filter((k) => k.key.includes(fresh.id) || k.key.includes(quiet.id))).toEqual([]);
    expect(after.length).toBe(before.length);
  });
});
