/**
 * What one request costs, without load: for each endpoint of bench/http.ts, the SQL queries it
 * sends, the Node CPU time and PostgreSQL CPU time per request, and its wall time in a quiet
 * sequential loop (`app.inject`, signed in as so.admin), at the demo size and then with the
 * 45,000 generated schools of bench/registry-import.ts. On a machine that other work loads,
 * these figures move much less than req/s under load.
 *
 *   npm run bench -- requests
 *   BENCH_ROUNDS=200 BENCH_ROWS=45000 BENCH_EXPLAIN=1 npm run bench -- requests
 *   BENCH_DATA_DIR=/tmp/x npm run bench -- requests   (kept and reused: the import runs once)
 *   BENCH_CACHE_MB=32 npm run bench -- requests        (with the response cache: repeated answers)
 *
 * BENCH_EXPLAIN=1 also prints EXPLAIN (ANALYZE, BUFFERS) of each endpoint's queries.
 * Profile it: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/requests.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import { genericPlanPoolOf, openDatabase, poolOf, shareGenericPlanPool } from '#src/db/database.ts';
import { preparedQueryLog } from '#src/db/query-template.ts';
import type { Database } from '#src/db/schema.ts';
import { migrate } from '#src/db/migrate.ts';
import { buildApp } from '#src/server/app.ts';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { DEMO_PASSWORD } from '#src/server/features/demo/demo-data.ts';
import { importSchools } from '#src/server/features/schools/school-import.service.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';
import { generate, seedUnits } from './registry-data.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const ROWS = Number(process.env.BENCH_ROWS ?? 45_000);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const keep = process.env.BENCH_DATA_DIR;
/** The response cache (decision 0033) is off unless BENCH_CACHE_MB says: this bench measures what computing an answer costs. */
const CACHE_MB = Number(process.env.BENCH_CACHE_MB ?? 0);

const ENDPOINTS = [
  '/api/health',
  '/api/auth/me',
  '/api/schools?page=1&pageSize=20',
  '/api/dashboard',
  '/api/search?q=ai%20mo',
  'varied: /api/schools?asOf=…&limit=20…39&offset=…',
  'varied: /api/search?q=<two syllables>&limit=…',
  // The list in its other orders (code, size, last change): BENCH_ONLY=sort=
  '/api/schools?sort=code&limit=20',
  '/api/schools?sort=students&order=desc&offset=1000&limit=20',
  '/api/schools?sort=updatedAt&order=desc&limit=20',
];
const BIG_ONLY = ['/api/schools?q=tieu%20hoc&offset=1980&limit=20', '/api/search?q=tieu%20hoc'];
/**
 * The varied list of bench/http.ts: each request another question (another day `asOf`, page size
 * and, at 45,000 schools, a page spread over the registry), so a response cache could not serve it.
 */
const VARIED_LIST = ENDPOINTS[5]!;
const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10);
const variedList = (pages: number) => (i: number) => `/api/schools?asOf=${day(i)}&limit=${20 + (Math.floor(i / 3650) % 20)}&offset=${20 * ((i * 7919) % pages)}`;
/** The varied search of bench/http.ts: two syllables of school names and a page size, each request another. */
const VARIED_SEARCH = ENDPOINTS[6]!;
const SYLLABLES = ['ai', 'mo', 'tieu', 'hoc', 'thcs', 'thpt', 'nguyen', 'tran', 'le', 'ha', 'noi', 'dong', 'tay', 'nam', 'bac', 'an', 'binh', 'hoa', 'phu', 'thanh', 'xuan', 'son', 'long', 'minh', 'quang', 'trung', 'kim', 'lien', 'ngoc', 'hai', 'duc', 'hung', 'phuc', 'tan', 'vinh', 'cau', 'giay', 'chu', 'phan', 'mam'];
const variedSearch = (i: number) => {
  const a = SYLLABLES[i % SYLLABLES.length]!;
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]!;
  return `/api/search?q=${encodeURIComponent(`${a} ${b}`)}&limit=${1 + (Math.floor(i / SYLLABLES.length ** 2) % 20)}`;
};
/** BENCH_ONLY=search,dashboard: only the endpoints whose URL contains one of these. */
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const chosen = (urls: string[]) => (only.length ? urls.filter((u) => only.some((o) => u.includes(o))) : urls);

/** CPU seconds (user + system) of the PostgreSQL server's processes, from /proc. */
function postgresCpuSeconds(dataDir: string): number {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return NaN;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(entry) !== postmaster && ppid !== postmaster) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

