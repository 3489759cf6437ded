import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, runCli, startServer } from '../helpers/cli.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-life-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postgresPidOf = (dir: string) => Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
const postgresPid = () => postgresPidOf(dataDir);

async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'ChungTay@2025' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ct_session='))!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe('the embedded PostgreSQL through a whole life', () => {
  it('starts on an empty data dir with the demo, survives kill -9 without losing what it acknowledged, and stops on SIGTERM', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    const health = (await (await fetch(`${first.base}/api/health`)).json()) as { database: string };
    expect(health.database).toBe('embedded');

    // A change the server acknowledged…
    const user = await signIn(first.base, 'aimob.ht');
    const patched = await fetch(`${first.base}/api/auth/me`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: user.cookie, 'x-csrf-token': user.csrf },
      body: JSON.stringify({ locale: 'en' }),
    });
    expect(patched.status).toBe(200);

    // …the CLI works beside the running server, as a guest of its PostgreSQL…
    const seed = await runCli(['--json', 'seed-demo'], { DATA_DIR: dataDir });
    expect(seed.code).toBe(0);
    expect(JSON.parse(seed.stdout)).toMatchObject({ ok: true, loaded: false, reason: 'already-loaded' });

    // …then the app is killed hard and its PostgreSQL is left behind.
    const orphan = postgresPid();
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(isAlive(orphan)).toBe(true);

    // In production without PUBLIC_URL: a warning, and documents link to the address it listens on.
    const second = await startServer({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(isAlive(orphan)).toBe(false);
    expect(second.output()).toContain('PUBLIC_URL is not set');
    const leader = await signIn(second.base, 'chuphan.ht');
    const pairs = (await (await fetch(`${second.base}/api/pairs`, { headers: { cookie: leader.cookie } })).json()) as { items: { id: string }[] };
    const mou = (await (await fetch(`${second.base}/api/pairs/${pairs.items[0]!.id}/mou`, { headers: { cookie: leader.cookie } })).json()) as { verifyUrl: string };
    expect(mou.verifyUrl).toMatch(new RegExp(`^${second.base}/verify/`, 'u'));
    const again = await signIn(second.base, 'aimob.ht');
    const me = (await (await fetch(`${second.base}/api/auth/me`, { headers: { cookie: again.cookie } })).json()) as { locale: string };
    expect(me.locale).toBe('en');
    const dashboard = await fetch(`${second.base}/api/dashboard`, { headers: { cookie: again.cookie } });
    expect(((await dashboard.json()) as { counts: { schools: number } }).counts.schools).toBe(1);

    const pg = postgresPid();
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    expect(isAlive(pg)).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('starts empty with DEMO_DATA=off: no demo accounts', async () => {
    const emptyDir = await mkdtemp(join(tmpdir(), 'chungtay-empty-'));
    try {
      const server = await startServer({ DATA_DIR: emptyDir, DEMO_DATA: 'off' });
      const res = await fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }),
      });
      expect(res.status).toBe(401);
      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });

  it('after a reboot, a postmaster.pid naming a live process that is not this data dir\'s PostgreSQL is stale: that process is left alone and the server starts', async () => {
    const rebootDir = await mkdtemp(join(tmpdir(), 'chungtay-reboot-'));
    // Any process of this machine that took the pid PostgreSQL had before the reboot.
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const migrated = await runCli(['migrate'], { DATA_DIR: rebootDir });
      expect(migrated.code, migrated.stderr).toBe(0);
      const pgDir = join(rebootDir, 'pg');
      // What PostgreSQL left in its lock file when the machine went down.
      await writeFile(
        join(pgDir, 'postmaster.pid'),
        [unrelated.pid, pgDir, Math.floor(Date.now() / 1000) - 3600, 5432, join(rebootDir, 'pg-socket'), '', '  5432001     32768', 'ready   ', ''].join('\n'),
      );
      const server = await startServer({ DATA_DIR: rebootDir, DEMO_DATA: 'off', WORKERS: 'off' });
      expect(isAlive(unrelated.pid!)).toBe(true);
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
      expect(postgresPidOf(rebootDir)).not.toBe(unrelated.pid);
      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
      expect(isAlive(unrelated.pid!)).toBe(true);
    } finally {
      unrelated.kill('SIGKILL');
      await rm(rebootDir, { recursive: true, force: true });
    }
  });
});
