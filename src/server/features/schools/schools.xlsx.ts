/**
 * The registry's Excel files: reading an uploaded list row by row (streaming,
 * yielding to the event loop), the template, the export and the copy of a user's
 * file with the bad cells marked.
 */
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { DomainError } from '#src/core/errors.ts';
import { columnLetter, detectHeader, TEMPLATE_COLUMNS, templateHeaders, type Cell } from '#src/core/registry/import-sheet.ts';
import { AREA_TYPE_LABELS, LEVEL_LABELS, OWNERSHIP_LABELS } from '#src/core/registry/school.ts';
import { formatDate } from '#src/core/vn/format.ts';
import { useUtf8SafeReader } from '#src/server/xlsx/utf8-safe-reader.ts';
import { inspectZip, type ZipLimits } from '#src/server/xlsx/inspect-zip.ts';
import { safeCell } from '#src/server/xlsx/safe-cell.ts';

useUtf8SafeReader();

/** A cell's value as plain data: rich text joined, formulas by their result, links by their text. */
export function cellToPrimitive(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
    if ('result' in v) return cellToPrimitive(v.result);
    if ('formula' in v || 'sharedFormula' in v) return null;
    if ('text' in v) return cellToPrimitive(v.text);
    if ('error' in v) return null;
  }
  return String(value);
}

export class UnreadableFileError extends Error {}

/**
 * Read the first worksheet of an .xlsx file row by row, calling `onRow` with the
 * Excel row number and the cells (index 0 = column A). Yields to the event loop
 * every `yieldEvery` rows so that other requests keep being served.
 */
export async function readFirstSheet(
  file: Buffer,
  onRow: (row: number, cells: Cell[]) => void | Promise<void>,
  yieldEvery = 250,
): Promise<number> {
  if (file.length < 4 || file.readUInt32LE(0) !== 0x04034b50) throw new UnreadableFileError('not an xlsx (zip) file');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let seen = 0;
  let sheetIndex = 0;
  try {
    for await (const sheet of reader) {
      sheetIndex++;
      for await (const row of sheet) {
        if (sheetIndex !== 1) continue;
        const values = (row as unknown as { values: unknown[]; number: number }).values;
        const cells: Cell[] = [];
        for (let i = 1; i < values.length; i++) cells[i - 1] = cellToPrimitive(values[i]);
        await onRow((row as unknown as { number: number }).number, cells);
        if (++seen % yieldEvery === 0) await yieldToEventLoop();
      }
    }
  } catch (err) {
    // The caller's own refusals (a bound passed) go through as they are.
    if (err instanceof UnreadableFileError || err instanceof DomainError) throw err;
    throw new UnreadableFileError(err instanceof Error ? err.message : String(err));
  }
  return seen;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
const BAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const FONT = 'Times New Roman';

/** The row written for one school, in template column order. */
export interface ExportRow {
  code: string;
  name: string;
  shortName: string;
  level: string;
  ownership: string;
  province: string | null;
  district: string | null;
  commune: string | null;
  address: string | null;
  areaType: string;
  students: number | null;
  teachers: number | null;
  classes: number | null;
  principalName: string | null;
  phone: string | null;
  email: string | null;
  strengths: string;
  needs: string;
  latitude: number | null;
  longitude: number | null;
}

function rowValues(n: number, r: ExportRow): (string | number | null)[] {
  const byKey: Record<string, string | number | null> = {
    stt: n,
    code: r.code,
    name: r.name,
    shortName: r.shortName,
    level: LEVEL_LABELS[r.level as keyof typeof LEVEL_LABELS] ?? r.level,
    ownership: OWNERSHIP_LABELS[r.ownership as keyof typeof OWNERSHIP_LABELS] ?? r.ownership,
    province: r.province,
    district: r.district,
    commune: r.commune,
    address: r.address,
    areaType: AREA_TYPE_LABELS[r.areaType as keyof typeof AREA_TYPE_LABELS] ?? r.areaType,
    students: r.students,
    teachers: r.teachers,
    classes: r.classes,
    principal: r.principalName,
    phone: r.phone,
    email: r.email,
    strengths: r.strengths || null,
    needs: r.needs || null,
    latitude: r.latitude,
    longitude: r.longitude,
  };
  return TEMPLATE_COLUMNS.map((c) => byKey[c.key] ?? null);
}

const COLUMN_WIDTHS: Record<string, number> = { stt: 6, code: 14, name: 40, shortName: 22, address: 30, strengths: 36, needs: 36, email: 26, principal: 24 };

function styleHeader(sheet: ExcelJS.Worksheet, rowNumber: number) {
  const header = sheet.getRow(rowNumber);
  header.font = { name: FONT, bold: true, size: 12 };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
}

function setWidths(sheet: ExcelJS.Worksheet) {
  TEMPLATE_COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = COLUMN_WIDTHS[c.key] ?? 14;
  });
}

