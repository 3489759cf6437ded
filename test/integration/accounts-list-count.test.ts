/**
 * The accounts list counts up to a bound, as the school list does (decision 0029): past it the
 * answer says "more than" (`totalExact: false`); a search, a small filter and a page near the end
 * count exactly. Pages follow the list's order (display name in Vietnamese order, then id) without
 * gaps or repeats.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
const w = await createTenants(t.db);
const signIn = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);

// 1,050 invited teachers of one school: names repeat every 7 (ties go by id), three are "Lò Văn Sìn".
await sql`
  insert into app_user (username, display_name, role, school_id)
  select 'count.gv' || n, case when n <= 3 then 'Lò Văn Sìn' else 'Giáo viên ' || (n % 7) end, 'teacher', ${w.schools.sA.id}::uuid
  from generate_series(1, 1050) n
`.execute(t.db);
const all = await t.db.selectFrom('app_user').select('id').orderBy(sql`display_name collate "vi-x-icu"`).orderBy('id').execute();

interface Page { items: { id: string; role: string; status: string }[]; total: number; totalExact: boolean }

describe('the department’s accounts list', () => {
  it('says "more than 1,000" past the bound and counts exactly near the end, a search or a small filter', async () => {
    const admin = await signIn(w.users.admin);
    const get = async (url: string) => {
      const r = await t.as(admin)('GET', url);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Page;
    };
    expect(all.length).toBeGreaterThan(1050);
    const first = await get('/api/users');
    expect(first).toMatchObject({ total: 1000, totalExact: false });
    expect(first.items.map((u) => u.id)).toEqual(all.slice(0, 20).map((u) => u.id));
    // Page 50 of 20: the bound moves on to 2,000, past every account: the exact total.
    const near = await get('/api/users?offset=980&limit=20');
    expect(near).toMatchObject({ total: all.length, totalExact: true });
    expect(near.items.map((u) => u.id)).toEqual(all.slice(980, 1000).map((u) => u.id));
    // The last page, not full.
    const last = await get(`/api/users?offset=${all.length - 5}&limit=20`);
    expect(last).toMatchObject({ total: all.length, totalExact: true });
    expect(last.items.map((u) => u.id)).toEqual(all.slice(-5).map((u) => u.id));
    // A search counts exactly; so does a filter with few accounts.
    expect(await get('/api/users?q=lo%20van%20sin')).toMatchObject({ total: 3, totalExact: true });
    const admins = await t.db.selectFrom('app_user').select('id').where('role', '=', 'department-admin').execute();
    expect(await get('/api/users?role=department-admin')).toMatchObject({ total: admins.length, totalExact: true });
  });

  it('pages through the accounts in name order, ties by id, each account once', async () => {
    const admin = await signIn(w.users.admin);
    const seen: string[] = [];
    for (let offset = 0; offset < all.length; offset += 100) {
      const page = (await t.as(admin)('GET', `/api/users?offset=${offset}&limit=100`)).json() as Page;
      seen.push(...page.items.map((u) => u.id));
    }
    expect(seen).toEqual(all.map((u) => u.id));
  });

  it('filtered by role: only that role, in the same order, paged without gaps, counted up to the bound', async () => {
    const admin = await signIn(w.users.admin);
    const teachers = await t.db
      .selectFrom('app_user')
      .select(['id', 'role'])
      .where('role', '=', 'teacher')
      .orderBy(sql`display_name collate "vi-x-icu"`)
      .orderBy('id')
      .execute();
    expect(teachers.length).toBeGreaterThan(1050);
    const first = (await t.as(admin)('GET', '/api/users?role=teacher')).json() as Page;
    expect(first).toMatchObject({ total: 1000, totalExact: false });
    expect(first.items.map((u) => u.id)).toEqual(teachers.slice(0, 20).map((u) => u.id));
    const seen: string[] = [];
    for (let offset = 0; offset < teachers.length; offset += 100) {
      const page = (await t.as(admin)('GET', `/api/users?role=teacher&offset=${offset}&limit=100`)).json() as Page;
      expect(page.items.every((u) => u.role === 'teacher')).toBe(true);
      seen.push(...page.items.map((u) => u.id));
    }
    expect(seen).toEqual(teachers.map((u) => u.id));
    // A rare role, alone and with a status: exact, in name order, no other role.
    const leaders = await t.db
      .selectFrom('app_user')
      .select('id')
      .where('role', '=', 'school-leader')
      .orderBy(sql`display_name collate "vi-x-icu"`)
      .orderBy('id')
      .execute();
    expect(leaders.length).toBeGreaterThan(1);
    const byRole = (await t.as(admin)('GET', '/api/users?role=school-leader&limit=100')).json() as Page;
    expect(byRole).toMatchObject({ total: leaders.length, totalExact: true });
    expect(byRole.items.map((u) => u.id)).toEqual(leaders.map((u) => u.id));
    const invitedTeachers = (await t.as(admin)('GET', '/api/users?role=teacher&status=invited&limit=5')).json() as Page;
    expect(invitedTeachers.items).toHaveLength(5);
    expect(invitedTeachers.items.every((u) => u.role === 'teacher' && u.status === 'invited')).toBe(true);
  });

  it('lists the accounts in Vietnamese alphabetical order: Đ after D, before E; accented vowels beside their letter', async () => {
    const admin = await signIn(w.users.admin);
    const names = ['Zã Văn Thành', 'Đỗ Thị Hà', 'Ánh Nguyệt', 'Dương Văn Bình', 'Ân Văn Tâm', 'Em Lê'];
    for (const [i, name] of names.entries()) {
      await sql`insert into app_user (username, display_name, role, school_id) values (${`order.gv${i}`}, ${name}, 'teacher', ${w.schools.sA.id}::uuid)`.execute(t.db);
    }
    const found = (await t.as(admin)('GET', '/api/users?q=order.gv&limit=20')).json() as { items: { displayName: string }[] };
    expect(found.items.map((u) => u.displayName)).toEqual(['Ánh Nguyệt', 'Ân Văn Tâm', 'Dương Văn Bình', 'Đỗ Thị Hà', 'Em Lê', 'Zã Văn Thành']);
  });
});
