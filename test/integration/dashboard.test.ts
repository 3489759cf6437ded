import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';

// 1 January 2024: before the district reform, so huyện Mê Linh still exists.
const t = await createTestApp({ now: () => new Date('2024-01-01T03:00:00Z') });

async function countsOf(username: string, password?: string) {
  const res = await t.as(await t.signIn(username, password))('GET', '/api/dashboard');
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe("the dashboard shows each role the numbers of its own scope", () => {
  it('a department admin sees the whole city: 10 schools (4 from the seeds, 6 more primary schools for pairing), 4 pairs (both seed pairs in 2022–2025 and in 2026–2028), 11 activities (the seed events, the activities demo of 2025-2027 and the two planned by the plans demo)', async () => {
    const d = await countsOf('so.admin');
    expect(d.scope).toBe('all');
    // Active: Chu Phan – Ái Mộ B of 2026–2028; Nhân Chính – PTDTNT Hà Nội waits for a signature; the 2022–2025 pairs are completed.
    expect(d.counts).toEqual({ schools: 10, pairs: 4, activePairs: 1, activities: 11, activitiesDone: 6 });
  });

  it("a principal sees only their school, its pair and the pair's activities", async () => {
    const d = await countsOf('nhanchinh.ht');
    expect(d.scope).toBe('school');
    expect(d.counts).toEqual({ schools: 1, pairs: 2, activePairs: 0, activities: 5, activitiesDone: 3 });
    for (const p of d.pairs) expect(p.schoolNames).toEqual(['Trường Phổ thông Dân tộc nội trú Hà Nội', 'Trường THPT Nhân Chính']);
    expect(d.recentActivities).toContainEqual(expect.objectContaining({ startsOn: '2023-10-25', kind: 'signing-conference', status: 'reported' }));
    const chuphan = await countsOf('chuphan.ht');
    expect(chuphan.pairs[0].schoolNames).toContain('Trường Tiểu học Ái Mộ B');
    expect(chuphan.recentActivities.map((a: { startsOn: string }) => a.startsOn)).toEqual(['2027-03-12', '2026-11-20', '2026-05-15', '2026-03-20', '2025-11-14']);
  });

  it("a teacher sees their own school's numbers, not the city's", async () => {
    const d = await countsOf('aimob.gv');
    expect(d.counts.schools).toBe(1);
    expect(d.counts.pairs).toBe(2);
    for (const p of d.pairs) expect(p.schoolNames).toEqual(['Trường Tiểu học Chu Phan', 'Trường Tiểu học Ái Mộ B']);
  });

  it('an area officer sees the schools located in their area on the day', async () => {
    const admin = await t.signIn('so.admin');
    const created = await t.as(admin)('POST', '/api/users', {
      username: 'melinh.pgd',
      displayName: 'Cán bộ Phòng GDĐT Mê Linh',
      password: 'MeLinh@2024x',
      role: 'area-officer',
      adminUnitCode: '250',
    });
    expect(created.statusCode).toBe(201);
    const d = await countsOf('melinh.pgd', 'MeLinh@2024x');
    expect(d.scope).toBe('area');
    expect(d.counts).toMatchObject({ schools: 1, pairs: 2, activities: 6 });
  });

  it('the public cannot read the dashboard', async () => {
    const res = await t.as(null)('GET', '/api/dashboard');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Bạn cần đăng nhập để thực hiện thao tác này.');
  });
});
