/**
 * Importing users from Excel (issue 12): a file of school staff (school code, full name, e-mail,
 * role, phone) checked as a whole and created all or nothing, in one transaction. Every bad row
 * is reported with its row and field, in the caller's language, and nothing is created. The file
 * is read with the registry's Excel helpers (zip checked first, first sheet streamed, rows and
 * cells bounded). Each account is made by `createUser` (the policy's `user.create`, its audit
 * rows and its invitation mail); one more audit row records the import.
 */
import ExcelJS from 'exceljs';
import { decide, personOf } from '#src/core/access/policy.ts';
import { authorize } from '#src/core/access/guard.ts';
import { DomainError } from '#src/core/errors.ts';
import { SCHOOL_ROLES } from '#src/core/roles.ts';
import { checkUserRows, headerColumns, importedUsername, ROLE_CHOICES, USER_IMPORT_COLUMNS, USER_IMPORT_MAX_ROWS, type Cell, type UserImportCreatedDto, type UserImportIssue, type UserImportIssueDto } from '#src/core/user-import.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { schoolFactsOn } from '#src/server/access/facts.repository.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { readFirstSheet, UnreadableFileError } from '#src/server/features/schools/schools.xlsx.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { inspectZip, type ZipLimits } from '#src/server/xlsx/inspect-zip.ts';
import { findSchoolsByCodes } from '#src/server/features/schools/schools.repository.ts';
import { findTakenEmails, findUserByUsername, updateAccount } from './users.repository.ts';
import { createUser } from './users.service.ts';

/** A staff list is small: a few MB of zip, unzipped to tens of MB at most. */
export const USER_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
const ZIP_LIMITS: ZipLimits = { maxTotalBytes: 50 * 1024 * 1024, maxEntryBytes: 40 * 1024 * 1024, maxEntries: 200 };
const MAX_CELL_CHARS = 2000;


export type UserImportOutcome =
  | { ok: true; created: UserImportCreatedDto[] }
  | { ok: false; issues: UserImportIssueDto[] };

export function issueDtos(locale: Locale, issues: UserImportIssue[]): UserImportIssueDto[] {
  return [...issues]
    .sort((a, b) => a.row - b.row)
    .map((i) => {
      const column = i.field ? translate(locale, `userImport.columns.${i.field}`) : null;
      const detail = translate(locale, `userImport.${i.code}`, i.params);
      return { row: i.row, field: i.field, column, code: i.code, message: translate(locale, column ? 'userImport.at' : 'userImport.atRow', { row: i.row, column, detail }) };
    });
}

/** Read the first sheet's rows, bounded; a file that is not a readable .xlsx is refused with the reason. */
async function readRows(file: Buffer): Promise<{ row: number; cells: Cell[] }[]> {
  if (file.length > USER_IMPORT_MAX_BYTES) throw new DomainError('IMPORT_FILE_TOO_LARGE', 400, { size: Math.ceil(file.length / 1048576), max: USER_IMPORT_MAX_BYTES / 1048576 }, 'file');
  await inspectZip(file, ZIP_LIMITS);
  const rows: { row: number; cells: Cell[] }[] = [];
  try {
    await readFirstSheet(file, (row, cells) => {
      if (rows.length > USER_IMPORT_MAX_ROWS) throw new DomainError('IMPORT_TOO_MANY_ROWS', 400, { max: USER_IMPORT_MAX_ROWS }, 'file');
      for (const c of cells) if (typeof c === 'string' && c.length > MAX_CELL_CHARS) throw new DomainError('IMPORT_CELL_TOO_LONG', 400, { cell: `${row}`, max: MAX_CELL_CHARS }, 'file');
      rows.push({ row, cells });
    });
  } catch (err) {
    if (err instanceof UnreadableFileError) throw new DomainError('IMPORT_FILE_UNREADABLE', 400, {}, 'file');
    throw err;
  }
  return rows;
}

/**
 * Check the whole file, then (when no row is wrong) create every account in `trx`. Returns the
 * issues instead when any row is wrong: the caller answers 400 and nothing was written.
 */
