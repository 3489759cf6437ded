import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../factories/campaigns.ts';
import { officialUnitNamed } from '../factories/official-units.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool, type SchoolOverrides } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp } from '../helpers/app.ts';
import { approvedPair } from '../helpers/pairs.ts';

// 5 March 2024: before the district reform, so documents say "huyện Mê Linh".
const now = new Date('2024-03-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });
const departmentAdmin = await createDepartmentAdmin(t.db);
const admin = await t.signIn(departmentAdmin.username, FACTORY_PASSWORD);

/** A new school (as told) and its leader, signed in. */
async function leaderOf(school: SchoolOverrides = {}) {
  const user = await createSchoolLeader(t.db, { school: await createSchool(t.db, school) });
  return { user, school: user.school!, session: await t.signIn(user.username, FACTORY_PASSWORD) };
}
/** A plan for 2022–2025 (issued 12/12/2022), running on the test's day. */
const plan = (number?: string) => createCampaign(t.db, { ...(number ? { number } : {}), issuedOn: '2022-12-12', phaseStartYear: 2022, phaseEndYear: 2025 });

// Chu Phan – Ái Mộ B signed on 13/03/2023 and completed, then again in the next plan (signed today);
// THPT Nhân Chính – PTDTNT Hà Nội completed, then approved again with its draft.
const first = await plan('4340/KH-SGDĐT');
const second = await createCampaign(t.db, { number: 'MH-01/KH-SGDĐT', issuedOn: '2024-01-10', phaseStartYear: 2024, phaseEndYear: 2026 });
const chuphan = await leaderOf({ name: 'Trường Tiểu học Chu Phan', areaType: 'suburban' });
const aimob = await leaderOf({ name: 'Trường Tiểu học Ái Mộ B' });
const nhanchinh = await leaderOf({ name: 'Trường THPT Nhân Chính', level: 'upper-secondary' });
const ptdtnt = await leaderOf({ name: 'Trường Phổ thông Dân tộc Nội trú Hà Nội', shortName: 'PTDTNT Hà Nội', level: 'ethnic-boarding', areaType: 'mountainous' });
const teacher = await t.signIn((await createTeacher(t.db, { school: aimob.school })).username, FACTORY_PASSWORD);
const pair = (campaign: typeof first, members: (typeof chuphan)[], state: 'completed' | 'active' | 'approved', on = now) =>
  createPair(t.db, { state, campaign, schools: members.map((m) => m.school), leaders: members.map((m) => m.user), admin: departmentAdmin, now: on });
const signedIn2023 = new Date('2023-03-13T03:00:00Z');
const ids = {
  campaignId: first.id,
  demoPairId: (await pair(first, [chuphan, aimob], 'completed', signedIn2023)).id,
  ncPairId: (await pair(first, [nhanchinh, ptdtnt], 'completed', new Date('2023-10-25T03:00:00Z'))).id,
  currentPairId: (await pair(second, [chuphan, aimob], 'active')).id,
  ncCurrentPairId: (await pair(second, [nhanchinh, ptdtnt], 'approved')).id,
};
const mine = (items: { id: string }[]) => items.map((p) => p.id).filter((id) => Object.values(ids).includes(id));

describe('GET /api/pairs: the pairs each caller may see', () => {
  it('a department admin sees every pair, with campaign, schools and state', async () => {
    const res = await t.as(admin)('GET', '/api/pairs?limit=100');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const inDatabase = Number((await t.db.selectFrom('pair').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(body.total).toBe(inDatabase);
    expect(mine(body.items)).toHaveLength(4);
    // The first plan's pair ran to its end: completed; Chu Phan – Ái Mộ B went on in the second plan.
    const demo = body.items.find((p: { id: string }) => p.id === ids.demoPairId);
    expect(demo).toMatchObject({ state: 'completed', campaign: { number: '4340/KH-SGDĐT' }, mouStatus: 'signed', signedOn: '2023-03-13' });
    const current = body.items.find((p: { id: string }) => p.id === ids.currentPairId);
    expect(current).toMatchObject({ state: 'active', campaign: { number: 'MH-01/KH-SGDĐT' }, mouStatus: 'signed', signedOn: '2024-03-05' });
    expect(body.items.find((p: { id: string }) => p.id === ids.ncCurrentPairId)).toMatchObject({ state: 'approved', mouStatus: 'draft' });
    expect(demo.schools.map((s: { name: string }) => s.name)).toEqual(['Trường Tiểu học Chu Phan', 'Trường Tiểu học Ái Mộ B']);
  });

  it('a principal and a teacher see only the pairs of their school', async () => {
    for (const user of [aimob.session, teacher]) {
      const res = await t.as(user)('GET', '/api/pairs');
      expect(res.json().items.map((p: { id: string }) => p.id).sort()).toEqual([ids.demoPairId, ids.currentPairId].sort());
    }
  });

  it('searches without diacritics or case, and filters by state and level', async () => {
    const q = async (query: string) => (await t.as(admin)('GET', `/api/pairs?${query}`)).json();
    expect((await q('q=ai%20mo%20b')).items.map((p: { id: string }) => p.id).sort()).toEqual([ids.demoPairId, ids.currentPairId].sort());
    expect((await q('q=AIMOB')).total).toBe(2);
    expect((await q(`q=${encodeURIComponent('dân tộc nội trú')}`)).items[0].schools.map((s: { shortName: string }) => s.shortName)).toContain('PTDTNT Hà Nội');
    expect((await q('q=khong%20co%20truong%20nay')).total).toBe(0);
    expect((await q(`campaignId=${second.id}&state=proposed`)).total).toBe(0);
    expect((await q(`campaignId=${second.id}&state=active,approved`)).total).toBe(2);
    expect((await q(`campaignId=${first.id}&state=active,approved`)).total).toBe(0);
    const upper = mine((await q('level=upper-secondary&limit=100')).items);
    expect(upper.sort()).toEqual([ids.ncPairId, ids.ncCurrentPairId].sort());
    const page = await q(`campaignId=${ids.campaignId}&limit=1`);
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(2);
    const bad = await t.as(admin)('GET', '/api/pairs?state=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it('lists pairs by their schools’ names in member order, in Vietnamese order then by id, page after page', async () => {
    const expected = await sql<{ id: string }>`select p.id from pair p
      order by (select string_agg(s.name, ' – ' order by pm.position) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = p.id) collate "vi-x-icu", p.id`.execute(t.db);
    const all = (await t.as(admin)('GET', '/api/pairs?limit=100')).json();
    expect(all.items.map((p: { id: string }) => p.id)).toEqual(expected.rows.map((r) => r.id));
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) paged.push(...(await t.as(admin)('GET', `/api/pairs?limit=2&offset=${offset}`)).json().items.map((p: { id: string }) => p.id));
    expect(paged).toEqual(expected.rows.map((r) => r.id));
  });

  it('the public cannot list pairs', async () => {
    expect((await t.as(null)('GET', '/api/pairs')).statusCode).toBe(401);
  });
});

describe('the pair workflow over HTTP', () => {
  it('proposed → accepted by both leaders → approved, with a draft MoU naming the units of the day', async () => {
    const campaign = await plan();
    const cp = await leaderOf({ name: 'Trường Tiểu học Chu Phan', unit: await officialUnitNamed(t.db, 'Xã Chu Phan', '2024-03-05', 'Huyện Mê Linh') });
    const nc = await leaderOf({ name: 'Trường THPT Nhân Chính', level: 'upper-secondary', unit: await officialUnitNamed(t.db, 'Phường Nhân Chính', '2024-03-05', 'Quận Thanh Xuân') });
    const [chuphan, nhanchinh, aimob] = [cp.session, nc.session, (await leaderOf()).session];
    const res = await t.as(admin)('POST', '/api/pairs', { campaignId: campaign.id, schoolIds: [cp.school.id, nc.school.id] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;

    // The department cannot approve before both schools accepted.
    const early = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'approve' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'PAIR_TRANSITION_REFUSED',
      message: 'Không thể “phê duyệt” khi cặp kết nghĩa đang ở trạng thái “đề xuất”.',
    });

    const first = await t.as(chuphan)('POST', `/api/pairs/${id}/transitions`, { event: 'accept' });
    expect(first.json().state).toBe('proposed');
    const again = await t.as(chuphan)('POST', `/api/pairs/${id}/transitions`, { event: 'accept' });
    expect(again.json().error.code).toBe('PAIR_ALREADY_ANSWERED');
    // Only a leader of a member school answers for it.
    expect((await t.as(aimob)('POST', `/api/pairs/${id}/transitions`, { event: 'accept' })).statusCode).toBe(404);
    expect((await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'accept' })).statusCode).toBe(403);
    const second = await t.as(nhanchinh)('POST', `/api/pairs/${id}/transitions`, { event: 'accept' });
    expect(second.json().state).toBe('accepted');
    // Leaders do not approve.
    expect((await t.as(nhanchinh)('POST', `/api/pairs/${id}/transitions`, { event: 'approve' })).statusCode).toBe(403);
    const approved = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'approve' });
    expect(approved.json().state).toBe('approved');

    const detail = (await t.as(chuphan)('GET', `/api/pairs/${id}`)).json();
    expect(detail.state).toBe('approved');
    expect(detail.actions).toEqual(expect.arrayContaining(['editMou', 'signMou', 'manageSteering']));
    expect(detail.actions).not.toContain('approve');
    const draft = detail.mou.current;
    expect(draft).toMatchObject({ version: 1, status: 'draft', datedOn: '2024-03-05', place: 'Mê Linh', phase: '2024-2025', number: null });
    expect(draft.parties.map((p: { name: string; unitLine: string }) => `${p.name} ${p.unitLine}`)).toEqual([
      'Trường TH Chu Phan huyện Mê Linh',
      'Trường THPT Nhân Chính quận Thanh Xuân',
    ]);
    expect(draft.content.articles).toHaveLength(5);
    // The draft keeps the placeholders; the documents (and `rendered`) name the schools as of its date.
    expect(draft.content.articles[1].clauses[0]).toMatch(/^\{A\} và \{B\} triển khai/u);
    expect(draft.rendered.articles[1].clauses[0]).toMatch(/^Trường TH Chu Phan huyện Mê Linh và Trường THPT Nhân Chính quận Thanh Xuân triển khai/u);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['pair.approve', 'pair.accept', 'pair.accept', 'pair.propose']);
    // Every change has exactly one audit row.
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'pair').where('entity_id', '=', id).execute();
    expect(audit).toHaveLength(4);
  });

  it('a school that is not a party cannot see a pair, its draft or its documents', async () => {
    const c = await t.as(admin)('POST', '/api/campaigns', {
      number: '99/KH-SGDĐT',
      issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      issuedOn: '2024-01-10',
      title: 'Thử nghiệm',
      phaseStartYear: 2024,
      phaseEndYear: 2026,
    });
    expect(c.statusCode, c.body).toBe(201);
    const [nc, pt, am] = [await leaderOf({ level: 'upper-secondary' }), await leaderOf({ areaType: 'mountainous' }), await leaderOf()];
    const nhanchinh = nc.session;
    const id = await approvedPair(t, admin, [nhanchinh, pt.session], c.json().id, [nc.school.id, pt.school.id]);
    // Outsiders: a leader and a teacher of another school, and the leader of a school paired with Nhân Chính in another plan.
    const teacher = await t.signIn((await createTeacher(t.db, { school: am.school })).username, FACTORY_PASSWORD);
    const cp = await leaderOf();
    await createPair(t.db, { state: 'approved', campaign: await plan(), schools: [cp.school, nc.school], leaders: [cp.user, nc.user], admin: departmentAdmin, now });
    for (const outsider of [am.session, cp.session, teacher]) {
      for (const url of [`/api/pairs/${id}`, `/api/pairs/${id}/mou`, `/api/pairs/${id}/mou?format=pdf`, `/api/pairs/${id}/mou/versions`, `/api/pairs/${id}/steering`]) {
        const res = await t.as(outsider)('GET', url);
        expect(res.statusCode, `${url}`).toBe(404);
        expect(res.json().error.code).toBe('PAIR_NOT_FOUND');
      }
      const list = (await t.as(outsider)('GET', '/api/pairs')).json();
      expect(list.items.map((p: { id: string }) => p.id)).not.toContain(id);
    }
    expect((await t.as(nhanchinh)('GET', `/api/pairs/${id}/mou`)).statusCode).toBe(200);
  });

  it('a leader proposes with their own school only, and a refusal needs a reason', async () => {
    const [campaign, nextCampaign] = [await plan(), await plan()];
    const [am, cp, nc, pt] = [await leaderOf(), await leaderOf({ areaType: 'suburban' }), await leaderOf({ level: 'upper-secondary' }), await leaderOf({ areaType: 'mountainous' })];
    const [aimob, ptdtnt] = [am.session, pt.session];
    const ids = { campaignId: campaign.id, nextCampaignId: nextCampaign.id, school: { aimob: am.school.id, chuphan: cp.school.id, nhanchinh: nc.school.id, ptdtnt: pt.school.id } };
    // Ái Mộ B and Chu Phan are paired already in the other plan.
    await createPair(t.db, { state: 'active', campaign: nextCampaign, schools: [am.school, cp.school], leaders: [am.user, cp.user], admin: departmentAdmin, now });
    const other = await t.as(aimob)('POST', '/api/pairs', { campaignId: ids.campaignId, schoolIds: [ids.school.chuphan, ids.school.nhanchinh] });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.field).toBe('schoolIds');
    const one = await t.as(admin)('POST', '/api/pairs', { campaignId: ids.campaignId, schoolIds: [ids.school.aimob, ids.school.aimob] });
    expect(one.json().error.message).toBe('Mục “Các trường”: cần ít nhất hai trường khác nhau.');
    const dup = await t.as(admin)('POST', '/api/pairs', { campaignId: ids.nextCampaignId, schoolIds: [ids.school.aimob, ids.school.chuphan] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('PAIR_EXISTS');

    const own = await t.as(aimob)('POST', '/api/pairs', { campaignId: ids.campaignId, schoolIds: [ids.school.aimob, ids.school.ptdtnt] });
    expect(own.statusCode).toBe(201);
    const id = own.json().id;
    const detail = (await t.as(aimob)('GET', `/api/pairs/${id}`)).json();
    expect(detail.members.find((m: { schoolId: string }) => m.schoolId === ids.school.aimob).acceptedAt).not.toBeNull();
    const noReason = await t.as(ptdtnt)('POST', `/api/pairs/${id}/transitions`, { event: 'decline' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const declined = await t.as(ptdtnt)('POST', `/api/pairs/${id}/transitions`, { event: 'decline', reason: 'Khoảng cách quá xa trong năm học này.' });
    expect(declined.json().state).toBe('declined');
    const after = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'approve' });
    expect(after.json().error.code).toBe('PAIR_TRANSITION_REFUSED');
  });

  it('an active pair ends only through a written notice, not by the department alone', async () => {
    const active = await createPair(t.db, { state: 'active', campaign: await plan(), admin: departmentAdmin, now });
    const res = await t.as(admin)('POST', `/api/pairs/${active.id}/transitions`, { event: 'terminate', reason: 'Thử' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PAIR_NEEDS_NOTICE');
    expect((await t.as(admin)('GET', `/api/pairs/${active.id}`)).json().state).toBe('active');
  });
});

describe('GET /api/pairs/partner-candidates: choosing a partner beyond one\'s own school', () => {
  it('a principal finds Tản Lĩnh by "tan linh", sees only what a proposer needs, and proposes a pair with it', async () => {
    const campaign = await plan();
    const ids = { campaignId: campaign.id, school: {} as Record<string, string> };
    const am = await leaderOf();
    const aimob = am.session;
    ids.school.aimob = am.school.id;
    await createSchool(t.db, { name: 'Trường Tiểu học Tản Lĩnh', areaType: 'suburban' });
    await createSchool(t.db, { name: 'Trường Tiểu học Minh Quang', areaType: 'mountainous' });
    const teacher = await t.signIn((await createTeacher(t.db, { school: am.school })).username, FACTORY_PASSWORD);
    const res = await t.as(aimob)('GET', `/api/pairs/partner-candidates?q=tan%20linh&campaignId=${ids.campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; name: string }[];
    const tanlinh = items.find((s) => s.name === 'Trường Tiểu học Tản Lĩnh');
    expect(tanlinh).toMatchObject({ level: 'primary', areaType: 'suburban', paired: false });
    expect(Object.keys(tanlinh!).sort()).toEqual(['areaType', 'id', 'level', 'name', 'paired', 'placeName']);
    expect(typeof (tanlinh as unknown as { placeName: unknown }).placeName).toBe('string');

    const all = await t.as(aimob)('GET', '/api/pairs/partner-candidates');
    expect(all.json().items.length).toBeGreaterThan(1);
    expect(all.json().items.length).toBeLessThanOrEqual(20);
    expect((await t.as(teacher)('GET', '/api/pairs/partner-candidates?q=tan')).statusCode).toBe(403);
    expect((await t.as(null)('GET', '/api/pairs/partner-candidates?q=tan')).statusCode).toBe(401);

    const own = await t.as(aimob)('POST', '/api/pairs', { campaignId: ids.campaignId, schoolIds: [ids.school.aimob, tanlinh!.id] });
    expect(own.statusCode, own.body).toBe(201);
    const again = (await t.as(aimob)('GET', `/api/pairs/partner-candidates?q=tan%20linh&campaignId=${ids.campaignId}`)).json();
    expect(again.items.find((s: { id: string }) => s.id === tanlinh!.id).paired).toBe(true);
  });
});

describe('withdrawing a proposal', () => {
  it('the department withdraws a proposal it made, and an accepted one, with a reason, audited', async () => {
    const c = await t.as(admin)('POST', '/api/campaigns', {
      number: '98/KH-SGDĐT',
      issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      issuedOn: '2024-01-10',
      title: 'Thử rút đề xuất',
      phaseStartYear: 2024,
      phaseEndYear: 2026,
    });
    expect(c.statusCode, c.body).toBe(201);
    const campaignId = c.json().id;
    const [cp, nc] = [await leaderOf({ areaType: 'suburban' }), await leaderOf({ level: 'upper-secondary' })];
    const [chuphan, nhanchinh] = [cp.session, nc.session];
    const ids = { school: { chuphan: cp.school.id, nhanchinh: nc.school.id } };
    const p = await t.as(admin)('POST', '/api/pairs', { campaignId, schoolIds: [ids.school.chuphan, ids.school.nhanchinh] });
    const id = p.json().id;
    expect((await t.as(admin)('GET', `/api/pairs/${id}`)).json().actions).toContain('withdraw');
    // Members who did not propose answer; they do not withdraw.
    expect((await t.as(chuphan)('GET', `/api/pairs/${id}`)).json().actions).not.toContain('withdraw');
    expect((await t.as(chuphan)('POST', `/api/pairs/${id}/transitions`, { event: 'withdraw', reason: 'Thử' })).statusCode).toBe(403);
    const noReason = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'withdraw' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const w = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'withdraw', reason: 'Đề xuất nhầm trường.' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().state).toBe('declined');
    const detail = (await t.as(admin)('GET', `/api/pairs/${id}`)).json();
    expect(detail).toMatchObject({ state: 'declined', endReason: 'Đề xuất nhầm trường.' });
    expect(detail.actions).not.toContain('withdraw');
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['pair.withdraw', 'pair.propose']);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'pair').where('entity_id', '=', id).where('action', '=', 'pair.withdraw').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ state: 'declined', reason: 'Đề xuất nhầm trường.' });
    const twice = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'withdraw', reason: 'Lần nữa' });
    expect(twice.json().error.code).toBe('PAIR_TRANSITION_REFUSED');

    // Accepted by both, not yet approved: the department still withdraws it.
    const p2 = await t.as(admin)('POST', '/api/pairs', { campaignId, schoolIds: [ids.school.chuphan, ids.school.nhanchinh] });
    const id2 = p2.json().id;
    await t.as(chuphan)('POST', `/api/pairs/${id2}/transitions`, { event: 'accept' });
    await t.as(nhanchinh)('POST', `/api/pairs/${id2}/transitions`, { event: 'accept' });
    expect((await t.as(admin)('GET', `/api/pairs/${id2}`)).json()).toMatchObject({ state: 'accepted', actions: expect.arrayContaining(['withdraw']) });
    const w2 = await t.as(admin)('POST', `/api/pairs/${id2}/transitions`, { event: 'withdraw', reason: 'Sở đổi kế hoạch.' });
    expect(w2.json().state).toBe('declined');
  });

  it('the proposing school withdraws while the proposal is still open, not after', async () => {
    const c = await t.as(admin)('POST', '/api/campaigns', {
      number: '97/KH-SGDĐT',
      issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      issuedOn: '2024-01-10',
      title: 'Thử rút đề xuất của trường',
      phaseStartYear: 2024,
      phaseEndYear: 2026,
    });
    const campaignId = c.json().id;
    const [am, pt] = [await leaderOf(), await leaderOf({ areaType: 'mountainous' })];
    const [aimob, ptdtnt] = [am.session, pt.session];
    const ids = { school: { aimob: am.school.id, ptdtnt: pt.school.id } };
    const p = await t.as(aimob)('POST', '/api/pairs', { campaignId, schoolIds: [ids.school.aimob, ids.school.ptdtnt] });
    const id = p.json().id;
    expect((await t.as(aimob)('GET', `/api/pairs/${id}`)).json().actions).toContain('withdraw');
    expect((await t.as(ptdtnt)('GET', `/api/pairs/${id}`)).json().actions).not.toContain('withdraw');
    expect((await t.as(ptdtnt)('POST', `/api/pairs/${id}/transitions`, { event: 'withdraw', reason: 'Thử' })).statusCode).toBe(403);
    const w = await t.as(aimob)('POST', `/api/pairs/${id}/transitions`, { event: 'withdraw', reason: 'Trường đổi ý.' });
    expect(w.json().state).toBe('declined');

    const p2 = await t.as(aimob)('POST', '/api/pairs', { campaignId, schoolIds: [ids.school.aimob, ids.school.ptdtnt] });
    const id2 = p2.json().id;
    const acc = await t.as(ptdtnt)('POST', `/api/pairs/${id2}/transitions`, { event: 'accept' });
    expect(acc.json().state).toBe('accepted');
    expect((await t.as(aimob)('GET', `/api/pairs/${id2}`)).json().actions).not.toContain('withdraw');
    expect((await t.as(aimob)('POST', `/api/pairs/${id2}/transitions`, { event: 'withdraw', reason: 'Muộn' })).statusCode).toBe(403);
  });
});
