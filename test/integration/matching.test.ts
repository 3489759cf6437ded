/**
 * Wishes and matching runs over real HTTP, on a scenario of the factories: eight primary
 * schools (four inner-city, one suburban, three mountainous) and a boarding school, with their
 * strengths, needs, positions and wishes, Chu Phan – Ái Mộ B already paired in the campaign.
 * Each test makes its own scenario (its own campaign and districts) and runs the engine on
 * its schools only, so no test sees another's rows or depends on another's order.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NewSchool } from '#src/core/registry/schemas.ts';
import { setWishes } from '#src/server/features/matching/matching.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { readSheet, XLSX } from '../helpers/registry-files.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool, type FactorySchool } from '../factories/schools.ts';
import { createAreaOfficer, createDepartmentAdmin, createTeacher, type FactoryUser } from '../factories/users.ts';

const now = new Date('2024-01-01T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });
const adminUser = await createDepartmentAdmin(t.db);
const signIn = async (u: FactoryUser) => t.as(await t.signIn(u.username, u.password));
const admin = await signIn(adminUser);

type Side = 'inner' | 'outer' | 'melinh';
const cap = (pairs: [string, number][]) => pairs.map(([areaCode, level]) => ({ areaCode, level }));
/** The schools of a scenario: where they stand (which district), what they are strong in and need. */
const PROFILES: Record<string, { side: Side; fields: Partial<NewSchool> & { shortName: string } }> = {
  aimob: { side: 'inner', fields: { shortName: 'TH Ái Mộ B', areaType: 'inner-city', latitude: 21.043, longitude: 105.874, students: 1450, strengths: cap([['english', 3], ['digital-transformation', 2], ['stem', 2]]), needs: cap([['experiential', 1]]) } },
  chuphan: { side: 'melinh', fields: { shortName: 'TH Chu Phan', areaType: 'suburban', latitude: 21.177, longitude: 105.712, students: 980, strengths: cap([['local-education', 2], ['experiential', 2]]), needs: cap([['english', 3], ['informatics', 2], ['digital-transformation', 2]]) } },
  bode: { side: 'inner', fields: { shortName: 'TH Bồ Đề', areaType: 'inner-city', latitude: 21.039, longitude: 105.879, students: 1320, strengths: cap([['informatics', 3], ['stem', 3], ['library', 2]]), needs: cap([['arts', 1]]) } },
  ngocthuy: { side: 'inner', fields: { shortName: 'TH Ngọc Thụy', areaType: 'inner-city', latitude: 21.056, longitude: 105.868, students: 1100, strengths: cap([['arts', 3], ['life-skills', 2], ['english', 2]]), needs: cap([['informatics', 1]]) } },
  thnhanchinh: { side: 'inner', fields: { shortName: 'TH Nhân Chính', areaType: 'inner-city', latitude: 21.005, longitude: 105.802, students: 1600, strengths: cap([['math', 3], ['teacher-development', 3], ['english', 2]]), needs: cap([['physical-education', 1]]) } },
  batrai: { side: 'outer', fields: { shortName: 'TH Ba Trại', areaType: 'mountainous', latitude: 21.126, longitude: 105.366, students: 520, strengths: cap([['local-education', 3], ['physical-education', 2]]), needs: cap([['math', 3], ['teacher-development', 2], ['english', 2]]) } },
  minhquang: { side: 'outer', fields: { shortName: 'TH Minh Quang', areaType: 'mountainous', latitude: 21.098, longitude: 105.348, students: 610, strengths: cap([['life-skills', 2]]), needs: cap([['informatics', 3], ['stem', 2], ['library', 2]]) } },
  tanlinh: { side: 'outer', fields: { shortName: 'TH Tản Lĩnh', areaType: 'suburban', latitude: 21.125, longitude: 105.407, students: 740, strengths: cap([['physical-education', 2]]), needs: cap([['arts', 2], ['english', 2], ['life-skills', 1]]) } },
  ptdtnt: { side: 'outer', fields: { shortName: 'PTDTNT Hà Nội', level: 'ethnic-boarding', areaType: 'mountainous', latitude: 21.14, longitude: 105.405, strengths: cap([['boarding', 3]]), needs: cap([['gifted-students', 2], ['english', 2]]) } },
};
const WISHES: [string, string[]][] = [
  ['batrai', ['thnhanchinh', 'bode']],
  ['thnhanchinh', ['batrai']],
  ['minhquang', ['bode', 'ngocthuy']],
  ['tanlinh', ['ngocthuy']],
  ['ngocthuy', ['minhquang', 'tanlinh']],
];

