/**
 * `kill -9` of `chungtay serve` while it works on a job: started again, the server finishes the
 * job once, and the user sees where it is meanwhile. SIGTERM of a `chungtay worker` in the middle
 * of a matching run: the run is handed back and the next worker finishes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { exited, startServer } from '../helpers/cli.ts';
import { messyWorkbook, XLSX } from '../helpers/registry-files.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-crash-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** The embedded PostgreSQL of `dataDir`, as `postmaster.pid` says where it listens. */
async function query<R>(text: string, values: unknown[] = []): Promise<R[]> {
  const lines = (await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
  const password = (await readFile(join(dataDir, 'pg-password'), 'utf8')).trim();
  const client = new pg.Client({ user: 'chungtay', database: 'chungtay', password, port: Number(lines[3]), host: lines[4] || '127.0.0.1' });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

async function signIn(base: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }),
  });
  return { cookie: login.headers.getSetCookie().find((c) => c.startsWith('ct_session='))!.split(';')[0]!, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
}

interface ImportState {
  status: string;
  phase: string;
  created: number;
  error: { code: string; message: string } | null;
}

it('an import interrupted by kill -9 finishes once after the restart, and its schools appear exactly once', async () => {
  // The default time limit (15 minutes): a killed node's job must not wait for it to pass.
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: '1' };
  const server = await startServer(env);
  const { cookie, csrf } = await signIn(server.base);
  const ROWS = 20_000;
  const rows = Array.from({ length: ROWS }, (_, i) => ({ code: `KILL-${i}`, name: `Trường Tiểu học Số ${i}`, level: 'Tiểu học', area: 'Nội thành', district: 'Ba Vì', commune: 'Tản Lĩnh' }));
  const started = await fetch(`${server.base}/api/schools/imports?fileName=dai.xlsx`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': XLSX },
    body: new Uint8Array(await messyWorkbook(rows)),
  });
  expect(started.status, await started.clone().text()).toBe(202);
  const id = ((await started.json()) as { id: string }).id;
  const state = async (base: string, session = cookie) => (await (await fetch(`${base}/api/schools/imports/${id}`, { headers: { cookie: session } })).json()) as ImportState;

  // Killed in the middle of writing the schools.
  for (let i = 0; ; i++) {
    const s = await state(server.base);
    if (s.phase === 'writing') break;
    expect(s.status, JSON.stringify(s)).toMatch(/queued|running/);
    if (i > 3000) throw new Error('the import never reached its writing phase');
    await sleep(20);
  }
  server.child.kill('SIGKILL');
  await exited(server.child);

  const again = await startServer(env);
  const restartedAt = Date.now();
  try {
    // All or nothing: the transaction writing the schools died with the node.
    const [before] = await query<{ n: string }>(`select count(*) as n from school where code like 'KILL-%'`);
    expect(Number(before!.n)).toBe(0);
    const session = (await signIn(again.base)).cookie;
    const seen: string[] = [];
    let last: ImportState | null = null;
    let lastSeen = '';
    // Taken again within the lease (60 s), pg-boss's maintenance (30 s) and the retry delay: its
    // phase moves on from where the killed node left it; then done.
    let takenAgainAfter: number | null = null;
    for (const until = Date.now() + 360_000; Date.now() < until; await sleep(500)) {
      last = await state(again.base, session);
      const seenAs = `${last.status}/${last.phase}`;
      if (lastSeen && lastSeen !== seenAs) takenAgainAfter ??= Date.now() - restartedAt;
      if (lastSeen !== seenAs) seen.push(`${(lastSeen = seenAs)} (${Math.round((Date.now() - restartedAt) / 1000)} s)`);
      if (last.status !== 'queued' && last.status !== 'running') break;
    }
    console.log('import states after the restart:', seen.join(' → '));
    expect(takenAgainAfter, seen.join(' → ')).not.toBeNull();
    expect(takenAgainAfter!).toBeLessThan(150_000);
    expect(last, JSON.stringify(seen)).toMatchObject({ status: 'succeeded', created: ROWS, error: null });
    const [count] = await query<{ n: string }>(`select count(*) as n from school where code like 'KILL-%'`);
    expect(Number(count!.n)).toBe(ROWS);
    const audits = await query(`select id from audit_log where action = 'school.import' and entity_id = $1`, [id]);
    expect(audits).toHaveLength(1);
  } finally {
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
  }
}, 600_000);

