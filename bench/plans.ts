/**
 * Yearly plans: median time to read a plan (JSON, with each item's linked activities) and to
 * render it as DOCX and PDF through the service, on the demo plan 2025-2026 of Chu Phan – Ái Mộ B
 * (4 items) and on the same plan grown to the largest plan accepted (200 items, 30 goals), and
 * the time to compare two such versions.
 *
 *   npm run bench -- plans [--runs=15] [--out=/tmp/plans]     (or: npx tsx bench/plans.ts)
 *
 * Uses DATABASE_URL when set (a database it may fill), otherwise a throw-away embedded
 * PostgreSQL in a temporary directory.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashPlanContent } from '#src/core/plans/hash.ts';
import { planMonths, type PlanContent } from '#src/core/plans/plan.ts';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { diffPlanVersions, getPlan, renderPlanDocument } from '#src/server/features/plans/plans.service.ts';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
const out = args.find((a) => a.startsWith('--out='))?.slice(6);
const YEAR = '2025-2026';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  console.log(`${label}: median ${median(times).toFixed(1)} ms over ${runs} (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-bench-'));
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, poolSize: 2 });
try {
  await migrate(handle.db);
  await loadDemoData(handle.db, systemContext('bench'), new LocalFileStore(join(dataDir, 'uploads')));
  const db = handle.db;
  const ctx = systemContext('bench');
  const now = new Date();
  const plan = await db
    .selectFrom('pair_plan as p')
    .innerJoin('pair_member as m', 'm.pair_id', 'p.pair_id')
    .innerJoin('school as s', 's.id', 'm.school_id')
    .select(['p.id', 'p.pair_id'])
    .where('s.code', '=', 'DEMO-TH-CHUPHAN')
    .where('p.school_year', '=', YEAR)
    .executeTakeFirstOrThrow();

  const run = async (label: string) => {
    await time(`${label} — read (JSON with progress)`, () => getPlan(db, ctx, plan.pair_id, YEAR, 'current', now));
    for (const format of ['docx', 'pdf'] as const) {
      const first = await renderPlanDocument(db, ctx, plan.pair_id, YEAR, { format }, now);
      if (out) {
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, `${label.replace(/\W+/gu, '-')}-${first.fileName}`), first.bytes);
      }
      await time(`${label} — ${format.toUpperCase()} (${first.bytes.length} bytes)`, () => renderPlanDocument(db, ctx, plan.pair_id, YEAR, { format }, now));
    }
  };
  await run('demo plan (4 items)');

  // The largest plan accepted: 200 items over the nine months, 30 goals; as version 2 beside the demo's version 1.
  const v1 = await db.selectFrom('plan_version').selectAll().where('plan_id', '=', plan.id).where('version', '=', 1).executeTakeFirstOrThrow();
  const base = v1.content as PlanContent;
  const months = planMonths(YEAR);
  const big: PlanContent = {
    ...base,
    goals: Array.from({ length: 30 }, (_, i) => ({ text: `Mục tiêu ${i + 1}: nâng cao chất lượng giáo dục toàn diện, chia sẻ kinh nghiệm giữa hai nhà trường`, mouClauses: [1 + (i % 4)] })),
    items: Array.from({ length: 200 }, (_, i) => ({
      key: randomUUID(),
      month: months[i % months.length]!,
      kind: base.items[i % base.items.length]!.kind,
      title: `Hoạt động ${i + 1}: sinh hoạt chuyên môn liên trường, dự giờ và góp ý tiết dạy theo CT GDPT 2018`,
      hostSchoolId: base.items[i % base.items.length]!.hostSchoolId,
      responsible: 'Bà Trần Thị Hoa, Phó Hiệu trưởng',
    })),
  };
  await db
    .insertInto('plan_version')
    .values({
      plan_id: plan.id,
      version: 2,
      status: 'draft',
      content: JSON.stringify(big),
      content_sha256: hashPlanContent(YEAR, big),
      parties: JSON.stringify(v1.parties),
      change_note: 'bench',
      drafted_by_school_id: v1.drafted_by_school_id,
      created_by_user_id: null,
    })
    .execute();
  await run('largest plan (200 items, 30 goals)');
  await time('difference of version 1 and the 200-item version 2', () => diffPlanVersions(db, ctx, plan.pair_id, YEAR, 1, 2, now));
  if (out) console.log(`documents written to ${out}`);
} finally {
  await handle.close();
  rmSync(dataDir, { recursive: true, force: true });
}
