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
import ExcelJS from 'exceljs';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { systemContext } from '#src/server/context.ts';
import { importSchools } from '#src/server/features/schools/school-import.service.ts';
import { exportSchools } from '#src/server/features/schools/schools.export.ts';

const ROWS = Number(process.argv[2] ?? 45_000);
const DISTRICTS = 30;
const COMMUNES = 25;
const LEVELS = ['TH', 'Tiểu học', 'tiểu học', 'THCS', 'Trung học cơ sở', 'THPT', 'Mầm non', 'mầm non', 'Liên cấp', 'GDTX'];
const AREAS = ['Nội thành', 'Ngoại thành', 'NGOẠI THÀNH', 'Miền núi'];
const WORDS = ['Ái Mộ', 'Đoàn Kết', 'Nguyễn Trãi', 'Lê Lợi', 'Chu Văn An', 'Đống Đa', 'Hòa Bình', 'Quang Trung', 'Thăng Long', 'Ấp Bắc', 'Yên Hòa', 'Dương Xá'];

async function generate(file: string) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('Danh sach');
  ws.getRow(1).values = ['SỞ GIÁO DỤC VÀ ĐÀO TẠO'];
  ws.getRow(2).values = ['DANH SÁCH CÁC TRƯỜNG NĂM HỌC 2025-2026'];
  ws.getRow(4).values = ['STT', 'Mã trường (*)', 'TEN TRUONG', 'Cấp học', 'Địa bàn', null, null, 'Quy mô', null, 'Hiệu trưởng', 'SĐT', 'Email', 'Thế mạnh'];
  ws.getRow(5).values = [null, null, null, null, 'Quận/Huyện', 'Xa/Phuong', 'Khu vực', 'Số HS', 'Số GV', null, null, null, null];
  for (const c of ['A', 'B', 'C', 'D', 'J', 'K', 'L', 'M']) ws.mergeCells(`${c}4:${c}5`);
  ws.mergeCells('E4:G4');
  ws.mergeCells('H4:I4');
  for (let r = 1; r <= 5; r++) ws.getRow(r).commit();
  for (let i = 0; i < ROWS; i++) {
    const d = i % DISTRICTS;
    const c = Math.floor(i / DISTRICTS) % COMMUNES;
    const students = 200 + ((i * 37) % 2500);
    const name = `Trường  ${LEVELS[i % LEVELS.length]} ${WORDS[i % WORDS.length]} ${i + 1}`;
    const row = ws.getRow(6 + i);
    row.values = [
      i + 1,
      `BM-${String(i + 1).padStart(6, '0')} `,
      i % 3 === 0 ? name.normalize('NFD') : name,
      LEVELS[i % LEVELS.length],
      `Huyện Bench ${d + 1}`,
      `Xã ${WORDS[c % WORDS.length]} ${d + 1}-${c + 1}`,
      AREAS[i % AREAS.length],
      i % 2 ? students.toLocaleString('de-DE') : `${students} `,
      String(10 + (i % 90)),
      `Nguyễn Văn ${WORDS[(i + 3) % WORDS.length]}`,
      i % 4 ? `09${String(10_000_000 + i).slice(-8)}` : 900_000_000 + i,
      `truong${i + 1}@bench.edu.vn`,
      i % 5 === 0 ? 'Tiếng Anh (3); Chuyển đổi số' : null,
    ];
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

async function seedUnits(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const province = await db.insertInto('admin_unit').values({ code: 'B01', name: 'Tỉnh Bench', kind: 'province', parent_id: null, valid_to: null, successor_id: null }).returning('id').executeTakeFirstOrThrow();
  for (let d = 0; d < DISTRICTS; d++) {
    const district = await db
      .insertInto('admin_unit')
      .values({ code: `B01-${d}`, name: `huyện Bench ${d + 1}`, kind: 'district', parent_id: province.id, valid_to: '2025-07-01', successor_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    // After the reform every five old communes became one new commune under the province.
    const merged: string[] = [];
    for (let m = 0; m < COMMUNES / 5; m++) {
      const n = await db
        .insertInto('admin_unit')
        .values({ code: `B01-N${d}-${m}`, name: `xã Bench Mới ${d + 1}-${m + 1}`, kind: 'commune', parent_id: province.id, valid_from: '2025-07-01', valid_to: null, successor_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      merged.push(n.id);
    }
    await db
      .insertInto('admin_unit')
      .values(
        Array.from({ length: COMMUNES }, (_, c) => ({
          code: `B01-${d}-${c}`,
          name: `xã ${WORDS[c % WORDS.length]} ${d + 1}-${c + 1}`,
          kind: 'commune' as const,
          parent_id: district.id,
          valid_to: '2025-07-01',
          successor_id: merged[Math.floor(c / 5)]!,
        })),
      )
      .execute();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-'));
// As root the embedded PostgreSQL runs as "postgres", which must reach its data dir.
await chmod(dir, 0o755);
const file = join(dir, 'truong-45000.xlsx');
let t = Date.now();
if (process.env.BENCH_GENERATE_ONLY) {
  await generate(process.env.BENCH_GENERATE_ONLY);
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
