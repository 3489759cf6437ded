/**
 * Importing users from Excel (issue 12): the template's columns and the check of each row, pure.
 * The server reads the sheet (src/server/xlsx helpers), adds what only the database knows (the
 * schools, the e-mails taken, the caller's authority) and creates the accounts all or nothing.
 */
import { z } from 'zod';
import { errorDto } from './errors.ts';
import { SCHOOL_ROLES, type Role } from './roles.ts';
import { foldForSearch } from './vn/text.ts';

export type Cell = string | number | boolean | Date | null | undefined;

export const USER_IMPORT_COLUMNS = [
  { key: 'schoolCode', label: 'Mã trường', required: true },
  { key: 'fullName', label: 'Họ và tên', required: true },
  { key: 'email', label: 'Email', required: true },
  { key: 'role', label: 'Vai trò', required: true },
  { key: 'phone', label: 'Số điện thoại', required: false },
] as const;
export type UserImportField = (typeof USER_IMPORT_COLUMNS)[number]['key'];

/** The roles a file may name, by the words people write (Vietnamese or English, any case, diacritics or not). */
const ROLE_WORDS: Record<string, Role> = {
  teacher: 'teacher',
  'giao vien': 'teacher',
  coordinator: 'school-coordinator',
  'dieu phoi vien': 'school-coordinator',
  leader: 'school-leader',
  'hieu truong': 'school-leader',
  'lanh dao': 'school-leader',
  'lanh dao nha truong': 'school-leader',
  'school leader': 'school-leader',
  'school coordinator': 'school-coordinator',
  // Named so that the refusal says "you may not grant this role" (an import makes school staff only).
  admin: 'department-admin',
  'department admin': 'department-admin',
  'quan tri': 'department-admin',
  'quan tri so gddt': 'department-admin',
  'area officer': 'area-officer',
  'can bo phong xa': 'area-officer',
};
export const ROLE_CHOICES = ['Giáo viên', 'Điều phối viên', 'Hiệu trưởng'] as const;

export interface UserImportIssue {
  row: number;
  field: UserImportField | null;
  code: string;
  params: Record<string, string | number>;
}

export interface UserImportRow {
  row: number;
  schoolCode: string;
  fullName: string;
  email: string;
  role: Role;
  phone: string | null;
}

/** A bad row as `POST /api/users/import` reports it: row, field and column, in the caller's language. */
export const userImportIssueDto = z.object({ row: z.number().int(), field: z.string().nullable(), column: z.string().nullable(), code: z.string(), message: z.string() });
export type UserImportIssueDto = z.infer<typeof userImportIssueDto>;

/** An account the import created. */
export const userImportCreatedDto = z.object({ row: z.number().int(), username: z.string(), email: z.string(), schoolCode: z.string(), role: z.string() });
export type UserImportCreatedDto = z.infer<typeof userImportCreatedDto>;

/** `POST /api/users/import`: 201 with the accounts created, or 400 with every bad row (nothing created). */
export const userImportResultDto = z.object({ created: z.array(userImportCreatedDto) });
export type UserImportResultDto = z.infer<typeof userImportResultDto>;
export const userImportInvalidDto = errorDto.extend({ issues: z.array(userImportIssueDto).optional() });
export type UserImportInvalidDto = z.infer<typeof userImportInvalidDto>;

export const USER_IMPORT_MAX_ROWS = 5000;
const MAX_NAME = 120;
const MAX_CELL = 200;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/u;
/** A text a spreadsheet would run as a formula (OWASP CSV/formula injection). */
const FORMULA = /^[=+\-@\t\r]/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const PHONE = /^\+?[0-9][0-9 .-]{6,18}[0-9]$/u;

const text = (c: Cell): string => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c));

