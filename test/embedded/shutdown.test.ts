import { request, type IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, startServer } from '../helpers/cli.ts';
import { messyWorkbook, XLSX } from '../helpers/registry-files.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-shutdown-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const GRACE_SECONDS = 2;
/** Beyond the jobs' grace: closing the pool and stopping the embedded PostgreSQL (a fast shutdown). */
const DATABASE_STOP_MS = 15_000;

/** Poll (bounded) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`never: ${what}`);
}

const refused = async (base: string) => {
  try {
    await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
};

describe('`chungtay serve` on SIGTERM', () => {
  it('finishes the request in flight, takes no new one, and exits 0 within the grace', async () => {
    const server = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
    const body = JSON.stringify({ username: 'khong.co.ai', password: 'Sai mật khẩu 123' });
    // A sign-in whose body is still arriving when the signal comes.
    let inFlight: ReturnType<typeof request> | null = null;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      });
      req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      inFlight = req;
    });
    // Let the server read the request's head before the signal (ordering, not a timed assertion).
    await sleep(500);

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await until(() => server.output().includes('"msg":"stopping"'), 'the server says it is stopping');
    // No new work: a new connection is refused while the request in flight is still open.
    await until(() => refused(server.base), 'a new connection is refused');
    expect(server.child.exitCode).toBeNull();

    inFlight!.end(body.slice(10));
    const answer = await response;
    expect(answer.status, answer.body).toBe(401);
    expect(JSON.parse(answer.body).error.code).toBeTruthy();

    expect(await exited(server.child)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(GRACE_SECONDS * 1000 + DATABASE_STOP_MS);
  });

  it('hands a running job back to the queue within the grace: the import waits, queued, for the next start', async () => {
    const demoDir = await mkdtemp(join(tmpdir(), 'chungtay-shutdown-jobs-'));
    try {
      const env = { DATA_DIR: demoDir, LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '1' };
      const server = await startServer(env);
      const login = await fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }),
      });
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('ct_session='))!.split(';')[0]!;
      const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      // A long list (a dry run: checking 50,000 rows outlasts the grace).
      const rows = Array.from({ length: 50_000 }, (_, i) => ({ code: `SD-${i}`, name: `Trường Tiểu học Số ${i}`, level: 'Tiểu học', area: 'Nội thành', district: 'Ba Vì', commune: 'Tản Lĩnh' }));
      const started = await fetch(`${server.base}/api/schools/imports?dryRun=true&fileName=dai.xlsx`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': XLSX },
        body: new Uint8Array(await messyWorkbook(rows)),
      });
      expect(started.status, await started.clone().text()).toBe(202);
      const id = ((await started.json()) as { id: string }).id;
      const status = async (base: string) => ((await (await fetch(`${base}/api/schools/imports/${id}`, { headers: { cookie } })).json()) as { status: string }).status;
      await until(async () => (await status(server.base)) === 'running', 'the import is running');

      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
      expect(server.output()).toContain('jobs handed back to the queue');

      // Started again without workers: the import is queued, not lost and not marked failed.
      const again = await startServer({ ...env, WORKERS: 'off' });
      try {
        expect(await status(again.base)).toBe('queued');
      } finally {
        again.child.kill('SIGTERM');
        expect(await exited(again.child)).toBe(0);
      }
    } finally {
      await rm(demoDir, { recursive: true, force: true });
    }
  });
});