/** `chungtay worker` (the queue's workers, no HTTP) on `dataDir`, once it takes jobs. */
async function startWorker(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...env };
  delete base.DATABASE_URL;
  const child = spawn(process.execPath, [new URL('../../bin/chungtay.js', import.meta.url).pathname, 'worker'], { env: base });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (const until = Date.now() + 150_000; Date.now() < until; await sleep(200)) {
    if (output.includes('worker is taking jobs')) return { child, output: () => output };
    if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}): ${output}`);
  }
  child.kill('SIGKILL');
  throw new Error(`worker did not start: ${output}`);
}

interface RunState {
  id: string;
  status: string;
  phase: string;
  error: { code: string; message: string } | null;
}

it('a matching run whose worker is stopped (SIGTERM) mid-run is handed back, and the next worker finishes it on its first try', async () => {
  // Grace 0: a run still computing when the signal comes is handed back at once.
  const env = { DATA_DIR: dataDir, SHUTDOWN_GRACE_SECONDS: '0' };
  const web = await startServer({ ...env, LOG_LEVEL: 'info', WORKERS: 'off' });
  let worker = await startWorker(env);
  try {
    const { cookie, csrf } = await signIn(web.base);
    const send = (method: string, url: string, body?: unknown) =>
      fetch(`${web.base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    // Lower secondary schools to pair: 1,200 inner-city, 1,200 suburban (a run of a few seconds).
    const rows = Array.from({ length: 2400 }, (_, i) => ({ code: `RUN-${i}`, name: `Trường THCS Số ${i}`, level: 'THCS', area: i % 2 ? 'Ngoại thành' : 'Nội thành', district: 'Ba Vì', commune: 'Tản Lĩnh' }));
    const imported = await fetch(`${web.base}/api/schools/imports?fileName=thcs.xlsx`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': XLSX },
      body: new Uint8Array(await messyWorkbook(rows)),
    });
    const importId = ((await imported.json()) as { id: string }).id;
    for (let s = ''; s !== 'succeeded'; await sleep(200)) {
      s = ((await (await send('GET', `/api/schools/imports/${importId}`)).json()) as { status: string }).status;
      expect(s).toMatch(/queued|running|succeeded/);
    }
    const campaignId = ((await (await send('GET', '/api/campaigns')).json()) as { items: { id: string }[] }).items[0]!.id;

    // The POST waits up to 20 s for the run; the run is followed in the history meanwhile.
    const posted = send('POST', '/api/matching/runs', { campaignId, levels: ['lower-secondary'] });
    // (Until the POST has created it, the history is empty.)
    const latest = async () => ((await (await send('GET', `/api/matching/runs?campaignId=${campaignId}`)).json()) as { items: RunState[] }).items[0] ?? { id: '', status: 'queued', phase: 'queued', error: null };
    let run = await latest();
    for (let i = 0; !(run.status === 'running' && ['scoring', 'solving'].includes(run.phase)); i++, run = await latest()) {
      expect(run.status, JSON.stringify(run)).toMatch(/queued|running/);
      if (i > 3000) throw new Error('the run never computed');
      await sleep(20);
    }
    worker.child.kill('SIGTERM');
    expect(await exited(worker.child)).toBe(0);
    expect(worker.output()).toContain('jobs handed back to the queue');
    // What the department sees while no worker runs: the run waits, not failed.
    const waiting = (await (await send('GET', `/api/matching/runs/${run.id}`)).json()) as RunState;
    expect(waiting).toMatchObject({ status: 'queued', error: null });
    expect([201, 202]).toContain((await posted).status);
    const [job] = await query<{ state: string; retry_count: number }>(`select state, retry_count from pgboss.job where name = 'matching-run' and id = $1`, [run.id]);
    expect(job).toMatchObject({ state: 'retry', retry_count: 0 });

    worker = await startWorker(env);
    let done = waiting;
    for (const until = Date.now() + 120_000; Date.now() < until && ['queued', 'running'].includes(done.status); await sleep(250)) {
      done = (await (await send('GET', `/api/matching/runs/${run.id}`)).json()) as RunState;
    }
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    const [after] = await query<{ state: string; retry_count: number }>(`select state, retry_count from pgboss.job where name = 'matching-run' and id = $1`, [run.id]);
    expect(after).toMatchObject({ state: 'completed', retry_count: 0 });
  } finally {
    worker.child.kill('SIGTERM');
    await exited(worker.child);
    web.child.kill('SIGTERM');
    const code = await exited(web.child);
    if (code !== 0) console.log(`serve exited ${code}:`, web.output().slice(-3000));
  }
}, 600_000);
