import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { approvedPair, demoIds } from '../helpers/pairs.ts';

// 5 March 2024: before the district reform, so documents say "huyện Mê Linh".
const t = await createTestApp({ now: () => new Date('2024-03-05T03:00:00Z') });
const ids = await demoIds(t);
const admin = await t.signIn('so.admin');
const chuphan = await t.signIn('chuphan.ht');
const aimob = await t.signIn('aimob.ht');
const nhanchinh = await t.signIn('nhanchinh.ht');
const ptdtnt = await t.signIn('ptdtnt.ht');
const teacher = await t.signIn('aimob.gv');

describe('GET /api/pairs: the pairs each caller may see', () => {
  it('a department admin sees both demo pairs of each phase, with campaign, schools and state', async () => {
    const res = await t.as(admin)('GET', '/api/pairs');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    // 2022–2025 ran to 12/2025: completed; Chu Phan – Ái Mộ B continued into 2026–2028.
    const demo = body.items.find((p: { id: string }) => p.id === ids.demoPairId);
    expect(demo).toMatchObject({ state: 'completed', campaign: { number: '4340/KH-SGDĐT' }, mouStatus: 'signed', signedOn: '2023-03-13' });
    const current = body.items.find((p: { id: string }) => p.id === ids.currentPairId);
    expect(current).toMatchObject({ state: 'active', campaign: { number: 'MH-01/KH-SGDĐT' }, mouStatus: 'signed', signedOn: '2026-01-16' });
    expect(body.items.find((p: { id: string }) => p.id === ids.ncCurrentPairId)).toMatchObject({ state: 'approved', mouStatus: 'draft' });
    expect(demo.schools.map((s: { name: string }) => s.name)).toEqual(['Trường Tiểu học Chu Phan', 'Trường Tiểu học Ái Mộ B']);
  });

  it('a principal and a teacher see only the pairs of their school', async () => {
    for (const user of [aimob, teacher]) {
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
    expect((await q('state=proposed')).total).toBe(0);
    expect((await q('state=active,approved')).total).toBe(2);
    expect((await q('level=upper-secondary')).total).toBe(2);
    expect((await q(`campaignId=${ids.campaignId}&limit=1`)).items).toHaveLength(1);
    const bad = await t.as(admin)('GET', '/api/pairs?state=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it('the public cannot list pairs', async () => {
    expect((await t.as(null)('GET', '/api/pairs')).statusCode).toBe(401);
  });
});

describe('the pair workflow over HTTP', () => {
  it('proposed → accepted by both leaders → approved, with a draft MoU naming the units of the day', async () => {
    const res = await t.as(admin)('POST', '/api/pairs', { campaignId: ids.campaignId, schoolIds: [ids.school.chuphan, ids.school.nhanchinh] });
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
    // The demo already pairs these two in 4340: a second campaign.
    const c = await t.as(admin)('POST', '/api/campaigns', {
      number: '99/KH-SGDĐT',
      issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      issuedOn: '2024-01-10',
      title: 'Thử nghiệm',
      phaseStartYear: 2024,
      phaseEndYear: 2026,
    });
    expect(c.statusCode, c.body).toBe(201);
    const id = await approvedPair(t, admin, [nhanchinh, ptdtnt], c.json().id, [ids.school.nhanchinh, ids.school.ptdtnt]);
    for (const outsider of [aimob, chuphan, teacher]) {
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
    const res = await t.as(admin)('POST', `/api/pairs/${ids.currentPairId}/transitions`, { event: 'terminate', reason: 'Thử' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PAIR_NEEDS_NOTICE');
  });
});

describe('GET /api/pairs/partner-candidates: choosing a partner beyond one\'s own school', () => {
  it('a principal finds Tản Lĩnh by "tan linh", sees only what a proposer needs, and proposes a pair with it', async () => {
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
