/**
 * User administration (issue 12): the department manages every account, an area officer the
 * accounts of its area's schools, a school leader its own school's staff — on the real API.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { unique } from '../factories/unique.ts';

const t = await createTestApp({ demo: false });
const w = await createTenants(t.db);
const signIn = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);

const countUsers = async () => Number((await t.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const newTeacher = (schoolId: string, extra: Record<string, unknown> = {}) => ({
  username: unique('gv'),
  displayName: 'Nguyễn Thị Thu Hà',
  password: 'GiaoVien2026x',
  role: 'teacher',
  schoolId,
  ...extra,
});

describe('the department admin', () => {
  it('creates an account, finds it without diacritics, changes its role and school, disables and re-enables it', async () => {
    const admin = await signIn(w.users.admin);
    const created = await t.as(admin)('POST', '/api/users', newTeacher(w.schools.sA.id, { displayName: 'Đặng Văn Ấn', username: 'dang.an' }));
    expect(created.statusCode, created.body).toBe(201);
    const id: string = created.json().id;
    expect(created.json().account).toMatchObject({ status: 'active', school: { id: w.schools.sA.id } });

    const found = await t.as(admin)('GET', '/api/users?q=dang%20van%20an');
    expect(found.json().items.map((u: { id: string }) => u.id)).toEqual([id]);
    expect((await t.as(admin)('GET', '/api/users?q=DANG.AN')).json().total).toBe(1);
    // A word inside another word does not match ("an" is not the start of "dang").
    expect((await t.as(admin)('GET', '/api/users?q=ang')).json().total).toBe(0);

    const moved = await t.as(admin)('PATCH', `/api/users/${id}`, { role: 'school-leader', schoolId: w.schools.sB.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'school-leader', school: { id: w.schools.sB.id } });

    // Signed in on a phone, then disabled: the session ends at once and sign-in is refused.
    const user = await t.signIn('dang.an', 'GiaoVien2026x');
    expect((await t.as(user)('GET', '/api/auth/me')).statusCode).toBe(200);
    const disabled = await t.as(admin)('POST', `/api/users/${id}/disable`);
    expect(disabled.json().status).toBe('disabled');
    expect((await t.as(user)('GET', '/api/auth/me')).statusCode).toBe(401);
    await expect(t.signIn('dang.an', 'GiaoVien2026x')).rejects.toThrow(/401/u);
    expect((await t.as(admin)('GET', '/api/users?status=disabled')).json().items.map((u: { id: string }) => u.id)).toContain(id);

    expect((await t.as(admin)('POST', `/api/users/${id}/enable`)).json().status).toBe('active');
    await t.signIn('dang.an', 'GiaoVien2026x');

    const audit = await t.db.selectFrom('audit_log').select(['action', 'before', 'after', 'school_ids']).where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.update', 'auth.login', 'user.disable', 'user.enable', 'auth.login']);
    expect(audit[1]).toMatchObject({ before: { role: 'teacher' }, after: { role: 'school-leader' }, school_ids: [w.schools.sB.id] });
    expect(audit[3]!.after).toMatchObject({ sessionsEnded: 1 });
  });

  it('cannot disable or demote itself', async () => {
    const admin = await signIn(w.users.admin);
    const r1 = await t.as(admin)('POST', `/api/users/${w.users.admin.id}/disable`);
    expect(r1.statusCode).toBe(400);
    const r2 = await t.as(admin)('PATCH', `/api/users/${w.users.admin.id}`, { role: 'teacher', schoolId: w.schools.sA.id });
    expect(r2.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'role' });
  });
});

describe('an area officer', () => {
  it('is unable to create a user for a school outside its area, and changes nothing', async () => {
    const officer = await signIn(w.users.officerA);
    const before = await countUsers();
    const res = await t.as(officer)('POST', '/api/users', newTeacher(w.schools.sB.id));
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' });
    expect(await countUsers()).toBe(before);
  });

  it('creates leaders and staff for its own schools, never an officer or an admin', async () => {
    const officer = await signIn(w.users.officerA);
    const ok = await t.as(officer)('POST', '/api/users', newTeacher(w.schools.sA2.id, { role: 'school-leader' }));
    expect(ok.statusCode, ok.body).toBe(201);
    const admin = await t.as(officer)('POST', '/api/users', { ...newTeacher(w.schools.sA.id), role: 'department-admin', schoolId: undefined });
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_ALLOWED', field: 'role' });
  });

  it('lists only its area’s accounts, does not see another area’s and cannot move one out of its area', async () => {
    const officer = await signIn(w.users.officerA);
    const list = (await t.as(officer)('GET', '/api/users?limit=100')).json() as { items: { school: { id: string } | null; role: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((u) => u.school && [w.schools.sA.id, w.schools.sA2.id].includes(u.school.id))).toBe(true);
    expect((await t.as(officer)('GET', `/api/users/${w.users.leaderB.id}`)).statusCode).toBe(404);
    expect((await t.as(officer)('POST', `/api/users/${w.users.leaderB.id}/disable`)).statusCode).toBe(404);
    const away = await t.as(officer)('PATCH', `/api/users/${w.users.teacherA.id}`, { schoolId: w.schools.sB.id });
    expect(away.json().error).toMatchObject({ code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' });
    const still = await t.db.selectFrom('app_user').select('school_id').where('id', '=', w.users.teacherA.id).executeTakeFirstOrThrow();
    expect(still.school_id).toBe(w.schools.sA.id);
  });
});

describe('a school leader', () => {
  it('is unable to invite into another school or to make an admin or a leader', async () => {
    const leader = await signIn(w.users.leaderA);
    const before = await countUsers();
    const other = await t.as(leader)('POST', '/api/users', newTeacher(w.schools.sA2.id));
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' });
    for (const role of ['department-admin', 'school-leader', 'area-officer']) {
      const res = await t.as(leader)('POST', '/api/users', newTeacher(w.schools.sA.id, { role }));
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_ALLOWED', field: 'role' });
    }
    expect(await countUsers()).toBe(before);
    // Nor promote a teacher of the school to leader.
    const promote = await t.as(leader)('PATCH', `/api/users/${w.users.teacherA.id}`, { role: 'school-leader' });
    expect(promote.json().error).toMatchObject({ code: 'ACCOUNT_ROLE_NOT_ALLOWED', field: 'role' });
  });

  it('manages its own school’s staff: creates a coordinator, disables a teacher, but not another leader', async () => {
    const leader = await signIn(w.users.leaderA);
    const created = await t.as(leader)('POST', '/api/users', newTeacher(w.schools.sA.id, { role: 'school-coordinator' }));
    expect(created.statusCode, created.body).toBe(201);
    const teacher = await createTeacher(t.db, { school: w.schools.sA });
    expect((await t.as(leader)('POST', `/api/users/${teacher.id}/disable`)).json().status).toBe('disabled');
    const otherLeader = await createTeacher(t.db, { school: w.schools.sA });
    await t.db.updateTable('app_user').set({ role: 'school-leader' }).where('id', '=', otherLeader.id).execute();
    expect((await t.as(leader)('POST', `/api/users/${otherLeader.id}/disable`)).statusCode).toBe(403);
    const list = (await t.as(leader)('GET', '/api/users?limit=100')).json() as { items: { school: { id: string } | null }[] };
    expect(list.items.every((u) => u.school?.id === w.schools.sA.id)).toBe(true);
  });

  it('a teacher may not list or create accounts', async () => {
    const teacher = await signIn(w.users.teacherA);
    expect((await t.as(teacher)('GET', '/api/users')).statusCode).toBe(403);
    expect((await t.as(teacher)('POST', '/api/users', newTeacher(w.schools.sA.id))).statusCode).toBe(403);
  });
});
