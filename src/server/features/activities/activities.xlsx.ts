/**
 * Activities as an Excel workbook: one row per activity (with its participant totals), and one
 * row per activity and school taking part (teachers, staff, students, named people), so that
 * the department's sums can be checked on paper. Every text passes `safeCell`.
 */
import ExcelJS from 'exceljs';
import { formatDate } from '#src/core/vn/format.ts';
import { safeCell } from '#src/server/xlsx/safe-cell.ts';

const FONT = 'Times New Roman';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };

const STATUS_VI: Record<string, string> = { planned: 'Dự kiến', done: 'Đã thực hiện', reported: 'Đã báo cáo', cancelled: 'Đã hủy' };
const MODE_VI: Record<string, string> = { 'in-person': 'Trực tiếp', online: 'Trực tuyến' };

export interface ExportActivity {
  id: string;
  schoolYear: string;
  startsOn: string;
  endsOn: string | null;
  kindName: string;
  title: string;
  pairName: string;
  hostName: string | null;
  mode: string;
  place: string | null;
  subject: string | null;
  status: string;
  overdue: boolean;
  outcome: string | null;
  participants: { schoolName: string; teachers: number; staff: number; students: number; people: string[] }[];
}

function sheetWith(wb: ExcelJS.Workbook, name: string, title: string, header: string[], widths: number[]) {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { name: FONT, bold: true, size: 14 };
  const h = sheet.getRow(3);
  h.values = header;
  h.font = { name: FONT, bold: true, size: 12 };
  h.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  h.eachCell((c) => (c.fill = HEADER_FILL));
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return sheet;
}

/** The workbook's bytes; `title` names what was exported ("Hoạt động kết nghĩa năm học 2025-2026"). */
export async function writeActivitiesWorkbook(activities: readonly ExportActivity[], title: string, madeAt: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Chung Tay';
  wb.created = wb.modified = madeAt;
  const list = sheetWith(
    wb,
    'Hoạt động',
    title,
    ['STT', 'Năm học', 'Từ ngày', 'Đến ngày', 'Loại hoạt động', 'Tên hoạt động', 'Cặp kết nghĩa', 'Trường chủ trì', 'Hình thức', 'Địa điểm', 'Môn học', 'Trạng thái', 'Giáo viên', 'Cán bộ, nhân viên', 'Học sinh', 'Kết quả'],
    [6, 12, 12, 12, 22, 40, 32, 32, 12, 28, 16, 16, 11, 11, 11, 50],
  );
  const people = sheetWith(
    wb,
    'Thành phần tham gia',
    title,
    ['STT hoạt động', 'Tên hoạt động', 'Ngày', 'Trường', 'Giáo viên', 'Cán bộ, nhân viên', 'Học sinh', 'Người tham gia'],
    [10, 40, 12, 32, 11, 11, 11, 50],
  );
  let n = 0;
  for (const a of activities) {
    n++;
    const sum = (k: 'teachers' | 'staff' | 'students') => a.participants.reduce((s, p) => s + p[k], 0);
    const row = list.addRow([
      n,
      a.schoolYear,
      formatDate(a.startsOn),
      a.endsOn ? formatDate(a.endsOn) : null,
      safeCell(a.kindName),
      safeCell(a.title),
      safeCell(a.pairName),
      safeCell(a.hostName),
      MODE_VI[a.mode] ?? a.mode,
      safeCell(a.place),
      safeCell(a.subject),
      `${STATUS_VI[a.status] ?? a.status}${a.overdue ? ' (quá hạn)' : ''}`,
      sum('teachers'),
      sum('staff'),
      sum('students'),
      safeCell(a.outcome),
    ]);
    row.font = { name: FONT, size: 12 };
    row.alignment = { vertical: 'top', wrapText: true };
    for (const p of a.participants) {
      const r = people.addRow([n, safeCell(a.title), formatDate(a.startsOn), safeCell(p.schoolName), p.teachers, p.staff, p.students, safeCell(p.people.join(', '))]);
      r.font = { name: FONT, size: 12 };
      r.alignment = { vertical: 'top', wrapText: true };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
