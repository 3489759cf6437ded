/**
 * Registry import benchmark: generates a messy 45,000-row .xlsx (title block,
 * two-row merged header, text numbers with dot separators, NFD names, mixed level
 * spellings, old district + commune names), then times a dry run and a real import
 * into an empty database, and reports peak RSS and the worst event-loop stall (how
 * long the server would not answer anyone).
 *
 *   node --import tsx bench/registry-import.ts [rows]     (DATABASE_URL unset: embedded PostgreSQL in a temp dir)
 *   BENCH_KEEP_FILE=/tmp/45k.xlsx …                         keeps a copy of the generated file
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { systemContext } from '#src/server/context.ts';
import { importSchools } from '#src/server/features/schools/school-import.service.ts';
import { exportSchools } from '#src/server/features/schools/schools.export.ts';
import { generate, seedUnits } from './registry-data.ts';

const ROWS = Number(process.argv[2] ?? 45_000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-'));
// As root the embedded PostgreSQL runs as "postgres", which must reach its data dir.
await chmod(dir, 0o755);
const file = join(dir, 'truong-45000.xlsx');
let t = Date.now();
if (process.env.BENCH_GENERATE_ONLY) {
  await generate(process.env.BENCH_GENERATE_ONLY, ROWS);
  process.exit(0);
}
// Generated in a child process, so that the peak RSS below is the import's alone.
const gen = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(ROWS)], {
  env: { ...process.env, BENCH_GENERATE_ONLY: file },
  stdio: 'inherit',
});
if (gen.status !== 0) throw new Error('generating the file failed');
const bytes = await readFile(file);
if (process.env.BENCH_KEEP_FILE) {
  await writeFile(process.env.BENCH_KEEP_FILE, bytes);
  console.log(`kept a copy at ${process.env.BENCH_KEEP_FILE}`);
}
console.log(`generated ${ROWS} rows: ${file} (${(bytes.length / 1024 / 1024).toFixed(1)} MB) in ${Date.now() - t} ms`);

const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: join(dir, 'data'), poolSize: 4 });
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const loop = monitorEventLoopDelay({ resolution: 10 });
try {
  await migrate(handle.db);
  await seedUnits(handle.db);
  const ctx = systemContext('bench');
  const run = async (dryRun: boolean) => {
    loop.reset();
    loop.enable();
    const started = Date.now();
    const rssBefore = process.memoryUsage().rss;
    const out = await importSchools(handle.db, ctx, { file: bytes, fileName: 'bench.xlsx', dryRun, asOf: '2026-01-15' });
    loop.disable();
    console.log(
      `${dryRun ? 'dry run' : 'import '}: ${Date.now() - started} ms, ok=${out.ok}, rows=${out.rows}, created=${out.created}, updated=${out.updated}, errors=${out.errors.length}, warnings=${out.warnings.length}; ` +
        `rss before ${mb(rssBefore)}, peak so far ${mb(peakRss)}; worst event-loop stall ${(loop.max / 1e6).toFixed(0)} ms (p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms)`,
    );
    if (!out.ok) console.log(out.errors.slice(0, 5));
  };
  await run(true);
  if (!process.env.BENCH_DRY_ONLY) {
    await run(false);
    await run(false);
  }
  t = Date.now();
  let exported = 0;
  const stream = await exportSchools(handle.db, ctx, { asOf: '2026-01-15' });
  for await (const chunk of stream) exported += (chunk as Buffer).length;
  console.log(`export: ${Date.now() - t} ms, ${(exported / 1024 / 1024).toFixed(1)} MB`);
  console.log(`peak RSS of the whole process: ${mb(peakRss)} (limit 500 MB)`);
} finally {
  clearInterval(sampler);
  await handle.close();
  await rm(dir, { recursive: true, force: true });
}
