/**
 * HTTP throughput benchmark: in one run, a Fastify hello-world beside Chung Tay's own endpoints,
 * 20 connections, signed in as the department admin (so.admin), first on the demo data, then
 * with the 45,000 generated schools of bench/registry-import.ts imported.
 *
 *   npm run bench -- http
 *   BENCH_SECONDS=10 BENCH_ROWS=45000 BENCH_SERVER=dist|tsx npm run bench -- http
 *   BENCH_ONLY=varied npm run bench -- http   (only the rows whose label contains one of these, comma
 *                                             separated, beside the hello-world and /api/health)
 *
 * The server runs as `npm start` runs it (compiled JavaScript from dist/, built when stale;
 * BENCH_SERVER=tsx runs the TypeScript sources instead), in its own process with its embedded
 * PostgreSQL in a temporary DATA_DIR and the rate limit off (RATE_LIMIT_PER_MINUTE=0). This
 * process drives the load (autocannon) and imports the schools through the import service.
 * All three share the machine's cores, as they would on one small server: figures are noisy,
 * compare them within one run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '#src/db/database.ts';
import { systemContext } from '#src/server/context.ts';
import { importSchools } from '#src/server/features/schools/school-import.service.ts';
import { generate, seedUnits } from './registry-data.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Syllables of Vietnamese school names, folded as a user types them (the varied search). */
const SYLLABLES = ['ai', 'mo', 'tieu', 'hoc', 'thcs', 'thpt', 'nguyen', 'tran', 'le', 'ha', 'noi', 'dong', 'tay', 'nam', 'bac', 'an', 'binh', 'hoa', 'phu', 'thanh', 'xuan', 'son', 'long', 'minh', 'quang', 'trung', 'kim', 'lien', 'ngoc', 'hai', 'duc', 'hung', 'phuc', 'tan', 'vinh', 'cau', 'giay', 'chu', 'phan', 'mam'];
const ROWS = Number(process.env.BENCH_ROWS ?? 45_000);
const CONNECTIONS = 20;
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Result {
  section: string;
  label: string;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering ${url}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const push = (r: Result | null) => {
  if (r) results.push(r);
};

/** `SECONDS` of load on one URL after a short warm-up; p50/p95 from every response's time. */
let section = 'demo';
async function measure(label: string, url: string, headers: Record<string, string> = {}, vary?: (i: number) => string): Promise<Result | null> {
  if (ONLY.length && !['Fastify hello-world', '/api/health'].includes(label) && !ONLY.some((o) => label.includes(o))) return null;
  // `vary`: each request asks for another path (`vary(i)`, i counting up), so that no answer is
  // asked for twice and the response cache cannot hide what computing one costs.
  let i = 0;
  const requests: autocannon.Request[] | undefined = vary ? [{ method: 'GET', setupRequest: (req) => ({ ...req, path: vary(i++) }) }] : undefined;
  const run = (duration: number, times?: number[]) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url, connections: CONNECTIONS, duration, headers, ...(requests ? { requests } : {}) }, (err, result) => (err ? reject(err) : resolve(result)));
      if (times) instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
    });
  await run(2);
  const times: number[] = [];
  const r = await run(SECONDS, times);
  times.sort((a, b) => a - b);
  const errors = r.non2xx + r.errors + r.timeouts;
  const out = { section, label, rps: (r.requests.total - r.non2xx) / SECONDS, p50: percentile(times, 50), p95: percentile(times, 95), errors };
  console.log(
    `${label.padEnd(52)} ${out.rps.toFixed(0).padStart(7)} req/s   p50 ${out.p50.toFixed(1).padStart(7)} ms   p95 ${out.p95.toFixed(1).padStart(7)} ms${errors ? `   ${errors} errors/non-2xx!` : ''}`,
  );
  return out;
}

/** `node dist/cli/main.js serve` as `npm start` (after compiling when stale), or the sources through tsx. */
function serverCommand(): string[] {
  if (process.env.BENCH_SERVER === 'tsx') return ['bin/chungtay.js', 'serve'];
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('compiling the server failed');
  return ['dist/cli/main.js', 'serve'];
}

