import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
const schoolA = await createSchool(t.db, { name: 'Trường Tiểu học Ái Mộ B' });
const departmentAdmin = await createDepartmentAdmin(t.db);
const teacherA = await createTeacher(t.db, { school: schoolA });
const leaderB = await createSchoolLeader(t.db);

async function auditRows(action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

describe('every change writes one audit row in the same transaction', () => {
  it('creating an account records who, what, when and the new values, never the password', async () => {
    const admin = await t.signIn(departmentAdmin.username, FACTORY_PASSWORD);
    const before = (await auditRows('user.create')).length;
    const res = await t.as(admin)('POST', '/api/users', {
      username: 'aimob.ct',
      displayName: 'Chủ tịch Công đoàn Ái Mộ B',
      password: 'CongDoan2025',
      role: 'school-coordinator',
      schoolCode: schoolA.code,
    });
    expect(res.statusCode).toBe(201);
    const rows = (await auditRows('user.create')).slice(before);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.actor_username).toBe(departmentAdmin.username);
    expect(row.entity_id).toBe(res.json().id);
    expect(row.after).toMatchObject({ username: 'aimob.ct', role: 'school-coordinator' });
    expect(JSON.stringify(row)).not.toContain('CongDoan2025');
    expect(Date.now() - row.at.getTime()).toBeLessThan(60_000);
  });

  it('changing the language records before and after', async () => {
    const user = await t.signIn(teacherA.username, FACTORY_PASSWORD);
    const res = await t.as(user)('PATCH', '/api/auth/me', { locale: 'en' });
    expect(res.json().locale).toBe('en');
    const [row] = await auditRows('user.locale');
    expect(row).toMatchObject({ actor_username: teacherA.username, before: { locale: 'vi' }, after: { locale: 'en' } });
  });

  it('a refused change leaves no audit row and changes nothing', async () => {
    const admin = await t.signIn(departmentAdmin.username, FACTORY_PASSWORD);
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.as(admin)('POST', '/api/users', {
      username: teacherA.username,
      displayName: 'Trùng tên',
      password: 'TrungTen2025',
      role: 'teacher',
      schoolCode: schoolA.code,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'USERNAME_TAKEN', field: 'username' });
    const after = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a school leader may not create accounts for another school', async () => {
    const leader = await t.signIn(leaderB.username, FACTORY_PASSWORD);
    const before = (await auditRows('user.create')).length;
    const res = await t.as(leader)('POST', '/api/users', {
      username: 'x.test',
      displayName: 'X',
      password: 'Password2025',
      role: 'teacher',
      schoolCode: schoolA.code,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' });
    expect(await auditRows('user.create')).toHaveLength(before);
  });
});
