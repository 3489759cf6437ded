/**
 * A whole engine run on a generated city: ~2,900 schools (1,000 primary), profiles with 2–4
 * strengths and needs out of 30 areas, coordinates across a 100 km square, sizes, and up to 5
 * wishes per primary school. Times criteria (building every allowed pair), both solvers (best
 * overall and wish-stable, blocking pairs counted) and the explanation of every proposed pair.
 *
 * Then the same primary run through the server's service on a real database (embedded
 * PostgreSQL in a temp dir, or DATABASE_URL): load the profiles, compute, store the run, read it
 * back with every pair explained.
 *
 *   node --import tsx bench/matching-city.ts [--no-db]
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WEIGHTS, type EngineSchool, type Wish } from '#src/core/matching/criteria.ts';
import { buildProblem, solveProblem, type EngineConstraints } from '#src/core/matching/engine.ts';
import { explainPair, type AreaName } from '#src/core/matching/explain.ts';
import { runParamsSchema } from '#src/core/matching/run-params.ts';
import type { AreaType, SchoolLevel } from '#src/core/registry/school.ts';
import { openDatabase } from '#src/db/database.ts';
import { migrate } from '#src/db/migrate.ts';
import { systemContext } from '#src/server/context.ts';
import { getRun, startRun } from '#src/server/features/matching/matching.service.ts';

let seed = 4340;
const rnd = () => {
  // mulberry32: deterministic, so every run benchmarks the same city
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

// Codes of the registry's base list (0002_registry.sql), so that the database accepts them.
const AREAS = ['math', 'literature', 'english', 'other-languages', 'natural-science', 'physics', 'chemistry', 'biology', 'history-geography', 'civics',
  'informatics', 'technology', 'physical-education', 'arts', 'experiential', 'local-education', 'stem', 'gifted-students', 'facilities', 'library',
  'boarding', 'management', 'teacher-development', 'assessment', 'digital-transformation', 'youth-union', 'life-skills', 'counselling', 'inclusive-education', 'student-support'];
const areaNames = new Map<string, AreaName>(AREAS.map((a, i) => [a, { nameVi: `Lĩnh vực ${i}`, nameEn: `Area ${i}` }]));

function city(): EngineSchool[] {
  const levels: [SchoolLevel, number][] = [
    ['primary', 1000],
    ['preschool', 900],
    ['lower-secondary', 650],
    ['upper-secondary', 250],
    ['continuing', 100],
  ];
  const out: EngineSchool[] = [];
  for (const [level, n] of levels) {
    for (let i = 0; i < n; i++) {
      const r = rnd();
      const areaType: AreaType = r < 0.4 ? 'inner-city' : r < 0.85 ? 'suburban' : 'mountainous';
      const inner = areaType === 'inner-city';
      // Inner city in the middle, the rest around it.
      const radius = inner ? rnd() * 8 : 10 + rnd() * 45;
      const angle = rnd() * 2 * Math.PI;
      const caps = (k: number, hi: boolean) =>
        Array.from(new Set(Array.from({ length: k }, () => pick(AREAS)))).map((area) => ({ area, level: hi ? 2 + Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 3) }));
      out.push({
        id: `${level}-${String(i).padStart(4, '0')}`,
        name: `Trường ${level} số ${i}`,
        shortName: `${level.slice(0, 3).toUpperCase()} ${i}`,
        level,
        areaType,
        latitude: 21.03 + (radius / 111) * Math.sin(angle),
        longitude: 105.85 + (radius / 104) * Math.cos(angle),
        students: 300 + Math.floor(rnd() * 1500),
        strengths: caps(2 + Math.floor(rnd() * 3), inner),
        needs: caps(2 + Math.floor(rnd() * 3), !inner),
      });
    }
  }
  return out;
}

const schools = city();
const primary = schools.filter((s) => s.level === 'primary');
const inner = primary.filter((s) => s.areaType === 'inner-city');
const outer = primary.filter((s) => s.areaType !== 'inner-city');
const wishes: Wish[] = [];
for (const s of primary) {
  const others = s.areaType === 'inner-city' ? outer : inner;
  const chosen = new Set<string>();
  const k = Math.floor(rnd() * 6);
  while (chosen.size < Math.min(k, others.length)) chosen.add(pick(others).id);
  [...chosen].forEach((partnerId, i) => wishes.push({ schoolId: s.id, partnerId, rank: i + 1 }));
}

const base: EngineConstraints = {
  sameLevel: true,
  leftAreaTypes: ['inner-city'],
  rightAreaTypes: ['suburban', 'mountainous'],
  leftCapacity: 2,
  rightCapacity: 1,
  maxDistanceKm: null,
  locked: [],
  forbidden: [],
  existing: [],
  alreadyPaired: 'exclude',
};

function runOnce(constraints: EngineConstraints, selection: EngineSchool[]) {
  const t0 = performance.now();
  const problem = buildProblem({ schools: selection, wishes, weights: DEFAULT_WEIGHTS, constraints });
  const t1 = performance.now();
  const outcome = solveProblem(problem);
  const t2 = performance.now();
  const byId = new Map(selection.map((s) => [s.id, s]));
  let chars = 0;
  for (const p of outcome.optimal.pairs) {
    chars += explainPair(p.evaluation, { left: byId.get(p.left)!.shortName, right: byId.get(p.right)!.shortName, areas: areaNames }, 'vi', p.locked).length;
  }
  const t3 = performance.now();
  return { problem, outcome, ms: { criteria: t1 - t0, solve: t2 - t1, explain: t3 - t2, total: t3 - t0 }, chars };
}

const fmt = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
console.log(`city: ${schools.length} schools, ${primary.length} primary (${inner.length} inner city, ${outer.length} suburban/mountainous), ${wishes.length} wishes`);
// Warm-up (JIT), then the measured runs.
runOnce(base, primary);
const scenarios: [string, EngineConstraints, EngineSchool[]][] = [
  ['primary (1,000 schools), inner city ×2 ↔ outer ×1', base, primary],
  ['primary, inner city ×2 ↔ outer ×1, partners shared out evenly', { ...base, spread: true }, primary],
  ['primary, max 30 km', { ...base, maxDistanceKm: 30 }, primary],
  ['primary, 40 pairs locked, 200 forbidden', {
    ...base,
    locked: inner.slice(0, 40).map((s, i) => ({ a: s.id, b: outer[i]!.id })),
    forbidden: inner.slice(40, 240).map((s, i) => ({ a: s.id, b: outer[100 + i]!.id })),
  }, primary],
  ['every level (same level only), 2,900 schools', { ...base, leftCapacity: 1 }, schools],
];
for (const [name, constraints, selection] of scenarios) {
  const rssBefore = process.memoryUsage().rss;
  const r = runOnce(constraints, selection);
  const o = r.outcome;
  console.log(`\n${name}`);
  console.log(`  ${r.problem.left.length} × ${r.problem.right.length} schools, ${r.problem.edgeCount.toLocaleString('en')} allowed pairs`);
  console.log(`  criteria ${fmt(r.ms.criteria)} · solve both modes ${fmt(r.ms.solve)} · explain ${o.optimal.pairs.length} pairs ${fmt(r.ms.explain)} · total ${fmt(r.ms.total)}`);
  console.log(
    `  best overall: ${o.optimal.matched} pairs, score ${o.optimal.totalScore.toFixed(0)}, ${o.optimal.blockingPairs} blocking, ${o.optimal.wishesHonoured}/${o.optimal.wishesTotal} wishes` +
      ` | wish-stable: ${o.stable.matched} pairs, score ${o.stable.totalScore.toFixed(0)}, ${o.stable.blockingPairs} blocking, ${o.stable.wishesHonoured} wishes`,
  );
  const loads = new Map<string, number>();
  for (const p of o.optimal.pairs) loads.set(p.left, (loads.get(p.left) ?? 0) + 1);
  const withNone = r.problem.left.filter((s) => !loads.has(s.school.id)).length;
  console.log(`  side A: ${withNone} of ${r.problem.left.length} schools without a partner, ${[...loads.values()].filter((n) => n > 1).length} with two or more`);
  console.log(`  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (was ${(rssBefore / 1e6).toFixed(0)} MB)`);
}

// A country level: 34 provinces (as after the 2025 reform) spread along Viet Nam, each a
// cluster of ~440 primary schools (15,000 in all), inner-city ones in the middle; a department
// of the whole country pairing its primary schools within 30 km, partners shared out evenly.
{
  const provinces = 34;
  const country: EngineSchool[] = [];
  for (let p = 0; p < provinces; p++) {
    const lat0 = 8.8 + (p * (22.8 - 8.8)) / (provinces - 1);
    const lon0 = 104 + 3.5 * Math.sin(p / 3);
    for (let i = 0; i < 441; i++) {
      const innerCity = rnd() < 0.4;
      const radius = innerCity ? rnd() * 8 : 10 + rnd() * 45;
      const angle = rnd() * 2 * Math.PI;
      const caps = (k: number, hi: boolean) =>
        Array.from(new Set(Array.from({ length: k }, () => pick(AREAS)))).map((area) => ({ area, level: hi ? 2 + Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 3) }));
      country.push({
        id: `p${String(p).padStart(2, '0')}-${String(i).padStart(3, '0')}`,
        name: `Trường Tiểu học số ${i}, tỉnh ${p}`,
        shortName: `TH ${p}.${i}`,
        level: 'primary',
        areaType: innerCity ? 'inner-city' : rnd() < 0.75 ? 'suburban' : 'mountainous',
        latitude: lat0 + (radius / 111) * Math.sin(angle),
        longitude: lon0 + (radius / 104) * Math.cos(angle),
        students: 300 + Math.floor(rnd() * 1500),
        strengths: caps(2 + Math.floor(rnd() * 3), innerCity),
        needs: caps(2 + Math.floor(rnd() * 3), !innerCity),
      });
    }
  }
  for (const [name, constraints] of [
    ['country: 14,994 primary schools in 34 provinces, max 30 km, inner city ×2 ↔ outer ×1, shared out evenly', { ...base, maxDistanceKm: 30, spread: true }],
    ['country: the same, max 60 km', { ...base, maxDistanceKm: 60, spread: true }],
  ] as const) {
    const r = runOnce(constraints, country);
    const o = r.outcome;
    console.log(`\n${name}`);
    console.log(`  ${r.problem.left.length} × ${r.problem.right.length} schools, ${r.problem.edgeCount.toLocaleString('en')} allowed pairs`);
    console.log(`  criteria ${fmt(r.ms.criteria)} · solve both modes ${fmt(r.ms.solve)} · explain ${o.optimal.pairs.length} pairs ${fmt(r.ms.explain)} · total ${fmt(r.ms.total)}`);
    const served = new Set(o.optimal.pairs.map((p) => p.left));
    console.log(`  best overall: ${o.optimal.matched} pairs | wish-stable: ${o.stable.matched} pairs; side A: ${r.problem.left.length - served.size} of ${r.problem.left.length} without a partner; rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  }
}

if (!process.argv.includes('--no-db')) {
  const dir = await mkdtemp(join(tmpdir(), 'chungtay-bench-matching-'));
  // As root the embedded PostgreSQL runs as "postgres", which must reach its data dir.
  await chmod(dir, 0o755);
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: join(dir, 'data'), poolSize: 4 });
  try {
    const db = handle.db;
    await migrate(db);
    const campaign = await db
      .insertInto('campaign')
      .values({ number: `BENCH-${Date.now()}`, issuer: 'Sở GDĐT', issued_on: '2025-09-01', title: 'Bench', phase_start_year: 2025, phase_end_year: 2030 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = new Map<string, string>();
    for (let i = 0; i < schools.length; i += 500) {
      const chunk = schools.slice(i, i + 500);
      const rows = await db
        .insertInto('school')
        .values(chunk.map((x) => ({ code: `BENCH-${x.id}-${campaign.id.slice(0, 8)}`, name: x.name, short_name: x.shortName, level: x.level, area_type: x.areaType, address: null, students: x.students, teachers: null, classes: null, principal_name: null, phone: null, email: null, merged_into_id: null, merged_on: null, district_label: null, commune_label: null, latitude: x.latitude, longitude: x.longitude })))
        .returning(['id', 'name'])
        .execute();
      rows.forEach((r, k) => ids.set(chunk[k]!.id, r.id));
      const caps = chunk.flatMap((x) => [
        ...x.strengths.map((c) => ({ school_id: ids.get(x.id)!, kind: 'strength' as const, area_code: c.area, level: c.level, note: null })),
        ...x.needs.map((c) => ({ school_id: ids.get(x.id)!, kind: 'need' as const, area_code: c.area, level: c.level, note: null })),
      ]);
      if (caps.length) await db.insertInto('school_capability').values(caps).execute();
    }
    for (let i = 0; i < wishes.length; i += 1000) {
      await db
        .insertInto('matching_wish')
        .values(wishes.slice(i, i + 1000).map((w) => ({ campaign_id: campaign.id, school_id: ids.get(w.schoolId)!, partner_id: ids.get(w.partnerId)!, rank: w.rank, updated_by_user_id: null })))
        .execute();
    }
    const ctx = systemContext('bench');
    const params = runParamsSchema.parse({ campaignId: campaign.id, levels: ['primary'], leftCapacity: 2 });
    for (const label of ['first (cold)', 'second']) {
      const t0 = performance.now();
      const id = await startRun(db, ctx, params, new Date(), null);
      const t1 = performance.now();
      const run = await getRun(db, ctx, id, 'vi', new Date());
      const t2 = performance.now();
      const row = await db.selectFrom('matching_run').select((eb) => [eb.fn<number>('pg_column_size', ['inputs']).as('inputs'), eb.fn<number>('pg_column_size', ['result']).as('result')]).where('id', '=', id).executeTakeFirstOrThrow();
      console.log(
        `\nthrough the server (${label}): ${run.status}, ${run.pairs.length} pairs; run stored in ${fmt(t1 - t0)} (engine ${run.summary?.millis} ms incl. loading), read back with explanations ${fmt(t2 - t1)}; stored inputs ${(row.inputs / 1024).toFixed(0)} kB, result ${(row.result / 1024).toFixed(0)} kB (compressed)`,
      );
    }
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}
