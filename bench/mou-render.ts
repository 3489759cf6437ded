/**
 * Median time to render the MoU as DOCX and as PDF through the service — from the
 * database's content (version, parties, signatures, campaign) to the bytes — on the demo
 * pair Chu Phan – Ái Mộ B, signed, with its QR code.
 *
 *   npm run bench -- mou-render [--runs=30] [--out=/tmp/mou]     (or: npx tsx bench/mou-render.ts)
 *
 * Uses DATABASE_URL when set (a database it may fill), otherwise a throw-away embedded
 * PostgreSQL in a temporary directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { renderMouDocument } from '#src/server/features/pairs/mou.service.ts';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 30);
const out = args.find((a) => a.startsWith('--out='))?.slice(6);

const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-bench-'));
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir, poolSize: 2 });
try {
  await migrate(handle.db);
  await loadDemoData(handle.db, systemContext('bench'), new LocalFileStore(join(dataDir, 'uploads')));
  const pair = await handle.db
    .selectFrom('pair_member')
    .innerJoin('school', 'school.id', 'pair_member.school_id')
    .select('pair_member.pair_id')
    .innerJoin('mou', 'mou.pair_id', 'pair_member.pair_id')
    .where('school.code', '=', 'DEMO-TH-CHUPHAN')
    // The 2023 MoU (signed on paper, numbered 01/GN-THCP).
    .where('mou.dated_on', '=', '2023-03-13')
    .executeTakeFirstOrThrow();
  const ctx = systemContext('bench');
  const now = new Date();
  const render = (format: 'docx' | 'pdf') => renderMouDocument(handle.db, ctx, pair.pair_id, { format }, now, 'https://chungtay.example.vn');

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const results: Record<string, { medianMs: number; minMs: number; maxMs: number; bytes: number; runs: number }> = {};
  for (const format of ['docx', 'pdf'] as const) {
    const first = await render(format); // warm-up: fonts parsed, code compiled
    if (out) {
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, first.fileName), first.bytes);
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await render(format);
      times.push(performance.now() - t0);
    }
    results[format] = { medianMs: Number(median(times).toFixed(1)), minMs: Number(Math.min(...times).toFixed(1)), maxMs: Number(Math.max(...times).toFixed(1)), bytes: first.bytes.length, runs };
  }
  for (const [format, r] of Object.entries(results)) {
    console.log(`MoU ${format.toUpperCase()} (service, DB → bytes): median ${r.medianMs} ms over ${r.runs} renders (min ${r.minMs}, max ${r.maxMs}), ${r.bytes} bytes`);
  }
  if (out) console.log(`documents written to ${out}`);
} finally {
  await handle.close();
  rmSync(dataDir, { recursive: true, force: true });
}