/**
 * The registry as .xlsx, streamed: a title block, the template's header, one row
 * per school. Rows come from `pages` so memory stays flat for 45,000 schools.
 */
export function writeExport(pages: AsyncIterable<ExportRow[]>, title: string, asOf: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  void (async () => {
    try {
      const sheet = workbook.addWorksheet('Danh sách trường', { views: [{ state: 'frozen', ySplit: 4 }] });
      setWidths(sheet);
      sheet.getRow(1).values = [title];
      sheet.getRow(1).font = { name: FONT, bold: true, size: 14 };
      sheet.getRow(1).commit();
      sheet.getRow(2).values = [`Số liệu tại ngày ${formatDate(asOf)}`];
      sheet.getRow(2).font = { name: FONT, italic: true };
      sheet.getRow(2).commit();
      sheet.getRow(4).values = templateHeaders();
      styleHeader(sheet, 4);
      sheet.getRow(4).commit();
      let n = 0;
      let rowNumber = 5;
      for await (const page of pages) {
        for (const r of page) {
          const row = sheet.getRow(rowNumber++);
          row.values = rowValues(++n, r);
          row.font = { name: FONT, size: 12 };
          row.commit();
        }
        await yieldToEventLoop();
      }
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** Names of the units valid on the template's date, for its drop-down lists (Vietnamese order, each name once). */
export interface TemplateUnits {
  provinces: string[];
  communes: string[];
}

/** Rows of the template that get drop-down lists (the header is row 4). */
export const TEMPLATE_LIST_ROWS = 2000;
export const TEMPLATE_LISTS_SHEET = 'Danh mục';

/**
 * The import template: the header with required columns marked (*), drop-down lists for
 * levels, ownership, area types, provinces and communes (from a sheet "Danh mục"), and a
 * sheet of accepted values. The lists only propose: other spellings the import accepts
 * ("TH", a pre-reform commune) are let through with a warning, not refused.
 */
export async function writeTemplate(areaNames: string[], units: TemplateUnits): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách trường', { views: [{ state: 'frozen', ySplit: 4 }] });
  setWidths(sheet);
  sheet.getCell('A1').value = 'DANH SÁCH TRƯỜNG';
  sheet.getCell('A1').font = { name: FONT, bold: true, size: 14 };
  sheet.getCell('A2').value = 'Các cột có dấu (*) là bắt buộc. Xem trang “Hướng dẫn” để biết các giá trị hợp lệ.';
  sheet.getCell('A2').font = { name: FONT, italic: true };
  sheet.getRow(4).values = templateHeaders();
  styleHeader(sheet, 4);
  addTemplateLists(workbook, sheet, units);

  const help = workbook.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 28;
  help.getColumn(2).width = 90;
  const lines: [string, string][] = [
    ['Cột', 'Giá trị chấp nhận'],
    ['Mã trường (*)', 'Mã định danh của trường; không trùng trong tệp. Nhập lại một mã đã có sẽ cập nhật trường đó.'],
    ['Tên trường (*)', 'Tên đầy đủ, ví dụ: Trường Tiểu học Ái Mộ B.'],
    ['Cấp học (*)', `${Object.values(LEVEL_LABELS).join(', ')} (chấp nhận cả TH, tiểu học, Trung học cơ sở, …).`],
    ['Loại hình', `${Object.values(OWNERSHIP_LABELS).join(', ')} (bỏ trống: Công lập).`],
    ['Quận/Huyện, Xã/Phường', 'Tên đơn vị hành chính, có hoặc không có chữ “quận”, “huyện”, “phường”, “xã”. Sau 01/07/2025 có thể bỏ trống Quận/Huyện.'],
    ['Khu vực (*)', `${Object.values(AREA_TYPE_LABELS).join(', ')}.`],
    ['Số HS, Số GV, Số lớp', 'Số nguyên không âm; chấp nhận dấu chấm phân cách hàng nghìn (1.234).'],
    ['Thế mạnh, Nhu cầu', 'Các lĩnh vực cách nhau bởi dấu “;”, mức 1–3 trong ngoặc (mặc định 2). Ví dụ: Tiếng Anh (Ngoại ngữ 1) (3); Chuyển đổi số (2).'],
    [
      'Vĩ độ, Kinh độ',
      'Vị trí của trường (độ thập phân, WGS 84), dùng để tính khoảng cách khi ghép cặp. Ví dụ: 21,0285 và 105,8542 (dấu phẩy hoặc dấu chấm đều được; chấp nhận cả 21°01\'42.6"N). Có thể thay hai cột bằng một cột “Tọa độ” dán từ bản đồ: 21.0285, 105.8542.',
    ],
    ['Các lĩnh vực', areaNames.join('; ')],
  ];
  lines.forEach((l, i) => {
    const row = help.getRow(i + 1);
    row.values = l;
    row.alignment = { wrapText: true, vertical: 'top' };
    row.font = { name: FONT, bold: i === 0 };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addTemplateLists(workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, units: TemplateUnits) {
  const lists: { key: string; title: string; values: string[] }[] = [
    { key: 'level', title: 'Cấp học', values: Object.values(LEVEL_LABELS) },
    { key: 'ownership', title: 'Loại hình', values: Object.values(OWNERSHIP_LABELS) },
    { key: 'areaType', title: 'Khu vực', values: Object.values(AREA_TYPE_LABELS) },
    { key: 'province', title: 'Tỉnh/Thành phố', values: units.provinces },
    { key: 'commune', title: 'Xã/Phường', values: units.communes },
  ];
  const listSheet = workbook.addWorksheet(TEMPLATE_LISTS_SHEET, { state: 'hidden' });
  lists.forEach((list, i) => {
    const col = i + 1;
    listSheet.getColumn(col).width = 30;
    listSheet.getCell(1, col).value = list.title;
    list.values.forEach((v, j) => {
      listSheet.getCell(j + 2, col).value = v;
    });
    const target = TEMPLATE_COLUMNS.findIndex((c) => c.key === list.key) + 1;
    if (target === 0 || list.values.length === 0) return;
    const letter = columnLetter(col);
    const validation: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`'${TEMPLATE_LISTS_SHEET}'!$${letter}$2:$${letter}$${list.values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: list.title,
      error: `Giá trị không có trong danh sách “${list.title}”. Xem trang “Hướng dẫn”.`,
    };
    for (let row = 5; row < 5 + TEMPLATE_LIST_ROWS; row++) sheet.getCell(row, target).dataValidation = validation;
  });
}

export interface MarkedIssue {
  row: number;
  cell: string | null;
  column: string | null;
  message: string;
}

/** The first rows of a loaded sheet as the streaming reader gives them (a merged range's value in its first cell only). */
function firstRows(sheet: ExcelJS.Worksheet, count = 30): { row: number; cells: Cell[] }[] {
  const rows: { row: number; cells: Cell[] }[] = [];
  sheet.eachRow((row, n) => {
    if (n > count) return;
    const cells: Cell[] = [];
    row.eachCell((cell, col) => {
      cells[col - 1] = cell.type === ExcelJS.ValueType.Merge ? null : cellToPrimitive(cell.value);
    });
    rows.push({ row: n, cells: Array.from(cells, (c) => c ?? null) });
  });
  return rows;
}

/**
 * The user's own file with every bad cell filled red and commented, a last column
 * "Lỗi" with the row's messages, and a sheet listing all errors.
 */
export async function writeMarkedCopy(file: Buffer, issues: MarkedIssue[]): Promise<Buffer> {
  const workbook = await loadForMarking(file);
  if (!workbook) return writeErrorList(new ExcelJS.Workbook(), issues, true);
  const sheet = workbook.worksheets[0]!;
  const errorColumn = Math.max(sheet.columnCount, 1) + 1;
  const byRow = new Map<number, string[]>();
  for (const i of issues) {
    const label = i.column ? `${i.column}: ${i.message}` : i.message;
    if (i.row > 0) byRow.set(i.row, [...(byRow.get(i.row) ?? []), label]);
    if (i.cell) {
      const cell = sheet.getCell(i.cell);
      cell.fill = BAD_FILL;
      cell.note = i.message;
    }
  }
  for (const [row, messages] of byRow) {
    const cell = sheet.getRow(row).getCell(errorColumn);
    cell.value = messages.join('\n');
    cell.font = { name: FONT, color: { argb: 'FF9C0006' } };
    cell.alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.getColumn(errorColumn).width = 60;
  // The heading goes in the header the import found (its rows, as the parser reads them:
  // merged cells only in their first cell), over both rows of a two-row header.
  const header = byRow.size ? detectHeader(firstRows(sheet)) : null;
  if (header) {
    const top = header.rows[0]!;
    const bottom = header.rows[header.rows.length - 1]!;
    const head = sheet.getRow(top).getCell(errorColumn);
    if (!head.value && ![...byRow.keys()].some((r) => r >= top && r <= bottom)) {
      if (bottom > top) sheet.mergeCells(top, errorColumn, bottom, errorColumn);
      head.value = 'Lỗi';
      head.font = { name: FONT, bold: true, color: { argb: 'FF9C0006' } };
      head.alignment = { vertical: 'middle', horizontal: 'center' };
    }
  }
  return writeErrorList(workbook, issues, false);
}

/**
 * The marked copy loads the whole file into memory on the app's thread, so only a file
 * small enough for that: the import itself reads bigger ones row by row in a bounded worker.
 */
const MARKED_COPY_LIMITS: ZipLimits = { maxTotalBytes: 40 * 1024 * 1024, maxEntryBytes: 40 * 1024 * 1024, maxEntries: 500 };

/** The user's workbook, or null when it is not one (a CSV, a corrupt zip) or too big to mark. */
async function loadForMarking(file: Buffer): Promise<ExcelJS.Workbook | null> {
  try {
    await inspectZip(file, MARKED_COPY_LIMITS);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    return workbook.worksheets.length ? workbook : null;
  } catch {
    return null;
  }
}

/** The sheet "Lỗi" listing every issue; alone, with a first line saying why, when the file could not be marked. */
async function writeErrorList(workbook: ExcelJS.Workbook, issues: MarkedIssue[], alone: boolean): Promise<Buffer> {
  const list = workbook.addWorksheet('Lỗi');
  list.columns = [
    { header: 'Dòng', key: 'row', width: 8 },
    { header: 'Ô', key: 'cell', width: 8 },
    { header: 'Cột', key: 'column', width: 20 },
    { header: 'Lỗi', key: 'message', width: 90 },
  ];
  list.getRow(1).font = { name: FONT, bold: true };
  if (alone) {
    list.addRow({ message: 'Tệp đã tải lên không đọc được như một bảng Excel (hoặc quá lớn) nên không đánh dấu được ô lỗi trên tệp gốc; các lỗi được liệt kê dưới đây.' });
  }
  for (const i of issues) list.addRow({ row: i.row || '', cell: i.cell ?? '', column: i.column ?? '', message: safeCell(i.message) });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
