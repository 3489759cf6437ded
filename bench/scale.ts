/**
 * Country scale: the lists, searches, inboxes, feeds and exports that no other bench measures,
 * through the real app (`app.inject`, signed in), on generated data the size of a country:
 *
 * - 45,000 schools over the 3,321 wards of the shipped 2025 catalogue (every 15th in Hà Nội:
 *   3,000 schools, about the city's public schools), 500,000 accounts (about 11 per school:
 *   leaders, coordinators, teachers);
 * - 22,000 pairs (nearly every school in one) in the demo's first campaign, in all states;
 * - 1,000,000 activities (≈ 15 per pair and school year over three years) with two schools'
 *   participants each (2,000,000 rows);
 * - 1,100,000 notifications, 100,000 of them (half unread) for `so.admin`, the rest spread;
 * - 1,000,000 public ledger entries (hash fields filled, not chained: the pages do not verify).
 *
 * Each endpoint: 1 warm-up then BENCH_ROUNDS requests one at a time (default 15), p50 and p95
 * of the wall time, the rows answered, the SQL sent (BENCH_EXPLAIN=1: each query's plan).
 *
 *   BENCH_DATA_DIR=/tmp/scale-bench npm run bench -- scale   (the data dir is kept: generated once)
 *   BENCH_ONLY=pairs,notifications npm run bench -- scale
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import { openDatabase, poolOf, shareGenericPlanPool } from '#src/db/database.ts';
import { preparedQueryLog } from '#src/db/query-template.ts';
import type { Database } from '#src/db/schema.ts';
import { migrate } from '#src/db/migrate.ts';
import { buildApp } from '#src/server/app.ts';
import { systemContext } from '#src/server/context.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { DEMO_PASSWORD } from '#src/server/features/demo/demo-data.ts';
import { ledgerSums } from '#src/server/features/support/ledger.repository.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const keep = process.env.BENCH_DATA_DIR;
const SCHOOLS = 45_000;
const PAIRS = 22_000;
const ACTIVITIES = 1_000_000;
const USERS = 500_000;
const NOTIFICATIONS = 1_000_000;
const MINE = 100_000;
const LEDGER = 1_000_000;

const dir = keep ?? (await mkdtemp(join(tmpdir(), 'chungtay-bench-scale-')));
await mkdir(dir, { recursive: true });
await chmod(dir, 0o755);
const dataDir = join(dir, 'data');
const fresh = !existsSync(join(dataDir, 'pg'));
const handle = await openDatabase({ dataDir, poolSize: 10 });
const queries: { sql: string; parameters: readonly unknown[] }[] = [];
let recording = false;
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: poolOf(handle.db)! }),
  log: (e: LogEvent) => {
    if (recording && e.level === 'query') queries.push({ sql: e.query.sql, parameters: e.query.parameters });
  },
});
shareGenericPlanPool(db, handle.db);
preparedQueryLog.listener = (q) => {
  if (recording) queries.push(q);
};
const jobs = createJobQueue(db, { pollSeconds: 60, graceMs: 1000 }, undefined, { outboxDir: join(dir, 'outbox'), from: 'bench <b@example.vn>', publicUrl: 'http://127.0.0.1' });
let app: Awaited<ReturnType<typeof buildApp>> | null = null;

const step = async (label: string, q: { execute: (d: typeof db) => Promise<unknown> }) => {
  const t = Date.now();
  await q.execute(db);
  console.log(`  ${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
};

try {
  await migrate(handle.db);
  if (fresh) {
    await loadDemoData(handle.db, systemContext('bench'), new LocalFileStore(join(dataDir, 'uploads')));
    console.log('generating country-scale data…');
    await step('45,000 schools', sql`insert into school (code, name, short_name, level, area_type, search_key, name_key)
      select 'SC' || g, n.name, n.short, (array['primary','lower-secondary','upper-secondary'])[1 + g % 3], case when g % 2 = 0 then 'inner-city' else 'suburban' end,
        lower(n.ascii), lower(n.ascii)
      from generate_series(1, ${SCHOOLS}) g,
      lateral (select (array['Trường Tiểu học ','Trường THCS ','Trường THPT '])[1 + g % 3] || (array['Nguyễn Trãi','Lê Lợi','Trần Phú','Ái Mộ','Chu Văn An','Quang Trung','Kim Liên','Ngọc Hà','Đống Đa','Thanh Xuân'])[1 + (g / 3) % 10] || ' ' || g as name,
        (array['TH ','THCS ','THPT '])[1 + g % 3] || (array['Nguyễn Trãi','Lê Lợi','Trần Phú','Ái Mộ','Chu Văn An','Quang Trung','Kim Liên','Ngọc Hà','Đống Đa','Thanh Xuân'])[1 + (g / 3) % 10] || ' ' || g as short,
        (array['truong tieu hoc ','truong thcs ','truong thpt '])[1 + g % 3] || (array['nguyen trai','le loi','tran phu','ai mo','chu van an','quang trung','kim lien','ngoc ha','dong da','thanh xuan'])[1 + (g / 3) % 10] || ' ' || g as ascii) n`);
    await step('their wards (every 15th in Hà Nội)', sql`
      with w as (select u.id, row_number() over (order by u.code) - 1 as n, p.code = '01' as hn
        from admin_unit u join admin_unit p on p.id = u.parent_id where u.kind in ('commune', 'ward') and u.valid_to is null),
      hn as (select array_agg(id order by n) ids from w where hn), other as (select array_agg(id order by n) ids from w where not hn)
      insert into school_location (school_id, admin_unit_id, valid_from)
      select s.id, case when g % 15 = 0 then hn.ids[1 + (g / 15) % array_length(hn.ids, 1)] else other.ids[1 + g % array_length(other.ids, 1)] end, '2025-07-01'
      from (select id, substr(code, 3)::int as g from school where code like 'SC%') s, hn, other`);
    await step('22,000 pairs', sql`with p as (
        insert into pair (campaign_id, state, search_key, created_at)
        select c.id, (array['proposed','accepted','approved','active','active','active','completed','terminated'])[1 + g % 8], 'sc' || g, now() - make_interval(days => g % 700)
        from (select id from campaign order by created_at limit 1) c, generate_series(1, ${PAIRS}) g
        returning id, search_key
      )
      insert into pair_member (pair_id, school_id, position)
      select p.id, s.id, x.pos from p cross join (values (0), (1)) x(pos)
      join school s on s.code = 'SC' || (substr(p.search_key, 3)::int * 2 - x.pos)`);
    await step('pair search keys', sql`update pair set search_key = k.key from (
      select pm.pair_id, string_agg(s.search_key || ' ' || lower(s.code), ' ' order by pm.position) as key from pair_member pm join school s on s.id = pm.school_id
      where s.code like 'SC%' group by pm.pair_id) k where k.pair_id = pair.id`);
    // Numbered rows joined on g % n (a big array subscripted per row is copied per row: far slower).
    await step('1,000,000 activities', sql`
      with p as (select id, row_number() over (order by search_key) - 1 as n from pair where search_key like 'truong%')
      insert into activity (pair_id, kind, title, starts_on, school_year, status, cancel_reason)
      select p.id, (array['seminar','student-exchange','study-visit','subject-group-exchange'])[1 + g % 4], 'Hoạt động thử ' || g,
        d, case when extract(month from d) >= 9 then extract(year from d)::int || '-' || (extract(year from d)::int + 1) else (extract(year from d)::int - 1) || '-' || extract(year from d)::int end,
        st, case when st = 'cancelled' then 'Thời tiết xấu' end
      from generate_series(1, ${ACTIVITIES}) g
      join p on p.n = g % ${PAIRS},
      lateral (select date '2023-09-05' + (g % 1000) as d) dd,
      lateral (select case when d > current_date then 'planned' when g % 10 = 0 then 'planned' when g % 3 = 0 then 'reported' when g % 29 = 0 then 'cancelled' else 'done' end as st) ss`);
    await step('2,000,000 participants', sql`insert into activity_participant (activity_id, school_id, teachers, staff, students)
      select a.id, pm.school_id, 3 + pm.position, 1, 20 from activity a join pair_member pm on pm.pair_id = a.pair_id where a.title like 'Hoạt động thử %'`);
    await step('500,000 accounts', sql`
      with s as (select id, row_number() over (order by code) - 1 as n from school where code like 'SC%')
      insert into app_user (username, display_name, email, password_hash, role, school_id)
      select 'u' || g, (array['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi'])[1 + g % 8] || ' Văn ' || (array['An','Bình','Cường','Dũng','Hà','Lan','Minh','Tuấn'])[1 + (g / 8) % 8] || ' ' || g,
        'u' || g || '@school.edu.vn', 'x', (array['school-leader','school-coordinator','teacher','teacher','teacher'])[1 + g % 5], s.id
      from generate_series(1, ${USERS}) g join s on s.n = g % ${SCHOOLS}`);
    await step('an area officer of Hà Nội', sql`insert into app_user (username, display_name, password_hash, role, admin_unit_id)
      select 'bench.hanoi', 'Cán bộ Sở (Hà Nội)', password_hash, 'area-officer', (select id from admin_unit where code = '01' and kind = 'province' and valid_to is null) from app_user where username = 'so.admin'`);
    await step('100,000 notifications of so.admin', sql`insert into notification (user_id, kind, params, link, channel, created_at, read_at)
      select u.id, 'pair.proposed', jsonb_build_object('pair', 'Cặp ' || g), '/pairs/' || g, 'app', now() - make_interval(mins => g), case when g % 2 = 0 then now() end
      from generate_series(1, ${MINE}) g, (select id from app_user where username = 'so.admin') u`);
    await step('1,000,000 other notifications', sql`
      with u as (select id, row_number() over (order by id) - 1 as n from app_user where username like 'u%')
      insert into notification (user_id, kind, params, link, channel, created_at, read_at)
      select u.id, 'activity.changed', '{}'::jsonb, '/activities/' || g, 'app', now() - make_interval(mins => g % 500000), case when g % 3 > 0 then now() end
      from generate_series(1, ${NOTIFICATIONS}) g join u on u.n = g % ${USERS}`);
    await step('1,000,000 ledger entries', sql`insert into ledger_entry (seq, kind, corrects_seq, recorded_at, payload, prev_hash, hash)
      select g, 'delivery', null, timestamptz '2024-01-01' + make_interval(secs => g * 60),
        jsonb_build_object('deliveryId', 'd-' || g, 'donor', 'Trường THPT Nhân Chính', 'kind', 'equipment', 'quantity', '4', 'unit', 'chiếc', 'valueVnd', 1000000 + g, 'deliveredOn', '2026-01-01', 'schoolName', 'Trường PTDTNT Hà Nội', 'minutesNumber', g || '/BB'),
        encode(sha256(((g - 1)::text)::bytea), 'hex'), encode(sha256((g::text)::bytea), 'hex')
      from generate_series((select coalesce(max(seq), 0) + 1 from ledger_entry), ${LEDGER}) g`);
    await step('vacuum analyze', sql`vacuum analyze`);
  }
  app = await buildApp({ jobs, db, databaseKind: handle.kind, version: 'bench', now: () => new Date(), secureCookies: false, serveWeb: false, dataDir, rateLimitPerMinute: 0, responseCacheMb: 0 });
  const signIn = async (username: string) => {
    const login = await app!.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${login.body}`);
    return `ct_session=${login.cookies.find((c) => c.name === 'ct_session')!.value}`;
  };
  const admin = await signIn('so.admin');
  const officer = await signIn('bench.hanoi');
  const hanoi = (await sql<{ id: string }>`select id from admin_unit where code = '01' and kind = 'province' and valid_to is null`.execute(db)).rows[0]!.id;

  const cases: [string, string, string][] = [
    ['department', 'pairs list', '/api/pairs'],
    ['department', 'pairs list, page 500', '/api/pairs?offset=10000'],
    ['department', 'pairs list, active', '/api/pairs?state=active'],
    ['department', 'pairs search "kim lien"', '/api/pairs?q=kim%20lien'],
    ['department', 'pairs search "sc4242"', '/api/pairs?q=sc4242'],
    ['department', 'header search "kim lien" (schools and pairs)', '/api/search?q=kim%20lien'],
    ['area officer', 'pairs list (Hà Nội)', '/api/pairs'],
    ['area officer', 'pairs search "kim lien"', '/api/pairs?q=kim%20lien'],
    ['department', 'notifications inbox', '/api/notifications'],
    ['department', 'notifications unread', '/api/notifications?unread=true'],
    ['department', 'notifications unread count', '/api/notifications/unread-count'],
    ['department', 'activities feed', '/api/activities'],
    ['department', 'activities feed, newest', '/api/activities?order=desc'],
    ['department', 'activities of a year', '/api/activities?schoolYear=2025-2026'],
    ['department', 'activities of Hà Nội', `/api/activities?adminUnitId=${hanoi}`],
    ['area officer', 'activities feed (Hà Nội)', '/api/activities'],
    ['department', 'activity totals of a year', '/api/activities/totals?schoolYear=2025-2026'],
    ['department', 'export: Hà Nội, 2025-2026', `/api/activities/export.xlsx?adminUnitId=${hanoi}&schoolYear=2025-2026`],
    ['department', 'accounts list', '/api/users'],
    ['department', 'accounts search "tuan 4242"', '/api/users?q=tuan%204242'],
    ['department', 'accounts list, page 50', '/api/users?offset=980'],
    ['department', 'accounts list, admins', '/api/users?role=department-admin'],
    ['area officer', 'accounts list (Hà Nội)', '/api/users'],
    ['department', 'dashboard', '/api/dashboard'],
    ['area officer', 'dashboard (Hà Nội)', '/api/dashboard'],
    ['department', 'campaigns', '/api/campaigns'],
    ['public', 'public ledger page', '/cong-khai'],
    ['public', 'public ledger API', '/api/public/ledger'],
    ['public', 'public pairs', '/ket-nghia'],
  ];
  console.log(`\n${ROUNDS} requests each, one at a time; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('| who | what | url | status | items / total / bytes | queries | p50 ms | p95 ms | load |\n|---|---|---|---|---|---|---|---|---|');
  for (const [who, label, url] of cases) {
    if (only.length && !only.some((o) => `${label} ${url}`.includes(o))) continue;
    const headers = who === 'public' ? {} : { cookie: who === 'area officer' ? officer : admin };
    queries.length = 0;
    recording = true;
    const one = await app.inject({ method: 'GET', url, headers });
    recording = false;
    const perRequest = [...queries];
    let size = `${one.rawPayload.length} B`;
    if (one.headers['content-type']?.toString().includes('json')) {
      const body = one.json() as { items?: unknown[]; total?: number; count?: number };
      if (Array.isArray(body.items)) size = `${body.items.length} / ${body.total ?? '–'}`;
      else if (typeof body.count === 'number') size = `count ${body.count}`;
    }
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      await app.inject({ method: 'GET', url, headers });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    console.log(`| ${who} | ${label} | ${url.replace(hanoi, '<Hà Nội>')} | ${one.statusCode} | ${size} | ${perRequest.length} | ${p(0.5).toFixed(1)} | ${p(0.95).toFixed(1)} | ${loadavg()[0]!.toFixed(1)} |`);
    if (EXPLAIN) {
      for (const q of perRequest) {
        console.log(`\n  ${q.sql.replace(/\s+/gu, ' ').slice(0, 600)}`);
        const client = await poolOf(handle.db)!.connect();
        try {
          const r = await client.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
          console.log(r.rows.map((row: Record<string, string>) => `    ${row['QUERY PLAN']}`).join('\n'));
        } catch (e) {
          console.log(`    (no plan: ${(e as Error).message})`);
        } finally {
          client.release();
        }
      }
      console.log('');
    }
  }
  if (!only.length || only.some((o) => 'ledger'.includes(o))) {
    // What the first reader after an append pays: the public totals summed afresh over every entry.
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await ledgerSums(db);
      times.push(performance.now() - t);
    }
    console.log(`\nledger totals summed afresh (after an append): ${times.map((x) => x.toFixed(0)).join(', ')} ms; load ${loadavg()[0]!.toFixed(1)}`);
  }
} finally {
  await app?.close();
  await jobs.stop().catch(() => {});
  await handle.close();
  if (!keep) await rm(dir, { recursive: true, force: true });
}