/** A scenario of its own: a campaign, three districts (inner city, Mê Linh, the mountains), the schools, their wishes, and Chu Phan – Ái Mộ B paired. */
async function scenario(campaignNumber?: string) {
  const campaign = await createCampaign(t.db, { phaseStartYear: 2023, phaseEndYear: 2026, ...(campaignNumber ? { number: campaignNumber } : {}) });
  const areas = { inner: await createArea(t.db), outer: await createArea(t.db), melinh: await createArea(t.db) };
  const schools: Record<string, FactorySchool> = {};
  for (const [key, p] of Object.entries(PROFILES)) {
    schools[key] = await createSchool(t.db, { name: `Trường ${p.fields.shortName.replace(/^TH /u, 'Tiểu học ')}`, ...p.fields, unit: areas[p.side].commune });
  }
  for (const [school, partners] of WISHES) {
    await t.db.transaction().execute((trx) => setWishes(trx, adminUser.ctx, { campaignId: campaign.id, schoolId: schools[school]!.id, partnerIds: partners.map((p) => schools[p]!.id) }, now));
  }
  const pair = await createPair(t.db, { state: 'active', campaign, schools: [schools.chuphan!, schools.aimob!], admin: adminUser, now });
  const leaders = { chuphan: pair.leaders[0]!, aimob: pair.leaders[1]! };
  const byShortName = Object.fromEntries(Object.values(schools).map((s) => [s.short_name, s.id]));
  const id = (shortName: string) => byShortName[shortName]!;
  const primaryIds = Object.values(schools).filter((s) => s.level === 'primary').map((s) => s.id);
  /** A run of the engine by the department (or `as`) on this scenario's primary schools. */
  async function run(body: Record<string, unknown>, as = admin) {
    const res = await as('POST', '/api/matching/runs', { campaignId: campaign.id, schoolIds: primaryIds, ...body });
    return { status: res.statusCode, body: res.json() };
  }
  /** The department's first run on it ("Tiểu học 2024"). */
  const firstRun = async () => {
    const { status, body } = await run({ label: 'Tiểu học 2024' });
    expect(status, JSON.stringify(body).slice(0, 200)).toBe(201);
    return body;
  };
  return { campaign, campaignId: campaign.id, areas, schools, leaders, id, run, firstRun };
}

interface RunPair {
  left: { id: string; shortName: string };
  right: { id: string; shortName: string };
  score: number;
  locked: boolean;
  explanation: string;
  distanceKm: number | null;
  pairId: string | null;
}

const names = (pairs: RunPair[]) => pairs.map((p) => `${p.left.shortName} – ${p.right.shortName}`).sort();

