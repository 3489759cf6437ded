import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { exited, startServer } from '../helpers/cli.ts';
import { messyWorkbook, XLSX } from '../helpers/registry-files.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-second-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('a second server on the same data dir', () => {
  it('works beside the first, and when the first stops it exits with a clear message instead of answering 503', async () => {
    const first = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', WORKERS: 'off' });
    const second = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', WORKERS: 'off' });
    expect((await fetch(`${second.base}/api/health`)).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    // The second was a guest of the first's PostgreSQL, which is gone: it must not stay up.
    expect(await exited(second.child)).toBe(1);
    expect(second.output()).toMatch(/embedded PostgreSQL.*stopped.*start it again/su);

    // Started again, it owns the database and works.
    const again = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', WORKERS: 'off' });
    expect((await fetch(`${again.base}/api/health`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
    // Three starts of the embedded PostgreSQL: minutes on a busy two-core machine.
  }, 300_000);

  it('a guest running a job when the first server stops stops like on SIGTERM: HTTP and jobs first, the job handed back while the database still answers, then it exits with the message', async () => {
    const hostDir = await mkdtemp(join(tmpdir(), 'chungtay-guest-jobs-'));
    try {
      const host = await startServer({ DATA_DIR: hostDir, WORKERS: 'off' });
      // Grace 0: the job is handed back as soon as the guest stops (with a grace of 1 s, Node 24 in CI
      // finished a 50,000-row dry run first, within the guest's 1 s check of the host and its grace).
      const guest = await startServer({ DATA_DIR: hostDir, WORKERS: 'on', DEMO_DATA: 'off', LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '0' });
      const login = await fetch(`${guest.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }),
      });
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('ct_session='))!.split(';')[0]!;
      const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      // A dry run over 90,000 rows (the bound is 100,000) outlasts the guest's noticing that the host
      // stopped; only the guest has workers.
      const rows = Array.from({ length: 90_000 }, (_, i) => ({ code: `GU-${i}`, name: `Trường Tiểu học Số ${i}`, level: 'Tiểu học', area: 'Nội thành', district: 'Ba Vì', commune: 'Tản Lĩnh' }));
      const started = await fetch(`${guest.base}/api/schools/imports?dryRun=true&fileName=dai.xlsx`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': XLSX },
        body: new Uint8Array(await messyWorkbook(rows)),
      });
      expect(started.status, await started.clone().text()).toBe(202);
      const id = ((await started.json()) as { id: string }).id;
      const status = async (base: string) => ((await (await fetch(`${base}/api/schools/imports/${id}`, { headers: { cookie } })).json()) as { status: string }).status;
      for (let i = 0; i < 600 && (await status(guest.base)) !== 'running'; i++) await sleep(100);
      expect(await status(guest.base)).toBe('running');

      host.child.kill('SIGTERM');
      expect(await exited(host.child)).toBe(0);
      expect(await exited(guest.child)).toBe(1);
      expect(guest.output()).toMatch(/embedded PostgreSQL.*stopped.*start it again/su);
      expect(guest.output()).toContain('jobs handed back to the queue');
      expect(guest.output()).not.toContain('driver has already been destroyed');

      // Started again: the import waits, queued, for a worker (not stuck "running" until its expiry).
      const again = await startServer({ DATA_DIR: hostDir, WORKERS: 'off' });
      try {
        expect(await status(again.base)).toBe('queued');
      } finally {
        again.child.kill('SIGTERM');
        expect(await exited(again.child)).toBe(0);
      }
    } finally {
      await rm(hostDir, { recursive: true, force: true });
    }
  }, 400_000);
});
