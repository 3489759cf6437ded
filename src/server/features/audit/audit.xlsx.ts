/**
 * The audit rows as an Excel workbook: one row per change record, with its time (Hanoi), who,
 * what, the schools and the pair it concerns, the changes as lines (each field named in words, as
 * the page names it), and before and after as JSON. Every text passes `safeCell` (a value starting with "=" is never run as a formula).
 */
import ExcelJS from 'exceljs';
import { changeLines } from '#src/core/audit/diff.ts';
import { auditFieldLabel } from '#src/core/audit/field-labels.ts';
import { formatCount, formatDate, formatDateTime } from '#src/core/vn/format.ts';
import { safeCell } from '#src/server/xlsx/safe-cell.ts';
import type { AuditEntryDto } from '#src/core/audit/dto.ts';

const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
/** Excel keeps at most 32,767 characters in a cell. */
const CELL_MAX = 32_000;
const cellText = (s: string) => safeCell(s.length > CELL_MAX ? `${s.slice(0, CELL_MAX)}…` : s);
const json = (v: unknown) => (v === null || v === undefined ? '' : cellText(JSON.stringify(v)));
/**
 * A changed field named as the audit page names it (field-labels.ts). The workbook is in
 * Vietnamese, like every other export but the matching run's, whatever the reader's language.
 */
const label = (path: string) => auditFieldLabel(path, 'vi');

export async function writeAuditWorkbook(
  rows: readonly AuditEntryDto[],
  meta: { madeAt: Date; cut: boolean; from: string | null; to: string | null },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Chung Tay';
  wb.created = wb.modified = meta.madeAt;
  const sheet = wb.addWorksheet('Nhật ký', { views: [{ state: 'frozen', ySplit: 3 }] });
  const range = meta.from || meta.to ? ` (${meta.from ? `từ ${formatDate(meta.from)}` : ''}${meta.from && meta.to ? ' ' : ''}${meta.to ? `đến ${formatDate(meta.to)}` : ''})` : '';
  sheet.getCell(1, 1).value = `Nhật ký thay đổi${range} — lập lúc ${formatDateTime(meta.madeAt)}${meta.cut ? ` — chỉ ${formatCount(rows.length)} dòng mới nhất, hãy lọc hẹp hơn` : ''}`;
  sheet.getCell(1, 1).font = { name: FONT, bold: true, size: 14 };
  const header = sheet.getRow(3);
  header.values = ['STT', 'Thời gian', 'Người thực hiện', 'Tài khoản', 'Hành động', 'Đối tượng', 'Mã đối tượng', 'Trường liên quan', 'Cặp kết nghĩa', 'Thay đổi', 'Trước', 'Sau'];
  header.font = { name: FONT, bold: true, size: 12 };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((c) => (c.fill = HEADER_FILL));
  [6, 18, 28, 18, 24, 18, 38, 40, 40, 60, 50, 50].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  let n = 0;
  for (const r of rows) {
    n++;
    const row = sheet.addRow([
      n,
      formatDateTime(new Date(r.at)),
      cellText(r.actorName ?? ''),
      cellText(r.actor ?? ''),
      cellText(r.action),
      cellText(r.entity),
      cellText(r.entityId ?? ''),
      cellText(r.schools.map((s) => s.name ?? s.id).join('; ')),
      cellText(r.pair ? (r.pair.label ?? r.pair.id) : ''),
      cellText(changeLines(r.changes, label).join('\n') + (r.changesTruncated ? '\n…' : '')),
      json(r.before),
      json(r.after),
    ]);
    row.font = { name: FONT, size: 11 };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
