/**
 * Audit log viewer benchmark: millions of generated audit rows (3,000 schools in 30 areas, 1,500
 * pairs, 600 accounts, 40 actions, three years), then each filter of the viewer — first page,
 * a page deep in the log (keyset), by who, what, school, pair, dates, an area officer's scope —
 * timed (median of 5) with its query plan's top line.
 *
 *   node --import tsx bench/audit-log.ts [rows]     (DATABASE_URL unset: embedded PostgreSQL in a temp dir)
 */
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { auditSearchQuery, distinctAuditActions, type AuditFilter } from '#src/server/features/audit/audit.repository.ts';

const ROWS = Number(process.argv[2] ?? 3_000_000);
const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-audit-'));
await chmod(dir, 0o755);
const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: join(dir, 'data'), poolSize: 3 });
const db = handle.db;
try {
  await migrate(db);
  let t = Date.now();
  await sql`insert into admin_unit (code, name, kind, valid_from) select 'BA' || g, 'Quận Thử ' || g, 'district', '2000-01-01' from generate_series(1, 30) g`.execute(db);
  await sql`insert into school (code, name, short_name, level, area_type)
    select 'BS' || g, 'Trường Thử ' || g, 'Thử ' || g, 'primary', 'inner-city' from generate_series(1, 3000) g`.execute(db);
  await sql`insert into school_location (school_id, admin_unit_id, valid_from)
    select s.id, u.id, '2000-01-01' from school s join admin_unit u on u.code = 'BA' || (substr(s.code, 3)::int % 30 + 1) where s.code like 'BS%'`.execute(db);
  await sql`insert into app_user (username, display_name, password_hash, role)
    select 'bu' || g, 'Người ' || g, 'x', 'department-admin' from generate_series(1, 600) g`.execute(db);
  // Rows in time order (ids grow with time), each about one school or one pair (two schools).
  await sql`
    with s as (select array_agg(id order by code) as ids from school where code like 'BS%'),
    u as (select array_agg(id order by username) as ids from app_user where username like 'bu%')
    insert into audit_log (at, actor_user_id, actor_username, action, entity, entity_id, before, after, school_ids, pair_id)
    select timestamptz '2023-09-01' + (g::float8 / ${ROWS}) * interval '3 years',
      u.ids[(1 + (g * 7919) % 600)::int], 'bu' || (1 + (g * 7919) % 600),
      'action.' || (g * 31 % 40), case when g % 3 = 0 then 'pair' else 'school' end, null,
      jsonb_build_object('state', 'old', 'n', g), jsonb_build_object('state', 'new', 'n', g + 1),
      case when g % 3 = 0 then array[s.ids[(1 + (g * 13) % 3000)::int], s.ids[(1 + (g * 13 + 1500) % 3000)::int]] else array[s.ids[(1 + (g * 17) % 3000)::int]] end,
      case when g % 3 = 0 then md5('pair' || ((g * 13) % 1500))::uuid else null end
    from generate_series(1::bigint, ${ROWS}::bigint) g, s, u`.execute(db);
  await sql`analyze audit_log`.execute(db);
  console.log(`generated ${ROWS.toLocaleString('en')} audit rows in ${Date.now() - t} ms`);

  const school = (await sql<{ id: string }>`select id from school where code = 'BS1234'`.execute(db)).rows[0]!.id;
  const actor = (await sql<{ id: string }>`select id from app_user where username = 'bu77'`.execute(db)).rows[0]!.id;
  const area = (await sql<{ id: string }>`select id from admin_unit where code = 'BA7'`.execute(db)).rows[0]!.id;
  const deep = (await sql<{ id: string }>`select id from audit_log order by at desc, id desc offset ${Math.floor(ROWS * 0.9)} limit 1`.execute(db)).rows[0]!.id;
  const pair = md5Uuid('pair78');
  const all: Scope = { kind: 'all' };
  const areaScope: Scope = { kind: 'area', adminUnitId: area };
  const cases: [string, Scope, Omit<AuditFilter, 'limit'>][] = [
    ['first page', all, {}],
    ['page 90% deep (keyset)', all, { before: Number(deep) }],
    ['who', all, { actorUserId: actor }],
    ['what', all, { action: 'action.7' }],
    ['school', all, { schoolId: school }],
    ['pair', all, { pairId: pair }],
    ['one day', all, { from: '2025-03-10', to: '2025-03-10' }],
    ['a year ago, a month', all, { from: '2025-06-01', to: '2025-06-30' }],
    ['who + month', all, { actorUserId: actor, from: '2025-06-01', to: '2025-06-30' }],
    ['area officer (100 schools)', areaScope, {}],
    ['area officer, what', areaScope, { action: 'action.7' }],
    ['area officer, month', areaScope, { from: '2024-06-01', to: '2024-06-30' }],
  ];
  console.log('| filter | rows | median ms | plan |\n|---|---|---|---|');
  for (const [label, scope, f] of cases) {
    const q = auditSearchQuery(scope, '2026-12-01', { ...f, limit: 51 }).compile(db);
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      n = (await db.executeQuery(q)).rows.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const plan = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]));
    const nodes = plan.rows.map((r) => r['QUERY PLAN']).filter((l) => /Scan/u.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/u, '')).slice(0, 3).join('; ');
    console.log(`| ${label} | ${n} | ${times[2]!.toFixed(1)} | ${nodes} |`);
  }
  t = performance.now();
  const actions = await distinctAuditActions(db);
  console.log(`distinct actions (skip scan): ${actions.length} in ${(performance.now() - t).toFixed(1)} ms`);
} finally {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
}

function md5Uuid(s: string): string {
  // the generator's pair ids: md5(text)::uuid
  return md5(s).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/u, '$1-$2-$3-$4-$5');
}
function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}
