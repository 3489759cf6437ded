/**
 * Importing users from Excel (issue 12), on the real API and database: the template, a file
 * created all or nothing, every bad row reported by row and field (Vietnamese, or English when
 * chosen) with nothing created, the caller's scope and the roles it may grant, hostile files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';
import { unique } from '../factories/unique.ts';
import { oneHugeCell, truncatedZip } from '../helpers/hostile-xlsx.ts';

const t = await createTestApp({ demo: false });
const w = await createTenants(t.db);
const signIn = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const countUsers = async () => Number((await t.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** A file filled in from the downloaded template. */
async function fromTemplate(user: SignedIn, rows: (string | number | null)[][]): Promise<Buffer> {
  const res = await t.as(user)('GET', '/api/users/import-template.xlsx');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(1).values).toEqual([undefined, 'Mã trường (*)', 'Họ và tên (*)', 'Email (*)', 'Vai trò (*)', 'Số điện thoại']);
  rows.forEach((r, i) => r.forEach((v, j) => (ws.getCell(i + 2, j + 1).value = v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (user: SignedIn, file: Buffer, headers: Record<string, string> = {}) =>
  t.as(user)('POST', '/api/users/import?fileName=giao-vien.xlsx', file, { 'content-type': XLSX, ...headers });

const mail = () => `${unique('gv')}@truong.example.vn`;

describe('an area officer', () => {
  it('imports staff of its area’s schools from the template: accounts created and invited by e-mail', async () => {
    const officer = await signIn(w.users.officerA);
    const [m1, m2, m3] = [mail(), mail(), mail()];
    const file = await fromTemplate(officer, [
      [w.schools.sA.code, 'Lê Thị Mai', m1, 'Giáo viên', '0912 345 678'],
      [w.schools.sA2.code, 'Phạm Quốc Việt', m2, 'điều phối viên', null],
      [w.schools.sA2.code, 'Ngô Thanh Hương', m3.toUpperCase(), 'Hiệu trưởng', '+84 912 000 111'],
    ]);
    const res = await upload(officer, file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created.map((c: { row: number; role: string }) => [c.row, c.role])).toEqual([
      [2, 'teacher'],
      [3, 'school-coordinator'],
      [4, 'school-leader'],
    ]);
    const rows = await t.db.selectFrom('app_user').select(['id', 'display_name', 'role', 'school_id', 'phone', 'password_hash', 'email']).where('email', 'in', [m1, m2, m3]).orderBy('email').execute();
    expect(rows).toHaveLength(3);
    const mai = rows.find((r) => r.email === m1)!;
    expect(mai).toMatchObject({ display_name: 'Lê Thị Mai', role: 'teacher', school_id: w.schools.sA.id, phone: '0912 345 678', password_hash: null });
    expect(rows.find((r) => r.email === m3)).toMatchObject({ role: 'school-leader', phone: '+84 912 000 111' });

    // Each invitee's mail is written as an .eml file (no SMTP_URL in tests).
    const sent = await until(
      () => t.db.selectFrom('mail_message').select(['id', 'status']).where('to_user_id', '=', mai.id).where('kind', '=', 'invitation').executeTakeFirst(),
      (m) => m?.status === 'written',
    );
    const eml = await simpleParser(readFileSync(join(t.dataDir, 'outbox', `${sent!.id}.eml`)));
    expect(eml.text).toContain('Lê Thị Mai');
    expect(existsSync(join(t.dataDir, 'outbox', `${sent!.id}.eml`))).toBe(true);

    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'user.import').execute();
    expect(audit).toHaveLength(1);
    expect((audit[0]!.after as { created: unknown[] }).created).toHaveLength(3);
  });

  it('refuses the whole file when any row is wrong, naming each row and field, and creates nothing', async () => {
    const officer = await signIn(w.users.officerA);
    const before = await countUsers();
    const dup = mail();
    const file = await fromTemplate(officer, [
      [w.schools.sA.code, 'Đúng Người Đúng Việc', mail(), 'Giáo viên', null], // 2: fine on its own
      [w.schools.sB.code, 'Người Khu Khác', mail(), 'Giáo viên', null], // 3: another area's school
      [w.schools.sA.code, 'Trùng Một', dup, 'Giáo viên', null], // 4
      [w.schools.sA.code, 'Trùng Hai', dup, 'Giáo viên', null], // 5: same e-mail as row 4
      [w.schools.sA.code, '=HYPERLINK("http://x.example","bấm")', mail(), 'Giáo viên', null], // 6: formula
      [w.schools.sA.code, 'Tên\u202EẨn', mail(), 'Giáo viên', null], // 7: a control character (right-to-left override; C0 controls never survive Excel's XML)
      [w.schools.sA.code, 'Quản Trị Giả', mail(), 'Quản trị Sở GDĐT', null], // 8: a role it may not grant
      ['KHONG-CO-MA', 'Không Trường', mail(), 'Giáo viên', null], // 9: unknown school
      [w.schools.sA.code, 'Đã Có Rồi', 'khong-phai-email', 'Giáo viên', null], // 10: invalid e-mail
      [w.schools.sA.code, 'Vai Lạ', mail(), 'Hiệu phó', null], // 11: unknown role
      [w.schools.sA.code, '', mail(), 'Giáo viên', '12ab'], // 12: name missing, bad phone
    ]);
    const res = await upload(officer, file);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toMatchObject({ code: 'USER_IMPORT_INVALID', field: 'file' });
    expect(body.error.message).toContain('chưa tài khoản nào được tạo');
    const got = body.issues.map((i: { row: number; field: string; code: string }) => [i.row, i.field, i.code]);
    expect(got).toEqual([
      [3, 'schoolCode', 'school_outside_scope'],
      [5, 'email', 'email_duplicate_in_file'],
      [6, 'fullName', 'formula'],
      [7, 'fullName', 'control_chars'],
      [8, 'role', 'role_not_allowed'],
      [9, 'schoolCode', 'school_unknown'],
      [10, 'email', 'email_invalid'],
      [11, 'role', 'role_unknown'],
      [12, 'fullName', 'required'],
      [12, 'phone', 'phone_invalid'],
    ]);
    expect(body.issues[0].message).toBe(`Dòng 3, cột “Mã trường”: trường mã “${w.schools.sB.code}” nằm ngoài phạm vi bạn quản lý.`);
    expect(body.issues[1].message).toBe('Dòng 5, cột “Email”: email trùng với dòng 4 trong tệp.');
    expect(await countUsers()).toBe(before);

    // In English when the user chose it.
    const en = await upload(officer, file, { cookie: `${officer.cookie}; ct_lang=en` });
    expect(en.json().issues[0].message).toBe(`Row 3, column “School code”: the school “${w.schools.sB.code}” is outside what you manage.`);
  });

  it('refuses an e-mail that already has an account', async () => {
    const officer = await signIn(w.users.officerA);
    const existing = await t.db.selectFrom('app_user').select('email').where('id', '=', w.users.teacherA.id).executeTakeFirstOrThrow();
    const email = existing.email ?? 'gv.co.roi@truong.example.vn';
    if (!existing.email) await t.db.updateTable('app_user').set({ email }).where('id', '=', w.users.teacherA.id).execute();
    const res = await upload(officer, await fromTemplate(officer, [[w.schools.sA.code, 'Người Mới', email.toUpperCase(), 'Giáo viên', null]]));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { row: number; field: string; code: string }) => [i.row, i.field, i.code])).toEqual([[2, 'email', 'email_taken']]);
  });
});

