/**
 * The generated registry of the benchmarks (bench/registry-import.ts, bench/http.ts): a messy
 * .xlsx of `rows` schools (title block, two-row merged header, text numbers with dot separators,
 * NFD names, mixed level spellings, old district + commune names) and the units it refers to.
 */
import ExcelJS from 'exceljs';
import type { openDatabase } from '#src/db/database.ts';

const DISTRICTS = 30;
const COMMUNES = 25;
const LEVELS = ['TH', 'Tiểu học', 'tiểu học', 'THCS', 'Trung học cơ sở', 'THPT', 'Mầm non', 'mầm non', 'Liên cấp', 'GDTX'];
const AREAS = ['Nội thành', 'Ngoại thành', 'NGOẠI THÀNH', 'Miền núi'];
const WORDS = ['Ái Mộ', 'Đoàn Kết', 'Nguyễn Trãi', 'Lê Lợi', 'Chu Văn An', 'Đống Đa', 'Hòa Bình', 'Quang Trung', 'Thăng Long', 'Ấp Bắc', 'Yên Hòa', 'Dương Xá'];

export async function generate(file: string, rows: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('Danh sach');
  ws.getRow(1).values = ['SỞ GIÁO DỤC VÀ ĐÀO TẠO'];
  ws.getRow(2).values = ['DANH SÁCH CÁC TRƯỜNG NĂM HỌC 2025-2026'];
  ws.getRow(4).values = ['STT', 'Mã trường (*)', 'TEN TRUONG', 'Cấp học', 'Địa bàn', null, null, 'Quy mô', null, 'Hiệu trưởng', 'SĐT', 'Email', 'Thế mạnh'];
  ws.getRow(5).values = [null, null, null, null, 'Quận/Huyện', 'Xa/Phuong', 'Khu vực', 'Số HS', 'Số GV', null, null, null, null];
  for (const c of ['A', 'B', 'C', 'D', 'J', 'K', 'L', 'M']) ws.mergeCells(`${c}4:${c}5`);
  ws.mergeCells('E4:G4');
  ws.mergeCells('H4:I4');
  for (let r = 1; r <= 5; r++) ws.getRow(r).commit();
  for (let i = 0; i < rows; i++) {
    const d = i % DISTRICTS;
    const c = Math.floor(i / DISTRICTS) % COMMUNES;
    const students = 200 + ((i * 37) % 2500);
    const name = `Trường  ${LEVELS[i % LEVELS.length]} ${WORDS[i % WORDS.length]} ${i + 1}`;
    const row = ws.getRow(6 + i);
    row.values = [
      i + 1,
      `BM-${String(i + 1).padStart(6, '0')} `,
      i % 3 === 0 ? name.normalize('NFD') : name,
      LEVELS[i % LEVELS.length],
      `Huyện Bench ${d + 1}`,
      `Xã ${WORDS[c % WORDS.length]} ${d + 1}-${c + 1}`,
      AREAS[i % AREAS.length],
      i % 2 ? students.toLocaleString('de-DE') : `${students} `,
      String(10 + (i % 90)),
      `Nguyễn Văn ${WORDS[(i + 3) % WORDS.length]}`,
      i % 4 ? `09${String(10_000_000 + i).slice(-8)}` : 900_000_000 + i,
      `truong${i + 1}@bench.edu.vn`,
      i % 5 === 0 ? 'Tiếng Anh (3); Chuyển đổi số' : null,
    ];
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

export async function seedUnits(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const province = await db.insertInto('admin_unit').values({ code: 'B01', name: 'Tỉnh Bench', kind: 'province', parent_id: null, valid_to: null, successor_id: null }).returning('id').executeTakeFirstOrThrow();
  for (let d = 0; d < DISTRICTS; d++) {
    const district = await db
      .insertInto('admin_unit')
      .values({ code: `B01-${d}`, name: `huyện Bench ${d + 1}`, kind: 'district', parent_id: province.id, valid_to: '2025-07-01', successor_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    // After the reform every five old communes became one new commune under the province.
    const merged: string[] = [];
    for (let m = 0; m < COMMUNES / 5; m++) {
      const n = await db
        .insertInto('admin_unit')
        .values({ code: `B01-N${d}-${m}`, name: `xã Bench Mới ${d + 1}-${m + 1}`, kind: 'commune', parent_id: province.id, valid_from: '2025-07-01', valid_to: null, successor_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      merged.push(n.id);
    }
    await db
      .insertInto('admin_unit')
      .values(
        Array.from({ length: COMMUNES }, (_, c) => ({
          code: `B01-${d}-${c}`,
          name: `xã ${WORDS[c % WORDS.length]} ${d + 1}-${c + 1}`,
          kind: 'commune' as const,
          parent_id: district.id,
          valid_to: '2025-07-01',
          successor_id: merged[Math.floor(c / 5)]!,
        })),
      )
      .execute();
  }
}

