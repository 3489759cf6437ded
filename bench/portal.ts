/**
 * Public portal benchmark: the time to render the programme home (/chuong-trinh) and a pair
 * page (/ket-nghia/:id) through the real app (`inject`: routing, SQL, allow-list, HTML),
 * on the demo, then with 100,000 generated activities (1,000 pairs of 100 activities with
 * two schools' participants each, and 2,000 more on the demo pair Nhân Chính – PTDTNT Hà Nội,
 * whose page is timed), with the query plans of the home's totals and the pair's activities.
 *
 *   node --import tsx bench/portal.ts [activities]   (DATABASE_URL unset: embedded PostgreSQL in a temp dir)
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { buildApp } from '#src/server/app.ts';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { portalTotals } from '#src/server/features/portal/portal.service.ts';

const ACTIVITIES = Number(process.argv[2] ?? 100_000);
const PAIRS = 1_000;
const ROUNDS = 40;
const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-portal-'));
await chmod(dir, 0o755);
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: join(dir, 'data'), poolSize: 5 });
const db = handle.db;

const ms = (ns: bigint) => Number(ns) / 1e6;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

try {
  await migrate(db);
  await loadDemoData(db, systemContext('bench'), new LocalFileStore(join(dir, 'uploads')));
  const app = await buildApp({ db, databaseKind: handle.kind, version: 'bench', now: () => new Date(), secureCookies: false, serveWeb: false, dataDir: dir, rateLimitPerMinute: 0 });
  const ncPair = (
    await sql<{ id: string }>`select pm.pair_id as id from pair_member pm join school s on s.id = pm.school_id join pair p on p.id = pm.pair_id where s.code = 'DEMO-THPT-NHANCHINH' and p.state in ('active', 'completed') limit 1`.execute(db)
  ).rows[0]!.id;

  const time = async (label: string) => {
    // The totals alone, summed afresh (what a node's first reader after the cache waits for).
    const sums: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = process.hrtime.bigint();
      await portalTotals(db, true);
      sums.push(ms(process.hrtime.bigint() - t0));
    }
    console.log(`${label}: totals summed afresh median ${pct(sums, 50).toFixed(1)} ms, p95 ${pct(sums, 95).toFixed(1)} ms (10 sums)`);
    for (const url of ['/chuong-trinh', `/ket-nghia/${ncPair}`, '/tin-tuc?q=ket+nghia']) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const t0 = process.hrtime.bigint();
        const res = await app.inject({ method: 'GET', url });
        times.push(ms(process.hrtime.bigint() - t0));
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
        bytes = res.rawPayload.length;
      }
      console.log(`${label}: ${url.replace(ncPair, ':id')} median ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (${ROUNDS} renders, ${(bytes / 1024).toFixed(1)} KB HTML)`);
    }
  };
  await time('demo');

  const t = Date.now();
  await sql`insert into school (code, name, short_name, level, area_type)
    select 'PB' || g, 'Trường THCS Thử ' || g, 'THCS Thử ' || g, 'lower-secondary', case when g % 2 = 0 then 'inner-city' else 'suburban' end
    from generate_series(1, ${PAIRS * 2}) g`.execute(db);
  await sql`with p as (
      insert into pair (campaign_id, state, search_key)
      select c.id, 'active', 'pb' || g from (select id from campaign order by created_at limit 1) c, generate_series(1, ${PAIRS}) g
      returning id, search_key
    )
    insert into pair_member (pair_id, school_id, position)
    select p.id, s.id, x.pos from p cross join (values (0), (1)) x(pos)
    join school s on s.code = 'PB' || (substr(p.search_key, 3)::int * 2 - x.pos)`.execute(db);
  const onDemoPair = 2_000;
  const spread = ACTIVITIES - onDemoPair;
  await sql`insert into activity (pair_id, kind, title, starts_on, school_year, host_school_id, status)
    select p.id, 'seminar', 'Chuyên đề thử ' || g, date '2023-09-05' + (g % 900), '2023-2024',
      (select school_id from pair_member where pair_id = p.id order by position limit 1),
      case when g % 10 = 0 then 'planned' when g % 3 = 0 then 'reported' else 'done' end
    from generate_series(1, ${spread}) g
    join (select id, row_number() over (order by id) - 1 as n from pair where search_key like 'pb%') p on p.n = g % ${PAIRS}`.execute(db);
  await sql`insert into activity (pair_id, kind, title, starts_on, school_year, host_school_id, status)
    select ${ncPair}::uuid, 'student-exchange', 'Giao lưu thử ' || g, date '2023-09-05' + (g % 900), '2023-2024',
      (select school_id from pair_member where pair_id = ${ncPair}::uuid order by position limit 1), case when g % 10 = 0 then 'planned' else 'done' end
    from generate_series(1, ${onDemoPair}) g`.execute(db);
  await sql`insert into activity_participant (activity_id, school_id, teachers, staff, students)
    select a.id, pm.school_id, 5 + (pm.position * 3), 1, 20 from activity a join pair_member pm on pm.pair_id = a.pair_id
    where a.title like '% thử %' on conflict do nothing`.execute(db);
  await sql`analyze`.execute(db);
  const n = (await sql<{ n: string }>`select count(*) as n from activity`.execute(db)).rows[0]!.n;
  console.log(`generated ${PAIRS} pairs, ${PAIRS * 2} schools, ${n} activities in all (with participants) in ${Date.now() - t} ms`);

  await time(`${Number(n).toLocaleString('en')} activities`);

  for (const [label, q] of [
    ['home totals (participants)', sql`explain (analyze, costs off, summary on) select coalesce(sum(ap.teachers), 0), coalesce(sum(ap.students), 0)
      from activity_participant ap join activity a on a.id = ap.activity_id join pair p on p.id = a.pair_id
      where p.state in ('active', 'completed') and a.status in ('done', 'reported')`],
    ['pair activities', sql`explain (analyze, costs off, summary on) select a.id from activity a where a.pair_id = ${ncPair}::uuid and a.status in ('done', 'reported') order by a.starts_on desc, a.id limit 100`],
  ] as const) {
    const plan = (await q.execute(db)).rows.map((r) => Object.values(r as Record<string, string>)[0]);
    console.log(`\nplan of ${label}:\n  ${plan.join('\n  ')}`);
  }
  await app.close();
} finally {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
}
