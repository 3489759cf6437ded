/**
 * Nobody can mail-bomb a person with password-reset or invitation mails: resets are counted per
 * address and per client (the answer stays the same either way), invitations per address and
 * per sender (a manager is told, and nothing changes).
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { unique } from '../factories/unique.ts';
import { MAIL_LIMITS } from '#src/server/features/auth/mail-throttle.ts';

const clock = { now: new Date('2026-03-02T03:00:00Z') };
const t = await createTestApp({ demo: false, now: () => clock.now });
const school = await createSchool(t.db);
const admin = await createDepartmentAdmin(t.db);

const mailsTo = async (to: string) => (await t.db.selectFrom('mail_message').select('id').where('to_address', '=', to).execute()).length;
const reset = (login: string, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { login }, remoteAddress });

describe('password-reset mails', () => {
  it('reach one address at most three times an hour, asked from many clients at once, with the same answer every time', async () => {
    const email = `${unique('gv')}@truong.edu.vn`;
    await createTeacher(t.db, { school, email });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => reset(email, `203.0.113.${10 + i}`)));
    expect(new Set(answers.map((a) => `${a.statusCode} ${a.body}`))).toEqual(new Set(['202 {"ok":true}']));
    expect(await mailsTo(email)).toBe(MAIL_LIMITS.resetPerAddress.max);

    // An hour later the person can ask again.
    clock.now = new Date(clock.now.getTime() + MAIL_LIMITS.resetPerAddress.windowMs + 1000);
    await reset(email, '203.0.113.10');
    expect(await mailsTo(email)).toBe(MAIL_LIMITS.resetPerAddress.max + 1);
  });

  it('are asked at most ten times an hour from one client, known addresses or not, with the same answer', async () => {
    const client = '198.51.100.77';
    const emails = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const email = `${unique('gv')}@truong.edu.vn`;
        await createTeacher(t.db, { school, email });
        return email;
      }),
    );
    // Six unknown addresses first, then six known ones: only the first four known ones are mailed.
    const asked = [...Array.from({ length: 6 }, (_, i) => `khong.co.${i}@truong.edu.vn`), ...emails];
    const bodies: string[] = [];
    for (const login of asked) bodies.push((await reset(login, client)).body);
    expect(new Set(bodies)).toEqual(new Set(['{"ok":true}']));
    const mailed = await Promise.all(emails.map(mailsTo));
    expect(mailed).toEqual([1, 1, 1, 1, 0, 0]);
    // Another client is not held up by this one.
    await reset(emails[5]!, '198.51.100.78');
    expect(await mailsTo(emails[5]!)).toBe(1);
  });
});

describe('invitation mails', () => {
  it('reach one address at most three times an hour; the fourth is refused with the field and changes nothing', async () => {
    const me = await t.signIn(admin.username, FACTORY_PASSWORD);
    const email = `${unique('ht')}@truong.edu.vn`;
    const created = await t.as(me)('POST', '/api/users', { username: unique('ht'), displayName: 'Ngô Thị Mời', email, role: 'school-leader', schoolId: school.id });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    for (let i = 0; i < MAIL_LIMITS.invitationPerAddress.max - 1; i++) {
      expect((await t.as(me)('POST', `/api/users/${id}/invite`)).statusCode).toBe(200);
    }
    const lastLink = await t.db.selectFrom('mail_message').select('link').where('to_address', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const tokensBefore = await t.db.selectFrom('account_token').select(['id']).where('user_id', '=', id).execute();

    const refused = await t.as(me)('POST', `/api/users/${id}/invite`, undefined, { 'accept-language': 'vi' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'MAIL_THROTTLED', field: 'email' });
    expect(refused.json().error.message).toMatch(/quá nhiều thư mời/u);
    expect(await mailsTo(email)).toBe(MAIL_LIMITS.invitationPerAddress.max);
    expect(await t.db.selectFrom('account_token').select(['id']).where('user_id', '=', id).execute()).toEqual(tokensBefore);
    // The last link mailed still works.
    const token = lastLink.link!.split('/').pop()!;
    expect((await t.as(null)('GET', `/api/auth/tokens/${token}`)).statusCode).toBe(200);
  });
});