/** The column of each field, read off the header row (labels folded: "ma truong", "Mã trường (*)"). */
export function headerColumns(cells: Cell[]): Map<UserImportField, number> {
  const out = new Map<UserImportField, number>();
  cells.forEach((c, i) => {
    const folded = foldForSearch(text(c).replace(/\(\*\)/gu, '')).trim();
    for (const col of USER_IMPORT_COLUMNS) {
      if (folded === foldForSearch(col.label).trim() || folded === foldForSearch(col.key).trim()) out.set(col.key, i);
    }
  });
  return out;
}

/**
 * Check every row of the sheet on its own (what the cells say), and the e-mails against each
 * other. Returns the rows read and every issue, each with its Excel row and field.
 */
export function checkUserRows(header: Map<UserImportField, number>, rows: { row: number; cells: Cell[] }[]): { rows: UserImportRow[]; issues: UserImportIssue[] } {
  const issues: UserImportIssue[] = [];
  for (const col of USER_IMPORT_COLUMNS) if (col.required && !header.has(col.key)) issues.push({ row: 1, field: col.key, code: 'column_missing', params: { column: col.label } });
  if (issues.length) return { rows: [], issues };
  const out: UserImportRow[] = [];
  const firstRowOfEmail = new Map<string, number>();
  for (const { row, cells } of rows) {
    const raw = (f: UserImportField) => (header.has(f) ? cells[header.get(f)!] : null);
    if (USER_IMPORT_COLUMNS.every((c) => text(raw(c.key)).trim() === '')) continue; // a blank row
    let ok = true;
    const bad = (field: UserImportField, code: string, params: Record<string, string | number> = {}) => {
      issues.push({ row, field, code, params });
      ok = false;
    };
    const value = (f: UserImportField): string | null => {
      const v = raw(f);
      const s = text(v);
      if (CONTROL.test(s)) {
        bad(f, 'control_chars');
        return null;
      }
      // A phone may start with +; no other cell may look like a formula.
      if (typeof v === 'string' && FORMULA.test(s.trimStart()) && !(f === 'phone' && PHONE.test(s.trim()))) {
        bad(f, 'formula');
        return null;
      }
      if (s.length > MAX_CELL) {
        bad(f, 'too_long', { max: MAX_CELL });
        return null;
      }
      return s.trim();
    };
    const schoolCode = value('schoolCode');
    const fullName = value('fullName');
    const email = value('email')?.toLowerCase() ?? null;
    const roleText = value('role');
    const phone = value('phone');
    for (const [f, v] of [['schoolCode', schoolCode], ['fullName', fullName], ['email', email], ['role', roleText]] as const) {
      if (v === '') bad(f, 'required');
    }
    if (fullName && fullName.length > MAX_NAME) bad('fullName', 'too_long', { max: MAX_NAME });
    if (email && !EMAIL.test(email)) bad('email', 'email_invalid');
    else if (email) {
      const first = firstRowOfEmail.get(email);
      if (first !== undefined) bad('email', 'email_duplicate_in_file', { other: first });
      else firstRowOfEmail.set(email, row);
    }
    const role = roleText ? ROLE_WORDS[foldForSearch(roleText).trim()] : undefined;
    if (roleText && !role) bad('role', 'role_unknown', { value: roleText, choices: ROLE_CHOICES.join(', ') });
    // An import makes school staff only: an admin or an area officer is never granted by a file.
    else if (role && !SCHOOL_ROLES.includes(role)) bad('role', 'role_not_allowed');
    if (phone && !PHONE.test(phone)) bad('phone', 'phone_invalid');
    if (ok && schoolCode && fullName && email && role && phone !== null) out.push({ row, schoolCode: schoolCode!, fullName: fullName!, email: email!, role: role!, phone: phone || null });
  }
  return { rows: out, issues };
}

/** A username for an imported person: the e-mail's local part in the usernames' alphabet, and a number when taken. */
export function importedUsername(email: string, n = 1): string {
  const local = email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9._-]+/gu, '.').replace(/^[._-]+|[._-]+$/gu, '');
  const base = (local.length >= 3 ? local : `gv.${local || 'user'}`).slice(0, 34);
  return n === 1 ? base : `${base}.${n}`;
}
