/**
 * What a school leader choosing a partner sees of another school: its public profile (level,
 * size, place, strengths and needs), never its staff or contacts; and the wishes a leader
 * enters for a campaign from it.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const area = await createArea(t.db, { district: { name: 'Huyện Ba Vì' }, commune: { name: 'Xã Ba Trại' } });
const PRIVATE = {
  principalName: 'Đinh Thị Hiệu Trưởng Riêng',
  phone: '0912345678',
  email: 'hieutruong.rieng@example.vn',
  address: 'Thôn 7 Đường Kín',
  contacts: [{ role: 'Chủ tịch Công đoàn', name: 'Lương Văn Liên Hệ', phone: '0987654321', email: 'lienhe.rieng@example.vn' }],
};
const partner = await createSchool(t.db, {
  name: 'Trường Tiểu học Ba Trại',
  shortName: 'TH Ba Trại',
  areaType: 'mountainous',
  unit: area.commune,
  students: 520,
  teachers: 31,
  classes: 17,
  latitude: 21.0987,
  longitude: 105.4321,
  strengths: [{ areaCode: 'math', level: 2, note: 'Gọi cô Lương 0987654321' }],
  needs: [{ areaCode: 'english', level: 3 }],
  ...PRIVATE,
});
const leaderUser = await createSchoolLeader(t.db);
const teacherUser = await createTeacher(t.db, { school: leaderUser.school! });
const officerUser = await createAreaOfficer(t.db); // of another district
const leader = await t.signIn(leaderUser.username, FACTORY_PASSWORD);
const teacher = await t.signIn(teacherUser.username, FACTORY_PASSWORD);
const officer = await t.signIn(officerUser.username, FACTORY_PASSWORD);

describe('a school’s public profile', () => {
  it('shows a leader of another school its level, size, place, strengths and needs, and nothing private', async () => {
    // The registry's full profile stays closed to them.
    expect((await t.as(leader)('GET', `/api/schools/${partner.id}`)).statusCode).toBeGreaterThanOrEqual(403);
    const res = await t.as(leader)('GET', `/api/schools/${partner.id}/public-profile`);
    expect(res.statusCode, res.body).toBe(200);
    const profile = res.json();
    expect(Object.keys(profile).sort()).toEqual(
      ['areaType', 'classes', 'code', 'id', 'level', 'name', 'needs', 'ownership', 'place', 'shortName', 'status', 'strengths', 'students', 'teachers'].sort(),
    );
    expect(profile).toMatchObject({ name: 'Trường Tiểu học Ba Trại', level: 'primary', areaType: 'mountainous', students: 520, teachers: 31, classes: 17 });
    expect(profile.place.map((u: { name: string }) => u.name)).toEqual(['Huyện Ba Vì', 'Xã Ba Trại']);
    expect(profile.strengths).toEqual([{ areaCode: 'math', nameVi: 'Toán', nameEn: 'Mathematics', level: 2 }]);
    expect(profile.needs).toEqual([{ areaCode: 'english', nameVi: 'Tiếng Anh (Ngoại ngữ 1)', nameEn: 'English (foreign language 1)', level: 3 }]);
    for (const secret of ['Đinh Thị', 'Hiệu Trưởng Riêng', '0912345678', 'hieutruong.rieng', 'Đường Kín', 'Lương Văn', '0987654321', 'lienhe.rieng', '21.0987', '105.4321', 'Gọi cô']) {
      expect(res.body, secret).not.toContain(secret);
    }
  });

  it('is open to the department and area officers, not to teachers or the anonymous', async () => {
    expect((await t.as(officer)('GET', `/api/schools/${partner.id}/public-profile`)).statusCode).toBe(200);
    expect((await t.as(teacher)('GET', `/api/schools/${partner.id}/public-profile`)).statusCode).toBe(403);
    expect((await t.as(null)('GET', `/api/schools/${partner.id}/public-profile`)).statusCode).toBe(401);
    expect((await t.as(leader)('GET', `/api/schools/00000000-0000-4000-8000-000000000000/public-profile`)).statusCode).toBe(404);
  });
});

describe('wishes a leader enters', () => {
  it('are kept in order for the campaign and read back as the page shows them', async () => {
    const campaign = await createCampaign(t.db, { phaseStartYear: 2026, phaseEndYear: 2028, issuedOn: '2026-01-05' });
    const second = await createSchool(t.db, { areaType: 'suburban', name: 'Trường Tiểu học Tản Lĩnh', shortName: 'TH Tản Lĩnh' });
    const schoolId = leaderUser.school!.id;
    const put = await t.as(leader)('PUT', '/api/matching/wishes', { campaignId: campaign.id, schoolId, partnerIds: [second.id, partner.id] });
    expect(put.statusCode, put.body).toBe(200);
    const read = (await t.as(leader)('GET', `/api/matching/wishes?campaignId=${campaign.id}&schoolId=${schoolId}`)).json();
    expect(read.items.map((w: { rank: number; partner: { shortName: string } }) => [w.rank, w.partner.shortName])).toEqual([
      [1, 'TH Tản Lĩnh'],
      [2, 'TH Ba Trại'],
    ]);
    // Their own school is not a wish.
    const self = await t.as(leader)('PUT', '/api/matching/wishes', { campaignId: campaign.id, schoolId, partnerIds: [schoolId] });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.field).toBe('partnerIds');
  });
});