export async function importUsers(trx: Db, ctx: CallContext, input: { file: Buffer; fileName: string }, now: Date, locale: Locale): Promise<UserImportOutcome> {
  // Who may create accounts at all, before the file is read.
  authorize(ctx.actor, 'user.list');
  const all = await readRows(input.file);
  const headerAt = all.findIndex((r) => r.cells.some((c) => c !== null && c !== undefined && String(c).trim() !== ''));
  if (headerAt < 0) return { ok: false, issues: issueDtos(locale, [{ row: 1, field: null, code: 'empty', params: {} }]) };
  const header = headerColumns(all[headerAt]!.cells);
  const { rows, issues } = checkUserRows(header, all.slice(headerAt + 1));
  if (!issues.length && rows.length === 0) issues.push({ row: all[headerAt]!.row, field: null, code: 'empty', params: {} });
  if (issues.some((i) => i.code === 'column_missing')) return { ok: false, issues: issueDtos(locale, issues) };

  // What only the database knows: the schools, where they stand, the e-mails taken, the caller's authority.
  const codes = [...new Set(rows.map((r) => r.schoolCode))];
  const schools = await findSchoolsByCodes(trx, codes);
  const byCode = new Map(schools.map((s) => [s.code, s]));
  const facts = await schoolFactsOn(trx, schools.map((s) => s.id), isoDateInHanoi(now));
  const emails = rows.map((r) => r.email);
  const taken = new Set(await findTakenEmails(trx, emails));
  for (const r of rows) {
    const school = byCode.get(r.schoolCode);
    if (!school || school.status !== 'active') {
      issues.push({ row: r.row, field: 'schoolCode', code: school ? 'school_inactive' : 'school_unknown', params: { code: r.schoolCode } });
    } else if (!SCHOOL_ROLES.includes(r.role)) {
      issues.push({ row: r.row, field: 'role', code: 'role_not_allowed', params: {} });
    } else {
      const d = decide(ctx.actor, 'user.create', { accountRole: r.role, school: facts.get(school.id)! });
      if (!d.allowed) {
        const outside = d.kind === 'fact' && d.field === 'schoolId';
        issues.push(outside ? { row: r.row, field: 'schoolCode', code: 'school_outside_scope', params: { code: r.schoolCode } } : { row: r.row, field: 'role', code: 'role_not_allowed', params: {} });
      }
    }
    if (taken.has(r.email)) issues.push({ row: r.row, field: 'email', code: 'email_taken', params: {} });
  }
  if (issues.length) return { ok: false, issues: issueDtos(locale, issues) };

  const created: UserImportCreatedDto[] = [];
  const used = new Set<string>();
  for (const r of rows) {
    let username = '';
    for (let n = 1; ; n++) {
      username = importedUsername(r.email, n);
      if (!used.has(username) && !(await findUserByUsername(trx, username))) break;
    }
    used.add(username);
    const user = await createUser(
      trx,
      ctx,
      { username, displayName: r.fullName, email: r.email, role: r.role, schoolId: byCode.get(r.schoolCode)!.id, locale: 'vi' },
      now,
      { onboarding: true },
    );
    if (r.phone) await updateAccount(trx, user.id, { phone: r.phone });
    created.push({ row: r.row, username, email: r.email, schoolCode: r.schoolCode, role: r.role });
  }
  await recordAudit(trx, ctx, {
    action: 'user.import',
    entity: 'user_import',
    entityId: null,
    after: { fileName: input.fileName, rows: rows.length, created: created.map((c) => ({ username: c.username, school: c.schoolCode, role: c.role })), by: personOf(ctx.actor)?.username ?? null },
    schoolIds: [...new Set(rows.map((r) => byCode.get(r.schoolCode)!.id))],
  });
  return { ok: true, created };
}

/** The template: the columns (required ones marked *), a drop-down of roles, and a sheet of instructions. */
export async function userImportTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Tài khoản');
  ws.columns = USER_IMPORT_COLUMNS.map((c) => ({ header: c.required ? `${c.label} (*)` : c.label, key: c.key, width: c.key === 'fullName' || c.key === 'email' ? 32 : 18 }));
  ws.getRow(1).font = { bold: true, name: 'Times New Roman' };
  ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const roleCol = USER_IMPORT_COLUMNS.findIndex((c) => c.key === 'role') + 1;
  for (let r = 2; r <= 501; r++) {
    ws.getCell(r, roleCol).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${ROLE_CHOICES.join(',')}"`] };
    // Codes and phones are text (a leading 0 or + kept).
    ws.getCell(r, 1).numFmt = '@';
    ws.getCell(r, USER_IMPORT_COLUMNS.length).numFmt = '@';
  }
  const help = wb.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 110;
  for (const line of [
    'Mỗi dòng của trang "Tài khoản" là một người: mã trường (như trong danh sách trường), họ và tên, email, vai trò, số điện thoại (không bắt buộc).',
    `Vai trò: ${ROLE_CHOICES.join(', ')} (hoặc teacher, coordinator, leader). Hiệu trưởng chỉ nhập giáo viên và điều phối viên của trường mình.`,
    'Cả tệp được kiểm tra trước: nếu có dòng sai, không tài khoản nào được tạo và mỗi lỗi được báo kèm số dòng và cột.',
    'Mỗi người nhận thư mời đặt mật khẩu qua email (đường dẫn dùng một lần, 7 ngày).',
    `Tối đa ${USER_IMPORT_MAX_ROWS} dòng; ô không được bắt đầu bằng = + - @ (công thức), trừ số điện thoại dạng +84.`,
  ])
    help.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