const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-http-'));
// As root the embedded PostgreSQL runs as "postgres", which must reach its data dir.
await chmod(dir, 0o755);
const children: ChildProcess[] = [];
const results: Result[] = [];
let handle: Awaited<ReturnType<typeof openDatabase>> | null = null;
try {
  // 1. The yardstick.
  const hello = spawn(process.execPath, [join(ROOT, 'bench/http-hello.mjs')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(hello);
  const helloPort = await new Promise<number>((resolve) => hello.once('message', (m: { port: number }) => resolve(m.port)));
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per endpoint after a 2 s warm-up\n`);
  console.log('— demo data');
  push(await measure('Fastify hello-world', `http://127.0.0.1:${helloPort}/`));
  await stop(hello);

  // 2. Chung Tay, as npm start runs it.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const command = serverCommand();
  const server = spawn(process.execPath, command, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'on', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: '' },
  });
  children.push(server);
  await waitFor(`${base}/api/health`, server);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }),
  });
  if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const signedIn = { cookie };

  const listEndpoints = async (big: boolean) => {
    push(await measure('/api/schools?page=1&pageSize=20', `${base}/api/schools?page=1&pageSize=20`, signedIn));
    push(await measure('/api/dashboard', `${base}/api/dashboard`, signedIn));
    push(await measure('/api/search?q=ai%20mo', `${base}/api/search?q=ai%20mo`, signedIn));
    if (big) {
      // Page 100 of 20: the list pages by offset (page/pageSize are not parameters of the API).
      push(await measure('/api/schools?q=tieu%20hoc&offset=1980&limit=20', `${base}/api/schools?q=tieu%20hoc&offset=1980&limit=20`, signedIn));
    }
    // The same endpoints, each request another question (no answer asked twice within a run):
    // what the response cache cannot help with. The list: another day (`asOf`, over ten years)
    // and page size, pages spread over the registry; the search: two syllables of school names
    // and another page size.
    const pages = big ? 2000 : 1;
    const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10);
    push(
      await measure('varied: /api/schools?asOf=…&limit=20…39&offset=…', `${base}/api/schools`, signedIn, (i) => `/api/schools?asOf=${day(i)}&limit=${20 + (Math.floor(i / 3650) % 20)}&offset=${20 * ((i * 7919) % pages)}`),
    );
    if (big) {
      // The next page by its cursor (`after`, the `next` of the page before), deep in the registry:
      // the cursors of every 200th school, walked once here; another day and page size each time.
      const cursors: string[] = [];
      for (let next: string | null = ''; next !== null && cursors.length < 1000; ) {
        const page = (await (await fetch(`${base}/api/schools?limit=200${next ? `&after=${encodeURIComponent(next)}` : ''}`, { headers: signedIn })).json()) as { next: string | null };
        next = page.next ?? null;
        if (next) cursors.push(next);
      }
      push(
        await measure('varied: /api/schools?asOf=…&limit=20…39&after=<cursor>', `${base}/api/schools`, signedIn, (i) => `/api/schools?asOf=${day(i)}&limit=${20 + (Math.floor(i / 3650) % 20)}&after=${encodeURIComponent(cursors[(i * 7919) % cursors.length]!)}`),
      );
    }
    push(
      await measure('varied: /api/search?q=<two syllables>&limit=…', `${base}/api/search`, signedIn, (i) => {
        const a = SYLLABLES[i % SYLLABLES.length]!;
        const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]!;
        return `/api/search?q=${encodeURIComponent(`${a} ${b}`)}&limit=${1 + (Math.floor(i / SYLLABLES.length ** 2) % 20)}`;
      }),
    );
  };
  push(await measure('/api/health', `${base}/api/health`));
  push(await measure('/api/auth/me', `${base}/api/auth/me`, signedIn));
  await listEndpoints(false);

  // 3. The 45,000 schools of the registry benchmark, imported through the import service.
  const file = join(tmpdir(), `chungtay-bench-registry-${ROWS}.xlsx`);
  if (!existsSync(file)) await generate(file, ROWS);
  handle = await openDatabase({ dataDir: join(dir, 'data'), poolSize: 4 });
  await seedUnits(handle.db);
  let t = Date.now();
  const out = await importSchools(handle.db, systemContext('bench'), { file: await readFile(file), fileName: 'bench.xlsx', dryRun: false, asOf: '2026-01-15' });
  if (!out.ok) throw new Error(`import refused: ${JSON.stringify(out.errors.slice(0, 3))}`);
  // What autovacuum does soon after an import this size: statistics, and the visibility map that
  // index-only counts need (without it each counted row is read from the table too).
  await sql`vacuum analyze`.execute(handle.db);
  section = `${out.created.toLocaleString('en')} schools`;
  console.log(`\n— ${out.created} schools imported in ${((Date.now() - t) / 1000).toFixed(1)} s (then VACUUM ANALYZE)`);
  t = Date.now();
  await listEndpoints(true);
} finally {
  await handle?.db.destroy().catch(() => {});
  for (const c of children.reverse()) await stop(c);
  await rm(dir, { recursive: true, force: true });
}

const hello = results[0]!.rps;
// Every request that reaches PostgreSQL pays at least what /api/health (one `select 1`) pays:
// the `% of /api/health` column compares each endpoint with it, as fairly as a loaded machine allows.
const health = results.find((r) => r.label === '/api/health')?.rps ?? NaN;
console.log('\n| data | endpoint | req/s | % of hello-world | % of /api/health | p50 ms | p95 ms |\n|---|---|---|---|---|---|---|');
for (const r of results) {
  const ofHealth = r.label === 'Fastify hello-world' ? '' : `${((100 * r.rps) / health).toFixed(0)} %`;
  console.log(`| ${r.section} | ${r.label} | ${r.rps.toFixed(0)} | ${((100 * r.rps) / hello).toFixed(1)} % | ${ofHealth} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`);
}