describe('wishes (nguyện vọng)', () => {
  it('a school leader ranks partners for their own school, and only theirs', async () => {
    const { campaignId, id, leaders, schools } = await scenario();
    const leader = await signIn(leaders.aimob);
    const res = await leader('PUT', '/api/matching/wishes', { campaignId, schoolId: id('TH Ái Mộ B'), partnerIds: [id('TH Tản Lĩnh'), id('TH Ba Trại')] });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((w: { rank: number; partner: { shortName: string } }) => `${w.rank}. ${w.partner.shortName}`)).toEqual(['1. TH Tản Lĩnh', '2. TH Ba Trại']);
    const mine = await leader('GET', `/api/matching/wishes?campaignId=${campaignId}`);
    expect(mine.json().items).toHaveLength(2);
    const other = await leader('PUT', '/api/matching/wishes', { campaignId, schoolId: id('TH Chu Phan'), partnerIds: [id('TH Bồ Đề')] });
    expect(other.statusCode).toBe(403);
    const teacher = await signIn(await createTeacher(t.db, { school: schools.aimob! }));
    expect((await teacher('PUT', '/api/matching/wishes', { campaignId, schoolId: id('TH Ái Mộ B'), partnerIds: [] })).statusCode).toBe(403);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'matching.wishes').where('entity_id', '=', id('TH Ái Mộ B')).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ partnerIds: [id('TH Tản Lĩnh'), id('TH Ba Trại')] });
  });

  it('refuses a school choosing itself or the same partner twice, in Vietnamese', async () => {
    const { campaignId, id } = await scenario();
    const self = await admin('PUT', '/api/matching/wishes', { campaignId, schoolId: id('TH Bồ Đề'), partnerIds: [id('TH Bồ Đề')] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.message).toBe('Mục “Trường kết nghĩa mong muốn”: trường không thể chọn chính mình.');
    const twice = await admin('PUT', '/api/matching/wishes', { campaignId, schoolId: id('TH Bồ Đề'), partnerIds: [id('TH Ba Trại'), id('TH Ba Trại')] });
    expect(twice.json().error.message).toContain('một trường được chọn hai lần');
  });
});

