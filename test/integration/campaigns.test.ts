import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { approvedPair, demoIds } from '../helpers/pairs.ts';

const t = await createTestApp({ now: () => new Date('2026-09-10T03:00:00Z') });
const ids = await demoIds(t);
const admin = await t.signIn('so.admin');
const teacher = await t.signIn('aimob.gv');
const aimob = await t.signIn('aimob.ht');
const ptdtnt = await t.signIn('ptdtnt.ht');

const plan = {
  number: '5120/KH-SGDĐT',
  issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
  issuedOn: '2026-08-20',
  title: 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm',
  phaseStartYear: 2026,
  phaseEndYear: 2030,
};

describe('campaigns', () => {
  it('lists the demo campaign with its template and number of pairs', async () => {
    const res = await t.as(teacher)('GET', '/api/campaigns');
    expect(res.statusCode).toBe(200);
    const [c] = res.json().items;
    expect(c).toMatchObject({ number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', pairCount: 2, schoolYears: ['2022-2023', '2023-2024', '2024-2025'] });
    expect(c.mouTemplate.articles).toHaveLength(5);
    expect(c.mouTemplate.articles[1].clauses[0]).toMatch(/^\{A\} và \{B\}/u);
  });

  it('a department admin creates one; it gets school years and the seed articles citing it', async () => {
    const res = await t.as(admin)('POST', '/api/campaigns', plan);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.schoolYears).toEqual(['2026-2027', '2027-2028', '2028-2029', '2029-2030']);
    expect(c.mouTemplate.preamble[0]).toBe(
      'Căn cứ Kế hoạch số 5120/KH-SGDĐT ngày 20/08/2026 của Sở Giáo dục và Đào tạo Hà Nội về việc tổ chức phong trào "Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm" giai đoạn 2026-2030;',
    );
    const dup = await t.as(admin)('POST', '/api/campaigns', plan);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('Số kế hoạch “5120/KH-SGDĐT” đã có trong hệ thống.');
    const order = await t.as(admin)('POST', '/api/campaigns', { ...plan, number: 'x/KH', phaseEndYear: 2020 });
    expect(order.json().error.field).toBe('phaseEndYear');
    expect((await t.as(teacher)('POST', '/api/campaigns', { ...plan, number: 'y/KH' })).statusCode).toBe(403);
    expect((await t.as(aimob)('PATCH', `/api/campaigns/${c.id}`, { title: 'x' })).statusCode).toBe(403);
  });

  it('an edited template is what the next approved pair is drafted from, with units of the day (no districts after 1/7/2025)', async () => {
    const c = (await t.as(admin)('GET', '/api/campaigns')).json().items.find((x: { number: string }) => x.number === plan.number);
    const template = structuredClone(c.mouTemplate);
    template.articles[2].clauses = ['Từ tháng 9/2026 đến hết tháng 5/2030.'];
    const res = await t.as(admin)('PATCH', `/api/campaigns/${c.id}`, { mouTemplate: template, schoolYears: ['2026-2027'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().schoolYears).toEqual(['2026-2027']);
    const badYear = await t.as(admin)('PATCH', `/api/campaigns/${c.id}`, { schoolYears: ['2026-2028'] });
    expect(badYear.json().error.message).toBe('Mục “Năm học”: năm học phải có dạng 2023-2024.');

    const pairId = await approvedPair(t, admin, [aimob, ptdtnt], c.id, [ids.school.aimob, ids.school.ptdtnt]);
    const draft = (await t.as(aimob)('GET', `/api/pairs/${pairId}/mou`)).json();
    expect(draft.content.articles[2].clauses).toEqual(['Từ tháng 9/2026 đến hết tháng 5/2030.']);
    expect(draft.phase).toBe('2026-2030');
    // Districts were abolished on 1 July 2025: a 2026 draft names no district.
    for (const p of draft.parties) expect(p.unitLine).not.toMatch(/^(quận|huyện)/u);
    const audit = (await t.as(admin)('GET', `/api/audit?entity=campaign&entityId=${c.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['campaign.update', 'campaign.create']);
  });
});