const dir = keep ?? (await mkdtemp(join(tmpdir(), 'chungtay-bench-requests-')));
await mkdir(dir, { recursive: true });
await chmod(dir, 0o755);
const dataDir = join(dir, 'data');
const handle = await openDatabase({ dataDir, poolSize: 20 });
// Connections stay open for the whole run, so that /proc sees every backend's CPU time.
(poolOf(handle.db)!.options as { idleTimeoutMillis: number }).idleTimeoutMillis = 0;
const queries: { sql: string; parameters: readonly unknown[]; ms: number }[] = [];
let recording = false;
// The app's own pool, with a Kysely that logs every query it sends.
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: poolOf(handle.db)! }),
  log: (e: LogEvent) => {
    if (recording && e.level === 'query') queries.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
  },
});
// The prepared queries (query templates with generic plans) run on the handle's second pool: counted too.
shareGenericPlanPool(db, handle.db);
const generic = genericPlanPoolOf(handle.db);
if (generic) (generic.options as { idleTimeoutMillis: number }).idleTimeoutMillis = 0;
preparedQueryLog.listener = (q) => {
  if (recording) queries.push(q);
};
const jobs = createJobQueue(db, { pollSeconds: 60, graceMs: 1000 }, undefined, { outboxDir: join(dir, 'outbox'), from: 'bench <b@example.vn>', publicUrl: 'http://127.0.0.1' });
let app: Awaited<ReturnType<typeof buildApp>> | null = null;
try {
  await migrate(handle.db);
  await loadDemoData(handle.db, systemContext('bench'), new LocalFileStore(join(dataDir, 'uploads')));
  // The queue is not started: its timekeeper's background work would count as the requests' CPU time.
  app = await buildApp({ jobs, db, databaseKind: handle.kind, version: 'bench', now: () => new Date(), secureCookies: false, serveWeb: false, dataDir, rateLimitPerMinute: 0, responseCacheMb: CACHE_MB });
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'so.admin', password: DEMO_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const cookie = `ct_session=${login.cookies.find((c) => c.name === 'ct_session')!.value}`;

  const measure = async (label: string, urls: string[]) => {
    console.log(`\n— ${label}: ${ROUNDS} requests each, one at a time`);
    console.log(`${'endpoint'.padEnd(50)} queries  node CPU ms  pg CPU ms  wall p50 ms  wall p95 ms  bytes`);
    for (const url of urls) {
      const urlOf = url === VARIED_LIST ? variedList(label === 'demo data' ? 1 : 2000) : url === VARIED_SEARCH ? variedSearch : () => url;
      for (let i = 0; i < 20; i++) await app!.inject({ method: 'GET', url: urlOf(i + ROUNDS), headers: { cookie } });
      queries.length = 0;
      recording = true;
      const one = await app!.inject({ method: 'GET', url: urlOf(ROUNDS + 20), headers: { cookie } });
      recording = false;
      if (one.statusCode !== 200) throw new Error(`${url}: ${one.statusCode} ${one.body}`);
      const perRequest = [...queries];
      const times: number[] = [];
      const cpu0 = process.cpuUsage();
      const pg0 = postgresCpuSeconds(dataDir);
      for (let i = 0; i < ROUNDS; i++) {
        const t = performance.now();
        await app!.inject({ method: 'GET', url: urlOf(i), headers: { cookie } });
        times.push(performance.now() - t);
      }
      const cpu = process.cpuUsage(cpu0);
      const pgCpu = postgresCpuSeconds(dataDir) - pg0;
      times.sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
      console.log(
        `${url.padEnd(50)} ${String(perRequest.length).padStart(7)} ${((cpu.user + cpu.system) / 1000 / ROUNDS).toFixed(2).padStart(12)} ${((pgCpu * 1000) / ROUNDS).toFixed(2).padStart(10)} ${p(0.5).toFixed(2).padStart(12)} ${p(0.95).toFixed(2).padStart(12)} ${String(one.body.length).padStart(6)}`,
      );
      if (EXPLAIN || process.env.BENCH_SQL === '1') {
        for (const q of perRequest) {
          console.log(`\n  [${q.ms.toFixed(1)} ms] ${q.sql.replace(/\s+/gu, ' ')}\n  ${JSON.stringify(q.parameters)}`);
          if (EXPLAIN) {
            const client = await poolOf(handle.db)!.connect();
            try {
              const r = await client.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
              console.log(r.rows.map((row: Record<string, string>) => `    ${row['QUERY PLAN']}`).join('\n'));
            } finally {
              client.release();
            }
          }
        }
      }
    }
  };

  await measure('demo data', chosen(ENDPOINTS));

  const big = await db.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(big.n) < ROWS) {
    const file = join(tmpdir(), `chungtay-bench-registry-${ROWS}.xlsx`);
    if (!existsSync(file)) await generate(file, ROWS);
    await seedUnits(handle.db);
    const t = Date.now();
    const out = await importSchools(handle.db, systemContext('bench'), { file: await readFile(file), fileName: 'bench.xlsx', dryRun: false, asOf: '2026-01-15' });
    if (!out.ok) throw new Error(`import refused: ${JSON.stringify(out.errors.slice(0, 3))}`);
    console.log(`\n${out.created} schools imported in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  // What autovacuum does soon after an import this size: statistics, and the visibility map that
  // index-only counts need (without it each counted row is read from the table too).
  await sql`vacuum analyze`.execute(handle.db);
  await measure(`${ROWS.toLocaleString('en')} schools`, chosen([...ENDPOINTS.slice(2), ...BIG_ONLY]));
} finally {
  await app?.close();
  await jobs.stop().catch(() => {});
  await handle.close();
  if (!keep) await rm(dir, { recursive: true, force: true });
}