describe('matching runs', () => {
  it('only the department runs the engine', async () => {
    const { run, leaders } = await scenario();
    const leader = await signIn(leaders.chuphan);
    expect((await run({}, leader)).status).toBe(403);
    expect((await t.as(null)('GET', '/api/matching/runs')).statusCode).toBe(401);
  });

  it('an area officer runs the engine on the schools of their area only, and sees only their own runs', async () => {
    const { run, areas } = await scenario();
    const officer = await signIn(await createAreaOfficer(t.db, { unit: areas.outer.district }));
    // Every school of every level in the officer's area (no list of schools given).
    const { status, body } = await run({ levels: [], schoolIds: undefined }, officer);
    expect(status).toBe(201);
    // The mountain district has only suburban and mountainous schools: nothing to pair them with inside the area.
    expect(body.summary).toMatchObject({ matched: 0, leftCount: 0, schools: 4 });
    expect(body.unpaired.map((s: { shortName: string }) => s.shortName).sort()).toEqual(['PTDTNT Hà Nội', 'TH Ba Trại', 'TH Minh Quang', 'TH Tản Lĩnh']);
    const mine = (await officer('GET', '/api/matching/runs')).json().items;
    expect(mine.map((r: { id: string }) => r.id)).toEqual([body.id]);
    const adminRun = (await run({ label: 'của Sở' })).body;
    expect((await officer('GET', `/api/matching/runs/${adminRun.id}`)).statusCode).toBe(404);
    expect((await admin('GET', `/api/matching/runs/${body.id}`)).statusCode).toBe(200);
  });

  it('pairs the primary schools, inner city with suburban and mountainous, and explains each pair', async () => {
    const { firstRun } = await scenario();
    const body = await firstRun();
    expect(body.status).toBe('succeeded');
    const firstRunId = body.id;
    // Ái Mộ B and Chu Phan are paired already: left out. 3 inner-city, 3 outer schools remain.
    expect(body.summary).toMatchObject({ mode: 'optimal', matched: 3, leftCount: 3, rightCount: 3 });
    expect(body.excluded.map((e: { shortName: string; reason: string }) => `${e.shortName}: ${e.reason}`).sort()).toEqual([
      'TH Chu Phan: already-paired',
      'TH Ái Mộ B: already-paired',
    ]);
    const pairs = body.pairs as RunPair[];
    expect(names(pairs)).toEqual(['TH Bồ Đề – TH Minh Quang', 'TH Ngọc Thụy – TH Tản Lĩnh', 'TH Nhân Chính – TH Ba Trại']);
    const p = pairs.find((x) => x.right.shortName === 'TH Ba Trại')!;
    expect(p.explanation).toMatch(/^TH Nhân Chính mạnh về Toán, Tiếng Anh và Bồi dưỡng đội ngũ giáo viên, TH Ba Trại cần hỗ trợ Toán, Tiếng Anh và Bồi dưỡng đội ngũ giáo viên; TH Ba Trại mạnh về Giáo dục thể chất, TH Nhân Chính cần hỗ trợ Giáo dục thể chất; cách \d+ km/u);
    expect(p.explanation).toMatch(/cách \d+ km/u);
    expect(p.explanation).toContain('cả hai trường đều chọn nhau (nguyện vọng 1 và 1)');
    // The trade-off of both modes is there.
    expect(body.summary.alternatives.stable.blockingPairs).toBe(0);
    expect(body.summary.alternatives.optimal.matched).toBeGreaterThanOrEqual(body.summary.alternatives.stable.matched);
    const en = await admin('GET', `/api/matching/runs/${firstRunId}`, undefined, { cookie: `${(await t.signIn(adminUser.username, adminUser.password)).cookie}; ct_lang=en` });
    expect(en.json().pairs.find((x: RunPair) => x.right.shortName === 'TH Ba Trại').explanation).toContain('both schools chose each other');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'matching.run').execute();
    expect(audit.map((a) => a.entity_id)).toContain(firstRunId);
  });

  it('keeps the run with its inputs: profiles changed later do not change its explanations', async () => {
    const { firstRun, id } = await scenario();
    const firstRunId = (await firstRun()).id;
    const before = (await admin('GET', `/api/matching/runs/${firstRunId}`)).json();
    await t.db.deleteFrom('school_capability').where('school_id', '=', id('TH Nhân Chính')).execute();
    const after = (await admin('GET', `/api/matching/runs/${firstRunId}`)).json();
    expect(after.pairs).toEqual(before.pairs);
    const row = await t.db.selectFrom('matching_run').select(['inputs', 'params']).where('id', '=', firstRunId).executeTakeFirstOrThrow();
    expect((row.inputs as { schools: unknown[] }).schools).toHaveLength(8);
    expect(row.params).toMatchObject({ mode: 'optimal', leftAreaTypes: ['inner-city'], weights: { complement: 5 } });
  });

  it('re-runs with a pair locked and one removed; locked pairs are kept, removed ones never proposed', async () => {
    const { firstRun, run, id } = await scenario();
    const firstRunId = (await firstRun()).id;
    const { body } = await run({
      parentRunId: firstRunId,
      locked: [{ a: id('TH Bồ Đề'), b: id('TH Tản Lĩnh') }],
      forbidden: [{ a: id('TH Nhân Chính'), b: id('TH Ba Trại') }],
    });
    expect(body.status).toBe('succeeded');
    const pairs = body.pairs as RunPair[];
    expect(pairs.find((p) => p.locked)).toMatchObject({ left: { shortName: 'TH Bồ Đề' }, right: { shortName: 'TH Tản Lĩnh' } });
    expect(pairs.find((p) => p.locked)!.explanation).toMatch(/^Cặp được giữ cố định/u);
    expect(names(pairs)).not.toContain('TH Nhân Chính – TH Ba Trại');
    expect(pairs).toHaveLength(3);
    const cmp = (await admin('GET', `/api/matching/runs/compare?a=${firstRunId}&b=${body.id}`)).json();
    expect(cmp.common + cmp.onlyA.length).toBe(3);
    expect(cmp.onlyB.length).toBeGreaterThan(0);
  });

  it('lists pairs best first, leaves out pairs under the minimum score, and names the schools without coordinates', async () => {
    const { run, id } = await scenario();
    const all = (await run({})).body;
    const scores = (all.pairs as RunPair[]).map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(all.withoutPosition).toEqual([]);
    const cut = (scores[0]! + scores.at(-1)!) / 2;
    const strict = (await run({ minScore: cut })).body;
    expect(strict.pairs.length).toBeLessThan(all.pairs.length);
    expect(strict.pairs.length).toBeGreaterThan(0);
    for (const p of strict.pairs as RunPair[]) expect(p.score).toBeGreaterThanOrEqual(cut);
    expect(strict.params.minScore).toBe(cut);

    // This scenario's Tản Lĩnh loses its position.
    await t.db.updateTable('school').set({ latitude: null, longitude: null }).where('id', '=', id('TH Tản Lĩnh')).execute();
    const missing = (await run({})).body;
    expect(missing.withoutPosition).toEqual([{ id: id('TH Tản Lĩnh'), code: expect.any(String), shortName: 'TH Tản Lĩnh', paired: true }]);
    const p = (missing.pairs as RunPair[]).find((x) => x.right.shortName === 'TH Tản Lĩnh' || x.left.shortName === 'TH Tản Lĩnh');
    expect(p, 'Tản Lĩnh is still paired').toBeDefined();
    expect(p!.distanceKm).toBeNull();
    expect(p!.explanation).toContain('chưa có tọa độ của TH Tản Lĩnh nên chưa tính được khoảng cách');
    const bad = await run({ minScore: 101 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'minScore' });
    expect(bad.body.error.message).toContain('Điểm tối thiểu');
  });

  it('refuses a locked pair that breaks a constraint, with a clear message, and keeps the failed run', async () => {
    const { run, id, campaignId } = await scenario();
    const { status, body } = await run({ locked: [{ a: id('TH Bồ Đề'), b: id('TH Ngọc Thụy') }] });
    expect(status).toBe(400);
    expect(body.error.message).toBe('Không giữ được cặp “TH Bồ Đề” – “TH Ngọc Thụy”: hai trường phải ở hai bên khác nhau.');
    const runs = (await admin('GET', `/api/matching/runs?campaignId=${campaignId}`)).json().items;
    expect(runs[0]).toMatchObject({ status: 'failed', error: { code: 'MATCHING_LOCKED_SAME_SIDE' } });
  });

  it('respects capacities and can give schools already paired another partner', async () => {
    const { run } = await scenario();
    const { body } = await run({ alreadyPaired: 'reduce', leftCapacity: 2, rightCapacity: 1 });
    const load = new Map<string, number>();
    for (const p of body.pairs as RunPair[]) {
      load.set(p.left.shortName, (load.get(p.left.shortName) ?? 0) + 1);
      load.set(p.right.shortName, (load.get(p.right.shortName) ?? 0) + 1);
    }
    for (const [school, n] of load) expect(n, school).toBeLessThanOrEqual(school === 'TH Chu Phan' ? 0 : ['TH Ái Mộ B'].includes(school) ? 1 : 2);
    expect(names(body.pairs)).not.toContain('TH Ái Mộ B – TH Chu Phan');
    // 4 outer schools with capacity 1, Chu Phan full (already with Ái Mộ B): 3 pairs at most.
    expect(body.summary.matched).toBe(3);
  });

  it('shares partners out evenly when asked, and refuses it when both sides take several', async () => {
    const { run } = await scenario();
    const loads = (pairs: RunPair[]) => {
      const m = new Map<string, number>();
      for (const p of pairs) m.set(p.left.shortName, (m.get(p.left.shortName) ?? 0) + 1);
      return [...m.values()].sort();
    };
    const even = (await run({ leftCapacity: 3, rightCapacity: 1, spread: true, weights: { complement: 1, wishes: 0, distance: 10, size: 0 } })).body;
    expect(even.summary.matched).toBe(3);
    expect(loads(even.pairs)).toEqual([1, 1, 1]);
    expect(even.params.spread).toBe(true);
    // Without it, the nearest inner-city school takes more than one.
    const greedyLoads = loads((await run({ leftCapacity: 3, rightCapacity: 1, weights: { complement: 1, wishes: 0, distance: 10, size: 0 } })).body.pairs);
    expect(greedyLoads).not.toEqual([1, 1, 1]);
    const both = await run({ leftCapacity: 2, rightCapacity: 2, spread: true });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: 'MATCHING_SPREAD_ONE_SIDE', field: 'spread' });
  });

  it('wish-stable mode leaves no blocking pair and reports wishes honoured', async () => {
    const { run } = await scenario();
    const { body } = await run({ mode: 'stable', weights: { complement: 2, wishes: 8, distance: 1, size: 0 } });
    expect(body.summary).toMatchObject({ mode: 'stable', blockingPairs: 0 });
    expect(body.summary.wishesHonoured).toBeGreaterThanOrEqual(3);
    expect(body.otherPairs.length).toBe(body.summary.alternatives.optimal.matched);
  });

  it('exports a run as Excel: pairs best first with their explanation, schools left out and why, the settings', async () => {
    const { firstRun, campaign, leaders } = await scenario();
    const firstRunId = (await firstRun()).id;
    const detail = (await admin('GET', `/api/matching/runs/${firstRunId}`)).json();
    const res = await admin('GET', `/api/matching/runs/${firstRunId}/export.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('Kết quả ghép cặp')}`);
    const wb = await readSheet(res.rawPayload);
    const pairs = wb.getWorksheet('Các cặp đề xuất')!;
    expect(String(pairs.getCell('A1').value)).toBe('KẾT QUẢ GHÉP CẶP KẾT NGHĨA');
    expect(String(pairs.getCell('A2').value)).toContain(`${campaign.number} · Tối ưu tổng thể`);
    expect((pairs.getRow(5).values as unknown[]).slice(1, 4)).toEqual(['STT', 'Mã trường bên A', 'Trường bên A']);
    const rows = (detail.pairs as RunPair[]).map((_, i) => pairs.getRow(6 + i));
    expect(rows.map((r) => r.getCell(6).value)).toEqual((detail.pairs as RunPair[]).map((p) => p.score));
    expect(rows.map((r) => r.getCell(9).value)).toEqual((detail.pairs as RunPair[]).map((p) => p.explanation));
    const others: string[] = [];
    wb.getWorksheet('Trường chưa ghép')!.eachRow((r) => others.push(`${r.getCell(3).value}: ${r.getCell(4).value}`));
    expect(others).toContain('TH Ái Mộ B: Không tham gia: đã có cặp trong kế hoạch');
    const settings: string[] = [];
    wb.getWorksheet('Thiết lập')!.eachRow((r) => settings.push(`${r.getCell(1).value}=${r.getCell(2).value}`));
    expect(settings).toContain('Bên B (khu vực)=Ngoại thành, Miền núi - dân tộc');
    expect(settings).toContain('Trọng số: thế mạnh đáp ứng nhu cầu=5');
    const principal = await signIn(leaders.aimob);
    expect((await principal('GET', `/api/matching/runs/${firstRunId}/export.xlsx`)).statusCode).toBe(403);
  });

  it('runs the engine from the command line, kept in the run history, with the same explanations and the workbook', async () => {
    // The command line runs on every school of the plan's levels: this scenario's and any other test's.
    await scenario('4340/KH-SGDĐT');
    const dir = await mkdtemp(join(tmpdir(), 'chungtay-match-run-'));
    const file = join(dir, 'ket-qua.xlsx');
    const cli = await runCli(['--json', 'match', 'run', '--campaign', '4340/KH-SGDĐT', '--label', 'từ dòng lệnh', '--xlsx', file], { DATABASE_URL: t.url });
    expect(cli.code, cli.stderr).toBe(0);
    const out = JSON.parse(cli.stdout);
    expect(out).toMatchObject({ ok: true, status: 'succeeded', label: 'từ dòng lệnh' });
    expect(out.pairs.length).toBeGreaterThan(0);
    for (const p of out.pairs as RunPair[]) expect(p.explanation.length).toBeGreaterThan(10);
    const web = (await admin('GET', `/api/matching/runs/${out.id}`)).json();
    expect(web.pairs.map((p: RunPair) => p.explanation)).toEqual(out.pairs.map((p: RunPair) => p.explanation));
    const audit = await t.db.selectFrom('audit_log').select(['actor_username']).where('action', '=', 'matching.run').where('entity_id', '=', out.id).executeTakeFirstOrThrow();
    expect(audit.actor_username).toMatch(/^cli:/u);
    expect((await readSheet(await readFile(file))).getWorksheet('Các cặp đề xuất')!.rowCount).toBe(5 + out.pairs.length);

    const human = await runCli(['match', 'run', '--campaign', '4340/KH-SGDĐT', '--max-km', '60'], { DATABASE_URL: t.url });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^1\. TH .+ – TH .+ \([\d.,]+\): .+mạnh về/mu);
    expect(human.stdout).toMatch(/ cặp, tổng điểm [\d.,]+, /u);
    const partial = await runCli(['--json', 'match', 'run', '--campaign', '4340/kh-sgddt', '--weights', 'distance=8'], { DATABASE_URL: t.url });
    expect(partial.code, partial.stderr).toBe(0);
    expect(JSON.parse(partial.stdout).params.weights).toEqual({ complement: 5, wishes: 3, distance: 8, size: 1 });
    const unknownWeight = await runCli(['match', 'run', '--campaign', '4340/KH-SGDĐT', '--weights', 'foo=1'], { DATABASE_URL: t.url });
    expect(unknownWeight.code).toBe(2);
    expect(unknownWeight.stderr).toContain('unknown criterion "foo"');
    const unknown = await runCli(['match', 'run', '--campaign', '9999/KH'], { DATABASE_URL: t.url });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('không có kế hoạch số "9999/KH"');
    const refused = await runCli(['match', 'run', '--campaign', '4340/KH-SGDĐT', '--left', 'inner-city', '--right', 'inner-city'], { DATABASE_URL: t.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('inner-city');
    // Six processes, each starting tsx and an engine thread: minutes on a loaded two-core machine.
  }, 180_000);

  it('turns chosen pairs into proposed pairs through the pairs feature, once', async () => {
    const { firstRun, run } = await scenario();
    const firstRunId = (await firstRun()).id;
    const auditCount = async () =>
      (await t.db.selectFrom('audit_log').select('action').where('action', 'in', ['matching.accept', 'pair.propose']).execute()).map((a) => a.action).sort();
    const auditBefore = await auditCount();
    const detail = (await admin('GET', `/api/matching/runs/${firstRunId}`)).json();
    const chosen = (detail.pairs as RunPair[]).slice(0, 2).map((p) => ({ left: p.left.id, right: p.right.id }));
    const res = await admin('POST', `/api/matching/runs/${firstRunId}/accept`, { pairs: chosen });
    expect(res.statusCode).toBe(200);
    const created = res.json().created as { pairId: string }[];
    expect(created).toHaveLength(2);
    const pair = (await admin('GET', `/api/pairs/${created[0]!.pairId}`)).json();
    expect(pair.state).toBe('proposed');
    // The schools asked to accept see why the department's engine proposed them.
    const proposed = (detail.pairs as RunPair[])[0]!;
    expect(pair.proposal).toEqual({ runId: firstRunId, score: proposed.score, explanation: proposed.explanation });
    const en = await admin('GET', `/api/pairs/${created[0]!.pairId}`, undefined, { cookie: `${(await t.signIn(adminUser.username, adminUser.password)).cookie}; ct_lang=en` });
    expect(en.json().proposal.explanation).toMatch(/ is strong in /u);
    const again = await admin('POST', `/api/matching/runs/${firstRunId}/accept`, { pairs: chosen.slice(0, 1) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('MATCHING_PAIR_ALREADY_ACCEPTED');
    const after = (await admin('GET', `/api/matching/runs/${firstRunId}`)).json();
    expect((after.pairs as RunPair[]).filter((p) => p.pairId).length).toBe(2);
    expect(after.acceptedCount).toBe(2);
    // One audit row for the accept, one per pair proposed (tests of a file run one after the other).
    expect(await auditCount()).toEqual([...auditBefore, 'matching.accept', 'pair.propose', 'pair.propose'].sort());
    // The next run sees them as paired in the campaign.
    const next = (await run({})).body;
    expect(next.excluded.length).toBe(2 + 4);
  });
});