describe('a school leader', () => {
  it('imports teachers into its own school only, never a leader or an admin, nor into another school', async () => {
    const leader = await signIn(w.users.leaderA);
    const before = await countUsers();
    const bad = await fromTemplate(leader, [
      [w.schools.sA.code, 'Giáo Viên Mới', mail(), 'Giáo viên', null],
      [w.schools.sA.code, 'Hiệu Trưởng Mới', mail(), 'Hiệu trưởng', null],
      [w.schools.sA.code, 'Quản Trị Mới', mail(), 'admin', null],
      [w.schools.sA2.code, 'Trường Khác', mail(), 'Giáo viên', null],
    ]);
    const res = await upload(leader, bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { row: number; field: string; code: string }) => [i.row, i.field, i.code])).toEqual([
      [3, 'role', 'role_not_allowed'],
      [4, 'role', 'role_not_allowed'],
      [5, 'schoolCode', 'school_outside_scope'],
    ]);
    expect(await countUsers()).toBe(before);

    const ok = await upload(leader, await fromTemplate(leader, [[w.schools.sA.code, 'Giáo Viên Mới', mail(), 'teacher', null]]));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await countUsers()).toBe(before + 1);
  });

  it('a teacher may not import', async () => {
    const teacher = await signIn(w.users.teacherA);
    expect((await t.as(teacher)('GET', '/api/users/import-template.xlsx')).statusCode).toBe(403);
    expect((await upload(teacher, Buffer.from('x'))).statusCode).toBe(403);
  });
});

describe('files that cannot be read', () => {
  it('refuses a corrupt, a truncated, a huge and an empty file clearly, creating nothing', async () => {
    const admin = await signIn(w.users.admin);
    const before = await countUsers();
    const corrupt = await upload(admin, Buffer.from('PK\u0003\u0004 not really a workbook'));
    expect(corrupt.statusCode).toBe(400);
    expect(corrupt.json().error).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    const good = await fromTemplate(admin, [[w.schools.sA.code, 'Ai Đó', mail(), 'Giáo viên', null]]);
    expect((await upload(admin, truncatedZip(good))).json().error.code).toMatch(/^IMPORT_FILE_/u);
    const huge = await upload(admin, oneHugeCell());
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.code).toMatch(/^IMPORT_FILE_(PART_)?TOO_LARGE$/u);
    const tooBig = await upload(admin, Buffer.alloc(6 * 1024 * 1024, 1));
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE', field: 'file' });
    const empty = await upload(admin, await fromTemplate(admin, []));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues[0]).toMatchObject({ row: 1, code: 'empty' });
    expect(await countUsers()).toBe(before);
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
