/**
 * `ledger verify` over a chain of 1,000,000 entries: a fresh embedded PostgreSQL, the
 * migrations, a generated chain written in batches, then the whole check timed (the same
 * `verifyLedger` the CLI runs), on this thread alone and with worker threads, in turns on the
 * same data (wall time, the process's CPU time, the load average before each run). `npm run bench -- ledger` (LEDGER_BENCH_ENTRIES to change the size;
 * LEDGER_BENCH_PROFILE=DIR writes a CPU profile of the first run there, prints its heaviest
 * functions and the plan of the query that reads the chain).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { nextEntry, type StoredLedgerEntry } from '#src/core/support/ledger.ts';
import { createKysely } from '#src/db/database.ts';
import { openEmbedded } from '#src/db/embedded.ts';
import { migrate } from '#src/db/migrate.ts';
import { LEDGER_TEXT_COLUMNS } from '#src/server/features/support/ledger.repository.ts';
import { defaultVerifyThreads, verifyLedger } from '#src/server/features/support/ledger.service.ts';

const N = Number(process.env.LEDGER_BENCH_ENTRIES ?? 1_000_000);
const BATCH = 10_000;
const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-ledger-'));
await chmod(dir, 0o755);
const pg = await openEmbedded({ dataDir: join(dir, 'pg') });
const db = createKysely(pg.url, 2);
try {
  await migrate(db);
  let t = performance.now();
  let last: StoredLedgerEntry | null = null;
  const base = Date.UTC(2026, 0, 1);
  for (let start = 1; start <= N; start += BATCH) {
    const rows: StoredLedgerEntry[] = [];
    for (let seq = start; seq < Math.min(start + BATCH, N + 1); seq++) {
      const correction = seq % 50 === 0;
      last = nextEntry(last, {
        kind: correction ? 'correction' : 'delivery',
        correctsSeq: correction ? seq - 1 : null,
        recordedAt: new Date(base + seq * 1000).toISOString(),
        payload: {
          deliveryId: `d-${correction ? seq - 1 : seq}`,
          donor: seq % 7 === 0 ? null : 'Trường THPT Nhân Chính',
          kind: 'equipment',
          quantity: '4',
          unit: 'chiếc',
          valueVnd: 41_000_000 + seq,
          deliveredOn: '2026-01-01',
          schoolName: 'Trường Phổ thông dân tộc nội trú Hà Nội',
          minutesNumber: `${seq}/BB-THPTNC`,
        },
      });
      rows.push(last);
    }
    await sql`insert into ledger_entry (seq, kind, corrects_seq, recorded_at, payload, prev_hash, hash)
      select * from unnest(${rows.map((r) => r.seq)}::bigint[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.correctsSeq)}::bigint[],
                           ${rows.map((r) => r.recordedAt)}::timestamptz[], ${rows.map((r) => JSON.stringify(r.payload))}::jsonb[],
                           ${rows.map((r) => r.prevHash)}::text[], ${rows.map((r) => r.hash)}::text[])`.execute(db);
  }
  console.log(`write a chain of ${N.toLocaleString('en')} entries: ${Math.round(performance.now() - t)} ms`);
  const profileDir = process.env.LEDGER_BENCH_PROFILE;
  if (profileDir) {
    await sql`analyze ledger_entry`.execute(db);
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers) select ${sql.raw(LEDGER_TEXT_COLUMNS)} from ledger_entry order by ledger_entry.seq`.execute(db);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  const threads = Number(process.env.LEDGER_BENCH_THREADS ?? (defaultVerifyThreads(N) || 2));
  console.log(`${availableParallelism()} cores; worker threads: ${threads}`);
  // In turns, so that a change of the machine's load weighs on both alike.
  const modes = [0, threads, 0, threads];
  for (let run = 1; run <= modes.length; run++) {
    const mode = modes[run - 1]!;
    const session = profileDir && run <= 2 ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    const cpu = process.cpuUsage();
    t = performance.now();
    const r = await verifyLedger(db, { threads: mode });
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(join(profileDir!, `ledger-verify-${mode ? 'threads' : 'main'}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
      printHeaviest(profile);
      session.disconnect();
    }
    if (!r.ok || r.entries !== N) throw new Error(`verify failed: ${JSON.stringify(r.problem)}`);
    console.log(
      `verify run ${run} (${mode ? `${mode} worker threads` : 'this thread only'}): ${N.toLocaleString('en')} entries in ${Math.round(ms)} ms ` +
        `(${Math.round(N / (ms / 1000)).toLocaleString('en')} entries/s; Node CPU ${Math.round((used.user + used.system) / 1000)} ms; load average before ${load})`,
    );
  }
} finally {
  await db.destroy();
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}

/** The functions that took the most CPU themselves (self time), from a V8 CPU profile. */
function printHeaviest(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] }) {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const byName = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const us = self.get(n.id) ?? 0;
    total += us;
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [name, us] of top) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${Math.round(us / 1000).toString().padStart(6)} ms  ${name}`);
}
