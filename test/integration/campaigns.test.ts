import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createAdminUnit } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher } from '../factories/users.ts';

const now = new Date('2026-09-10T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });
const adminUser = await createDepartmentAdmin(t.db);
const admin = await t.signIn(adminUser.username, adminUser.password);
const teacherUser = await createTeacher(t.db);
const teacher = await t.signIn(teacherUser.username, teacherUser.password);
const leaderUser = await createSchoolLeader(t.db);
const leader = await t.signIn(leaderUser.username, leaderUser.password);

const plan = {
  number: '5120/KH-SGDĐT',
  issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
  issuedOn: '2026-08-20',
  title: 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm',
  phaseStartYear: 2026,
  phaseEndYear: 2030,
};

describe('campaigns', () => {
  it('lists a campaign with its template and number of pairs', async () => {
    const campaign = await createCampaign(t.db, { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', phaseStartYear: 2022, phaseEndYear: 2025 });
    await createPair(t.db, { campaign, admin: adminUser, state: 'active', now });
    await createPair(t.db, { campaign, admin: adminUser, now });
    const res = await t.as(teacher)('GET', '/api/campaigns');
    expect(res.statusCode).toBe(200);
    const c = res.json().items.find((x: { id: string }) => x.id === campaign.id);
    expect(c).toMatchObject({ number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', pairCount: 2, schoolYears: ['2022-2023', '2023-2024', '2024-2025'] });
    expect(c.mouTemplate.articles).toHaveLength(5);
    expect(c.mouTemplate.articles[1].clauses[0]).toMatch(/^\{A\} và \{B\}/u);
  });

  it('a department admin creates one; it gets school years and the seed articles citing it', async () => {
    const res = await t.as(admin)('POST', '/api/campaigns', plan);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.schoolYears).toEqual(['2026-2027', '2027-2028', '2028-2029', '2029-2030']);
    // The basis cites the campaign through placeholders, filled when a document is rendered (test/integration/phases.test.ts).
    expect(c.mouTemplate.preamble[0]).toBe(
      'Căn cứ Kế hoạch số {campaignNumber} ngày {campaignDate} của {campaignIssuer} về việc tổ chức phong trào "{movement}" giai đoạn {phase};',
    );
    expect(c.mouTemplate.articles[2].clauses[0]).toMatch(/^Từ tháng \{from\} đến hết tháng \{until\}\./u);
    const dup = await t.as(admin)('POST', '/api/campaigns', plan);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('Số kế hoạch “5120/KH-SGDĐT” đã có trong hệ thống.');
    const order = await t.as(admin)('POST', '/api/campaigns', { ...plan, number: 'x/KH', phaseEndYear: 2020 });
    expect(order.json().error.field).toBe('phaseEndYear');
    expect((await t.as(teacher)('POST', '/api/campaigns', { ...plan, number: 'y/KH' })).statusCode).toBe(403);
    expect((await t.as(leader)('PATCH', `/api/campaigns/${c.id}`, { title: 'x' })).statusCode).toBe(403);
  });

  it('an edited template is what the next approved pair is drafted from, with units of the day (no districts after 1/7/2025)', async () => {
    const c = await createCampaign(t.db, { ...plan, number: '5121/KH-SGDĐT' });
    const template = structuredClone(c.mouTemplate);
    template.articles[2]!.clauses = ['Từ tháng 9/2026 đến hết tháng 5/2030.'];
    const res = await t.as(admin)('PATCH', `/api/campaigns/${c.id}`, { mouTemplate: template, schoolYears: ['2026-2027'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().schoolYears).toEqual(['2026-2027']);
    const badYear = await t.as(admin)('PATCH', `/api/campaigns/${c.id}`, { schoolYears: ['2026-2028'] });
    expect(badYear.json().error.message).toBe('Mục “Năm học”: năm học phải có dạng 2023-2024.');

    // Two schools of a district abolished on 1 July 2025, moved to the communes that took them over.
    const city = await createAdminUnit(t.db, { kind: 'province', name: 'Thành phố Hà Nội' });
    const district = await createAdminUnit(t.db, { kind: 'district', name: 'Huyện Mê Linh', parentId: city.id, validTo: '2025-07-01' });
    const schools = [];
    for (const name of ['Xã Chu Phan', 'Xã Tiến Thịnh']) {
      const before = await createAdminUnit(t.db, { kind: 'commune', name, parentId: district.id, validTo: '2025-07-01' });
      const after = await createAdminUnit(t.db, { kind: 'commune', name: `${name} mới`, parentId: city.id, validFrom: '2025-07-01' });
      const school = await createSchool(t.db, { unit: before });
      const moved = await t.as(admin)('PUT', `/api/schools/${school.id}/location`, { adminUnitId: after.id, from: '2025-07-01' });
      expect(moved.statusCode, moved.body).toBe(204);
      schools.push(school);
    }
    const pair = await createPair(t.db, { campaign: c, schools, admin: adminUser, state: 'approved', now });
    const first = await t.signIn(pair.leaders[0]!.username, pair.leaders[0]!.password);
    const draft = (await t.as(first)('GET', `/api/pairs/${pair.id}/mou`)).json();
    expect(draft.content.articles[2].clauses).toEqual(['Từ tháng 9/2026 đến hết tháng 5/2030.']);
    expect(draft.phase).toBe('2026-2030');
    // Districts were abolished on 1 July 2025: a 2026 draft names the new communes, no district.
    expect(draft.parties.map((p: { unitLine: string }) => p.unitLine)).toEqual(['xã Chu Phan mới', 'xã Tiến Thịnh mới']);
    const audit = (await t.as(admin)('GET', `/api/audit?entity=campaign&entityId=${c.id}`)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['campaign.update', 'campaign.create']);
  });
});
