/**
 * `chungtay user invite|disable|enable|list`: the operator's commands, through the same services
 * as the API (the system actor), on a real database, with the invitation mail written to the
 * outbox and its link on PUBLIC_URL; bad input exits non-zero with the message and changes nothing.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { createSchool } from '../factories/schools.ts';
import { unique } from '../factories/unique.ts';

const t = await createTestApp({ demo: false });
const school = await createSchool(t.db);
const otherSchool = await createSchool(t.db);
const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-usercli-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { DATABASE_URL: t.url, DATA_DIR: dataDir, PUBLIC_URL: 'https://chungtay.example.vn' };
const cli = (...args: string[]) => runCli(['--json', 'user', ...args], env);
const accountsNamed = async (username: string) => t.db.selectFrom('app_user').selectAll().where('username', '=', username).execute();

// Each command is a process of its own (tsx, a database connection): minutes on a busy two-core machine.
describe('chungtay user invite', { timeout: 240_000 }, () => {
  it('creates an invited account and writes the invitation, whose link opens /invite on PUBLIC_URL', async () => {
    const username = unique('ht');
    const r = await cli('invite', '--username', username, '--name', 'Nguyễn Thị Mời', '--role', 'school-leader', '--school', school.code, '--email', `${username}@Truong.edu.vn`);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { ok: true; user: { id: string; username: string; role: string }; mail: { status: string; file: string } };
    expect(result.user).toMatchObject({ username, role: 'school-leader', schoolId: school.id });
    expect(result.mail.status).toBe('written');
    // quoted-printable: soft line breaks undone, =3D back to '='
    const eml = readFileSync(result.mail.file, 'utf8').replace(/=\r?\n/gu, '');
    expect(eml).toContain(`To: ${username}@truong.edu.vn`);
    expect(eml).toMatch(/https:\/\/chungtay\.example\.vn\/invite\/[A-Za-z0-9_-]{43}/u);
    const token = /https:\/\/chungtay\.example\.vn\/invite\/([A-Za-z0-9_-]{43})/u.exec(eml)![1]!;
    expect((await t.as(null)('GET', `/api/auth/tokens/${token}`)).json()).toMatchObject({ purpose: 'invitation', displayName: 'Nguyễn Thị Mời' });
    const [row] = await accountsNamed(username);
    expect(row!.password_hash).toBeNull();
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_username']).where('entity_id', '=', row!.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.invite']);
  });

  it('refuses a taken username, an unknown school, a bad role or a bad e-mail with the message, exit 1, nothing made', async () => {
    const username = unique('gv');
    expect((await cli('invite', '--username', username, '--name', 'Lê Văn Một', '--role', 'teacher', '--school', school.code, '--email', `${username}@truong.edu.vn`)).code).toBe(0);
    const taken = await cli('invite', '--username', username, '--name', 'Lê Văn Hai', '--role', 'teacher', '--school', school.code, '--email', `x${username}@truong.edu.vn`);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/username/iu);
    expect(JSON.parse(taken.stdout)).toMatchObject({ ok: false, code: 'USERNAME_TAKEN', field: 'username' });

    const other = unique('gv');
    const noSchool = await cli('invite', '--username', other, '--name', 'Lê Văn Ba', '--role', 'teacher', '--school', 'KHONG-CO', '--email', `${other}@truong.edu.vn`);
    expect(noSchool.code).toBe(1);
    expect(noSchool.stderr).toMatch(/KHONG-CO/u);
    const badRole = await runCli(['user', 'invite', '--username', other, '--name', 'Lê Văn Ba', '--role', 'principal', '--school', school.code, '--email', `${other}@truong.edu.vn`], env);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/principal/u);
    const badEmail = await cli('invite', '--username', other, '--name', 'Lê Văn Ba', '--role', 'teacher', '--school', school.code, '--email', 'not-an-address');
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/email/u);
    expect(await accountsNamed(other)).toEqual([]);
  });
});

describe('chungtay user disable, enable and list', { timeout: 240_000 }, () => {
  it('disables and enables by username, lists by role, school and status, and refuses unknown names', async () => {
    const username = unique('gv');
    expect((await cli('invite', '--username', username, '--name', 'Đặng Văn Ấn', '--role', 'teacher', '--school', otherSchool.code, '--email', `${username}@truong.edu.vn`)).code).toBe(0);

    const off = await cli('disable', username);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout).user.status).toBe('disabled');
    expect((await accountsNamed(username))[0]!.disabled_at).not.toBeNull();

    const listed = await cli('list', '--school', otherSchool.code, '--role', 'teacher', '--status', 'disabled', '--search', 'dang van an');
    expect(listed.code, listed.stderr).toBe(0);
    const list = JSON.parse(listed.stdout) as { total: number; items: { username: string; status: string; school: { code: string } }[] };
    expect(list.items.map((a) => a.username)).toEqual([username]);
    expect(list.items[0]).toMatchObject({ status: 'disabled', school: { code: otherSchool.code } });

    const human = await runCli(['user', 'list', '--school', otherSchool.code], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`${username}\tteacher\tdisabled\t${otherSchool.code}\tĐặng Văn Ấn`);

    expect((await cli('enable', username)).code).toBe(0);
    expect((await accountsNamed(username))[0]!.disabled_at).toBeNull();

    const nobody = await cli('disable', 'khong.ai');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No account is named "khong.ai".');
    const noSchool = await cli('list', '--school', 'KHONG-CO');
    expect(noSchool.code).toBe(1);
    expect(noSchool.stderr).toContain('KHONG-CO');
  });
});
