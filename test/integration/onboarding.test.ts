/**
 * Onboarding a city's schools from the registry (issue 12): the department or an area officer
 * invites the leaders of the active schools without a leader account in one run (one job), on
 * the real API and database; each invitee's mail is written as an .eml file; a rerun never
 * duplicates; an area officer never reaches another area's school.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { createSchool } from '../factories/schools.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';
import { unique } from '../factories/unique.ts';

const t = await createTestApp({ demo: false });
const w = await createTenants(t.db);
const signIn = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);

const mailOf = (code: string) => `ht.${code.toLowerCase()}@truong.example.vn`;
const school = async (unit: typeof w.units.a1, fields: { email?: string | null; principalName?: string | null; level?: 'primary' | 'lower-secondary' } = {}) => {
  const code = unique('OB').toUpperCase();
  return createSchool(t.db, {
    unit,
    code,
    level: fields.level ?? 'primary',
    ...(fields.email !== null ? { email: fields.email ?? mailOf(code) } : {}),
    ...(fields.principalName !== null ? { principalName: fields.principalName ?? 'Nguyễn Thị Hằng' } : {}),
  });
};

// Area A: two ready schools, one without e-mail, two sharing one, one without a principal's name.
const a = {
  ready1: await school(w.units.a1, { principalName: 'Trần Văn Đức' }),
  ready2: await school(w.units.a1, { level: 'lower-secondary' }),
  noEmail: await school(w.units.a1, { email: null }),
  dup1: await school(w.units.a1, { email: 'chung@truong.example.vn' }),
  dup2: await school(w.units.a1, { email: 'chung@truong.example.vn' }),
  noPrincipal: await school(w.units.a1, { principalName: null }),
};
// Area B: one ready school.
const b = { ready: await school(w.units.b1) };

const leadersOf = (schoolId: string) =>
  t.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'email', 'role', 'password_hash']).where('school_id', '=', schoolId).where('role', '=', 'school-leader').execute();

async function runToEnd(user: SignedIn, filter: Record<string, string> = {}) {
  const started = await t.as(user)('POST', '/api/users/onboarding', filter);
  expect(started.statusCode, started.body).toBe(202);
  const id: string = started.json().id;
  for (let i = 0; i < 600; i++) {
    const res = await t.as(user)('GET', `/api/users/onboarding/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    if (!['queued', 'running'].includes(res.json().status)) return res.json();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run did not end');
}

describe('an area officer', () => {
  it('previews its own area only: counts, what blocks each school, duplicate e-mails flagged', async () => {
    const officer = await signIn(w.users.officerA);
    const res = await t.as(officer)('GET', '/api/users/onboarding/preview');
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ withoutLeader: 6, ready: 2, blockedTotal: 4, duplicateEmails: 1 });
    const reasons = Object.fromEntries(p.blocked.map((s: { code: string; reasons: string[] }) => [s.code, s.reasons]));
    expect(reasons).toEqual({
      [a.noEmail.code]: ['no_email'],
      [a.dup1.code]: ['duplicate_email'],
      [a.dup2.code]: ['duplicate_email'],
      [a.noPrincipal.code]: ['no_principal'],
    });
    expect(res.body).not.toContain(b.ready.code);
    // Asking for another area's schools gives none of them.
    const other = await t.as(officer)('GET', `/api/users/onboarding/preview?adminUnitId=${w.units.areaB.id}`);
    expect(other.json()).toMatchObject({ withoutLeader: 0, ready: 0 });
    // By level.
    expect((await t.as(officer)('GET', '/api/users/onboarding/preview?level=lower-secondary')).json()).toMatchObject({ withoutLeader: 1, ready: 1 });
  });

  it('invites the ready leaders of its area in one run: accounts, .eml invitations, audit; never another area’s school', async () => {
    const officer = await signIn(w.users.officerA);
    // Even pointed at area B, the run creates nothing there.
    const away = await runToEnd(officer, { adminUnitId: w.units.areaB.id });
    expect(away).toMatchObject({ status: 'done', total: 0, created: 0 });
    expect(await leadersOf(b.ready.id)).toEqual([]);

    const run = await runToEnd(officer);
    expect(run).toMatchObject({ status: 'done', total: 6, processed: 6, created: 2, skipped: 4, error: null });
    const byCode = Object.fromEntries(run.results.map((r: { code: string }) => [r.code, r]));
    expect(byCode[a.ready1.code]).toMatchObject({ outcome: 'created', username: `ht.${a.ready1.code.toLowerCase()}` });
    expect(byCode[a.noEmail.code]).toMatchObject({ outcome: 'no_email' });
    expect(byCode[a.dup1.code]).toMatchObject({ outcome: 'duplicate_email' });

    const [leader] = await leadersOf(a.ready1.id);
    expect(leader).toMatchObject({ display_name: 'Trần Văn Đức', email: mailOf(a.ready1.code).toLowerCase(), role: 'school-leader', password_hash: null });
    expect(await leadersOf(b.ready.id)).toEqual([]);
    expect(await leadersOf(a.noEmail.id)).toEqual([]);

    // The invitation is mailed through the mail queue: an .eml file per invitee, in Vietnamese, with the one-time link.
    const mail = await until(
      () => t.db.selectFrom('mail_message').select(['id', 'status', 'subject']).where('to_user_id', '=', leader!.id).where('kind', '=', 'invitation').executeTakeFirst(),
      (m) => m?.status === 'written',
    );
    const file = join(t.dataDir, 'outbox', `${mail!.id}.eml`);
    expect(existsSync(file)).toBe(true);
    const eml = await simpleParser(readFileSync(file));
    expect(eml.to).toMatchObject({ text: mailOf(a.ready1.code).toLowerCase() });
    expect(eml.text).toContain('Trần Văn Đức');
    expect(eml.text).toMatch(/https:\/\/chungtay\.example\.vn\/invite\/[\w-]{20,}/u);

    // Audit: each account its user.create and user.invite rows, and one row for the run.
    const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id', 'after', 'actor_username']).where('entity_id', 'in', [leader!.id, run.id]).orderBy('id').execute();
    expect(audit.map((r) => r.action)).toEqual(['user.create', 'user.invite', 'user.onboard']);
    expect(audit[2]).toMatchObject({ actor_username: w.users.officerA.username, after: { schools: 6, skipped: 4 } });
    expect((audit[2]!.after as { created: unknown[] }).created).toHaveLength(2);

    // The officer of area B does not see this run.
    const officerB = await signIn(w.users.officerB);
    expect((await t.as(officerB)('GET', `/api/users/onboarding/${run.id}`)).statusCode).toBe(404);
  });

  it('reruns without duplicates, and picks up a school once its registry entry is completed', async () => {
    const officer = await signIn(w.users.officerA);
    const accounts = async () => Number((await t.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await accounts();
    const again = await runToEnd(officer);
    expect(again).toMatchObject({ status: 'done', total: 4, created: 0, skipped: 4 });
    expect(await accounts()).toBe(before);
    expect(await leadersOf(a.ready1.id)).toHaveLength(1);

    await t.db.updateTable('school').set({ email: 'thcs.moi@truong.example.vn' }).where('id', '=', a.noEmail.id).execute();
    const third = await runToEnd(officer);
    expect(third).toMatchObject({ total: 4, created: 1 });
    expect(await leadersOf(a.noEmail.id)).toHaveLength(1);
    expect(await accounts()).toBe(before + 1);
  });
});

describe('the department admin', () => {
  it('onboards another area’s schools; a school leader, a teacher and nobody cannot onboard', async () => {
    const admin = await signIn(w.users.admin);
    const preview = (await t.as(admin)('GET', `/api/users/onboarding/preview?adminUnitId=${w.units.areaB.id}`)).json();
    expect(preview).toMatchObject({ withoutLeader: 1, ready: 1 });
    const run = await runToEnd(admin, { adminUnitId: w.units.areaB.id });
    expect(run).toMatchObject({ status: 'done', created: 1 });
    expect(await leadersOf(b.ready.id)).toHaveLength(1);
    const latest = (await t.as(admin)('GET', '/api/users/onboarding/latest')).json();
    expect(latest.run.id).toBe(run.id);

    for (const u of [w.users.leaderA, w.users.teacherA]) {
      const s = await signIn(u);
      expect((await t.as(s)('GET', '/api/users/onboarding/preview')).statusCode).toBe(403);
      expect((await t.as(s)('POST', '/api/users/onboarding', {})).statusCode).toBe(403);
    }
    expect((await t.as(null)('POST', '/api/users/onboarding', {})).statusCode).toBe(401);
    // A bad filter is refused with its field.
    const bad = await t.as(admin)('GET', '/api/users/onboarding/preview?level=university');
    expect(bad.statusCode).toBe(400);
  });
});

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('did not happen');
}
