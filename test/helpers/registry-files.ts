import ExcelJS from 'exceljs';
import { parseSchoolSheet } from '#src/server/features/schools/school-sheet.ts';
import type { createTestApp, SignedIn } from './app.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type MessyRow = {
  code: string | number;
  name: string;
  level: string;
  district?: string;
  commune?: string;
  area?: string;
  students?: string | number;
  teachers?: string | number;
  principal?: string;
  phone?: string | number;
  email?: string;
  strengths?: string;
};

/**
 * A list as departments send it: a title block, a two-row header with merged
 * group cells ("Địa bàn", "Quy mô"), headers without diacritics or with (*),
 * the "(1) (2) …" column-number row, and a signature line under the table.
 */
export async function messyWorkbook(rows: MessyRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS truong');
  ws.getCell('A1').value = 'UBND THÀNH PHỐ HÀ NỘI';
  ws.getCell('A2').value = 'SỞ GIÁO DỤC VÀ ĐÀO TẠO';
  ws.mergeCells('A3:M3');
  ws.getCell('A3').value = 'DANH SÁCH CÁC TRƯỜNG THAM GIA PHONG TRÀO KẾT NGHĨA NĂM HỌC 2025-2026';
  const top = ['STT', 'Mã trường (*)', 'TEN TRUONG', 'Cấp  học', 'Địa bàn', null, null, 'Quy mô', null, 'Hiệu trưởng', 'SĐT', 'E-mail', 'Thế mạnh'];
  const bottom = [null, null, null, null, 'Quận/Huyện', 'Xa/Phuong', 'Khu vực', 'Số HS', 'Số giáo viên', null, null, null, null];
  ws.getRow(5).values = top;
  ws.getRow(6).values = bottom;
  for (const c of ['A', 'B', 'C', 'D', 'J', 'K', 'L', 'M']) ws.mergeCells(`${c}5:${c}6`);
  ws.mergeCells('E5:G5');
  ws.mergeCells('H5:I5');
  ws.getRow(7).values = ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)', '(11)', '(12)', '(13)'];
  rows.forEach((r, i) => {
    ws.getRow(8 + i).values = [
      i + 1,
      r.code,
      r.name,
      r.level,
      r.district ?? null,
      r.commune ?? null,
      r.area ?? null,
      r.students ?? null,
      r.teachers ?? null,
      r.principal ?? null,
      r.phone ?? null,
      r.email ?? null,
      r.strengths ?? null,
    ];
  });
  const end = 8 + rows.length + 1;
  ws.getCell(`J${end}`).value = 'Người lập biểu';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readSheet(file: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb;
}

/**
 * Start the import's parsing thread before the tests, as `createTestApp` starts the database:
 * under tsx a new thread compiles the parser's TypeScript first (5.5 s at load average 13, 35 s
 * at 15 on a two-core machine; 50 ms for each import after), which otherwise falls in the
 * first import's test and its 30 s. The app's imports use the same thread (one pool per process).
 */
export async function startParsingThread(): Promise<void> {
  await parseSchoolSheet(await messyWorkbook([{ code: 'THREAD-1', name: 'Trường Tiểu học A', level: 'TH', area: 'Nội thành' }]), []);
}

/**
 * Upload an .xlsx list as `user` through the real route and wait for the import job to end;
 * returns the job as the page reads it. `query` adds e.g. `&dryRun=true`.
 *
 * It waits as long as the job is queued or running: the test's own timeout is the bound. It
 * used to give up after 200 polls: about 10 s when the server answers them quickly, which says
 * nothing of how long the import needs (on a loaded machine, an import that follows one that
 * wrote schools shares the CPU with that import's VACUUM (ANALYZE) job; a file's first import
 * also starts the parsing thread, see `startParsingThread`).
 */
export async function importThroughApi(
  t: Awaited<ReturnType<typeof createTestApp>>,
  user: SignedIn,
  file: Buffer,
  query = '',
  fileName = 'danh sách.xlsx',
) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/schools/imports?fileName=${encodeURIComponent(fileName)}${query}`,
    payload: file,
    headers: { cookie: user.cookie, 'x-csrf-token': user.csrfToken, 'content-type': XLSX },
  });
  if (res.statusCode !== 202) throw new Error(`upload refused: ${res.statusCode} ${res.body}`);
  const id = (res.json() as { id: string }).id;
  for (;;) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const job = (await t.as(user)('GET', `/api/schools/imports/${id}`)).json() as any;
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
