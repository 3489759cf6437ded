import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { officialUnitNamed } from '../factories/official-units.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool, type FactorySchool, type SchoolOverrides } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { importThroughApi, messyWorkbook, readSheet, startParsingThread, XLSX, type MessyRow } from '../helpers/registry-files.ts';

// 23 November 2026: after the reform of 1 July 2025.
const now = new Date('2026-11-23T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });
await startParsingThread();
const departmentAdmin = await createDepartmentAdmin(t.db);
const admin = await t.signIn(departmentAdmin.username, FACTORY_PASSWORD);
const asAdmin = t.as(admin);

const upload = (file: Buffer, query = '') => importThroughApi(t, admin, file, query);

async function list(query: string, user: SignedIn = admin) {
  const res = await t.as(user)('GET', `/api/schools?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; code: string; name: string; students: number | null; units: { name: string }[] }[]; total: number };
}

const nfd = (s: string) => s.normalize('NFD');

const messy: MessyRow[] = [
  { code: 'HN-TH-001', name: nfd('Trường  Tiểu học Đoàn Thị Điểm '), level: 'TH', district: 'Quận Long Biên', commune: 'P. Bồ Đề', area: 'Nội thành', students: '1.234 ', teachers: ' 56', principal: nfd('Lê  Thị Hà'), phone: 912345678, email: 'DTD@hanoi.edu.vn', strengths: 'Tiếng Anh (3); chuyen doi so' },
  { code: 'HN-TH-002', name: 'Trường Tiểu học Đông Ngạc', level: 'tiểu học', district: 'huyện Mê Linh', commune: 'Chu Phan', area: 'ngoai thanh', students: 812, teachers: '40' },
  { code: ' HN-THCS-003 ', name: 'Trường THCS Dương Xá', level: 'Trung học cơ sở', district: '', commune: 'xã Yên Lãng', area: 'NGOẠI THÀNH', students: '2,005', teachers: 90 },
  { code: 'HN-THPT-004', name: 'Trường THPT Ấp Bắc', level: 'THPT', commune: 'Phường Nơi Không Có', area: 'Nội thành', students: '' },
  { code: 'HN-MN-005', name: 'Trường Mầm non Hoa Sen', level: 'mầm non', district: 'Thanh Xuân', commune: 'Nhân Chính', area: 'Nội thành', students: '350' },
];

describe('importing the Excel lists departments send', () => {
  it('reads a messy file (title rows, two-row merged header, text numbers, NFD, mixed level spellings) and creates exactly those schools', async () => {
    const schoolsBefore = (await list('status=all&limit=1')).total;
    const dry = await upload(await messyWorkbook(messy), '&dryRun=true');
    expect(dry).toMatchObject({ status: 'succeeded', dryRun: true, created: 5, updated: 0, errorCount: 0 });
    expect(dry.changes.map((c: { code: string; action: string }) => `${c.code}:${c.action}`)).toEqual([
      'HN-TH-001:create',
      'HN-TH-002:create',
      'HN-THCS-003:create',
      'HN-THPT-004:create',
      'HN-MN-005:create',
    ]);
    // A dry run creates nothing.
    expect((await list('status=all&limit=1')).total).toBe(schoolsBefore);
    expect((await list('q=HN-TH-001')).total).toBe(0);

    const job = await upload(await messyWorkbook(messy));
    expect(job).toMatchObject({ status: 'succeeded', dryRun: false, created: 5, updated: 0, errorCount: 0, totalRows: 5 });
    // The unknown commune is kept as written, with a warning, not an error; the signature line
    // under the table is skipped, and said to be.
    // Phường Nhân Chính was divided on 01/07/2025 and the row gives no position: the candidates are listed.
    expect(job.warnings).toEqual([
      expect.objectContaining({ row: 11, column: 'Xã/Phường', code: 'unit_not_found' }),
      expect.objectContaining({ row: 12, column: 'Xã/Phường', code: 'unit_divided', message: expect.stringContaining('phường Yên Hòa') }),
      expect.objectContaining({ row: 14, code: 'skipped_row', message: expect.stringContaining('“Người lập biểu”') }),
    ]);
    expect(job.warnings[0].message).toContain('Phường Nơi Không Có');

    const all = await list('q=HN&sort=code&limit=50');
    all.items = all.items.filter((s) => s.code.startsWith('HN-'));
    expect(all.items.map((s) => s.code)).toEqual(['HN-MN-005', 'HN-TH-001', 'HN-TH-002', 'HN-THCS-003', 'HN-THPT-004']);
    const dtd = all.items.find((s) => s.code === 'HN-TH-001')!;
    const profile = (await asAdmin('GET', `/api/schools/${dtd.id}`)).json();
    expect(profile).toMatchObject({
      name: 'Trường Tiểu học Đoàn Thị Điểm',
      shortName: 'TH Đoàn Thị Điểm',
      level: 'primary',
      areaType: 'inner-city',
      students: 1234,
      teachers: 56,
      principalName: 'Lê Thị Hà',
      phone: '0912345678',
      email: 'dtd@hanoi.edu.vn',
    });
    expect(profile.name).toBe(profile.name.normalize('NFC'));
    expect(profile.strengths).toEqual([
      { areaCode: 'english', level: 3, note: null },
      { areaCode: 'digital-transformation', level: 2, note: null },
    ]);
    // Listed with the 2023 ward of Long Biên; today that is the new phường Bồ Đề under the city.
    expect(profile.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Phường Bồ Đề']);
    const in2023 = (await asAdmin('GET', `/api/schools/${dtd.id}?asOf=2023-03-13`)).json();
    expect(in2023.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Quận Long Biên', 'Phường Bồ Đề']);

    const levels = Object.fromEntries(all.items.map((s) => [s.code, (s as unknown as { level: string }).level]));
    expect(levels).toEqual({ 'HN-MN-005': 'preschool', 'HN-TH-001': 'primary', 'HN-TH-002': 'primary', 'HN-THCS-003': 'lower-secondary', 'HN-THPT-004': 'upper-secondary' });
    expect(all.items.find((s) => s.code === 'HN-THCS-003')!.students).toBe(2005);
  });

  it('refuses a file with bad rows as a whole, reports every row, and gives back the file with the bad cells marked', async () => {
    const before = (await list('status=all&limit=1')).total;
    const bad = await messyWorkbook([
      { code: 'HN-X-1', name: 'Trường Tiểu học A', level: 'TH', area: 'Nội thành', students: '12a' },
      { code: '', name: 'Trường Tiểu học B', level: 'TH', area: 'Nội thành' },
      { code: 'HN-X-3', name: 'Trường C', level: 'Đại học', area: 'Nội thành' },
      { code: 'HN-X-1', name: 'Trường Tiểu học D', level: 'TH', area: 'Nội thành' },
      { code: 'HN-X-5', name: 'Trường Tiểu học E', level: 'TH', area: 'Nội thành' },
    ]);
    const job = await upload(bad);
    expect(job.status, JSON.stringify(job.error)).toBe('rejected');
    expect(job.created).toBe(0);
    expect(job.errors.map((e: { row: number; column: string; cell: string }) => [e.row, e.column, e.cell])).toEqual([
      [8, 'Số HS', 'H8'],
      [9, 'Mã trường', 'B9'],
      [10, 'Cấp học', 'D10'],
      [11, 'Mã trường', 'B11'],
    ]);
    expect(job.errors[0].message).toBe('Số HS “12a” không phải là số nguyên không âm.');
    expect(job.errors[1].message).toBe('Thiếu Mã trường.');
    expect(job.errors[2].message).toContain('Cấp học “Đại học” không hợp lệ');
    expect(job.errors[3].message).toBe('Mã trường “HN-X-1” bị trùng với dòng 8.');
    expect((await list('status=all&limit=1')).total).toBe(before);

    const report = await asAdmin('GET', `/api/schools/imports/${job.id}/report.xlsx`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe(XLSX);
    const wb = await readSheet(report.rawPayload);
    const ws = wb.worksheets[0]!;
    expect((ws.getCell('H8').fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(ws.getCell('H8').note ?? '')).toContain('12a');
    expect(String(ws.getRow(10).getCell(14).value)).toContain('Cấp học');
    expect(wb.getWorksheet('Lỗi')!.rowCount).toBe(5);
  });

  it('heads the marked copy’s "Lỗi" column in the file’s own header row, not above the first bad row', async () => {
    // Header on rows 5–6, column numbers on row 7, data on rows 8–10; the only error is on row 9.
    const job = await upload(
      await messyWorkbook([
        { code: 'HN-Z-1', name: 'Trường Tiểu học Z1', level: 'TH', area: 'Nội thành' },
        { code: 'HN-Z-2', name: 'Trường Tiểu học Z2', level: 'TH', area: 'Nội thành', students: 'nhiều' },
        { code: 'HN-Z-3', name: 'Trường Tiểu học Z3', level: 'TH', area: 'Nội thành' },
      ]),
    );
    expect(job.status).toBe('rejected');
    expect(job.errors.map((e: { row: number }) => e.row)).toEqual([9]);
    const report = await asAdmin('GET', `/api/schools/imports/${job.id}/report.xlsx`);
    const ws = (await readSheet(report.rawPayload)).worksheets[0]!;
    const col = 14; // the file has 13 columns (A–M)
    expect(ws.getRow(5).getCell(col).value).toBe('Lỗi');
    expect(ws.getRow(8).getCell(col).value ?? null).toBeNull();
    expect(String(ws.getRow(9).getCell(col).value)).toContain('Số HS');
    expect(ws.getRow(10).getCell(col).value ?? null).toBeNull();
    for (const r of [1, 2, 3, 4, 7]) expect(ws.getRow(r).getCell(col).value ?? null, `row ${r}`).toBeNull();
  });

  it('names a missing required column and refuses a file that is not Excel', async () => {
    const missing = await upload(
      await messyWorkbook([{ code: 'HN-Y-1', name: 'Trường Tiểu học Y', level: 'TH' }]).then(async (b) => {
        const wb = await readSheet(b);
        const ws = wb.worksheets[0]!;
        ws.getCell('G6').value = 'Ghi chú';
        return Buffer.from(await wb.xlsx.writeBuffer());
      }),
    );
    expect(missing.status).toBe('rejected');
    expect(missing.errors[0]).toMatchObject({ column: 'Khu vực', message: 'Thiếu cột bắt buộc “Khu vực”.' });

    const notExcel = await upload(Buffer.from('STT;Mã trường\n1;X\n'));
    expect(notExcel.status).toBe('rejected');
    expect(notExcel.errors[0].message).toContain('cần tệp Excel .xlsx');
    // Its report cannot mark a file that is not a workbook: it is the list of errors alone, not a 500.
    const report = await asAdmin('GET', `/api/schools/imports/${notExcel.id}/report.xlsx`);
    expect(report.statusCode, report.body.slice(0, 200)).toBe(200);
    const wb = await readSheet(report.rawPayload);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Lỗi']);
    const messages: string[] = [];
    wb.getWorksheet('Lỗi')!.eachRow((row) => messages.push(String(row.getCell(4).value ?? row.getCell(1).value)));
    expect(messages.join('\n')).toContain('cần tệp Excel .xlsx');
    expect(messages.join('\n')).toContain('không đánh dấu được');
  });

  it('re-importing updates schools by code, with no duplicates', async () => {
    const rows: MessyRow[] = [
      { code: 'RE-TH-1', name: 'Trường Tiểu học Phù Lỗ', level: 'TH', district: 'huyện Sóc Sơn', area: 'ngoai thanh', students: 700, principal: 'Lê Văn Tâm' },
      { code: 'RE-TH-2', name: 'Trường Tiểu học Tiên Dược', level: 'TH', district: 'huyện Sóc Sơn', area: 'ngoai thanh', students: 812, teachers: '40' },
      { code: 'RE-THCS-3', name: 'Trường THCS Mai Đình', level: 'THCS', district: 'huyện Sóc Sơn', area: 'ngoai thanh', students: '1.005' },
    ];
    expect(await upload(await messyWorkbook(rows))).toMatchObject({ status: 'succeeded', created: 3 });
    const changed = rows.map((r) => (r.code === 'RE-TH-2' ? { ...r, students: '900', principal: 'Phạm Văn Nam' } : r));
    const job = await upload(await messyWorkbook(changed));
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 2 });
    expect(job.changes).toEqual([{ row: 9, code: 'RE-TH-2', name: 'Trường Tiểu học Tiên Dược', action: 'update', fields: ['Số HS', 'Hiệu trưởng'] }]);
    const found = await list('q=RE-TH-2');
    expect(found.total).toBe(1);
    expect(found.items[0]!.students).toBe(900);
  });

  it('export then import changes nothing, and exporting again gives the same rows', async () => {
    // Schools with their profile filled in, in an official commune and in one of a test's own.
    await createSchool(t.db, { unit: await officialUnitNamed(t.db, 'Phường Bồ Đề'), name: 'Trường Tiểu học Xuất Khẩu', students: 640, teachers: 31, principalName: 'Trần Thị Mai', phone: '0243 827 1234', email: 'xuatkhau@hanoi.edu.vn', strengths: [{ areaCode: 'english', level: 3 }] });
    await createSchool(t.db, { level: 'lower-secondary', areaType: 'mountainous', students: 410 });
    const exported = await asAdmin('GET', '/api/schools/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const rowsOf = async (file: Buffer) => {
      const ws = (await readSheet(file)).worksheets[0]!;
      const out: unknown[][] = [];
      ws.eachRow((row, n) => {
        if (n >= 4) out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    const first = await rowsOf(exported.rawPayload);
    expect(first[0]).toContain('Mã trường (*)');
    expect(first.length).toBe(1 + (await list('limit=1')).total);
    const job = await upload(exported.rawPayload);
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 0 });
    const again = await asAdmin('GET', '/api/schools/export.xlsx');
    expect(await rowsOf(again.rawPayload)).toEqual(first);
  });

  it('the CLI imports with --json, exits non-zero on a refused file, and exports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chungtay-cli-'));
    const good = join(dir, 'good.xlsx');
    await writeFile(good, await messyWorkbook([{ code: 'CLI-1', name: 'Trường Tiểu học Kim Liên', level: 'TH', area: 'Nội thành', students: '1.000' }]));
    const dry = await runCli(['--json', 'schools', 'import', good, '--dry-run'], { DATABASE_URL: t.url });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, dryRun: true, created: 1, updated: 0, errors: [] });
    const real = await runCli(['--json', 'schools', 'import', good], { DATABASE_URL: t.url });
    expect(JSON.parse(real.stdout)).toMatchObject({ ok: true, created: 1 });

    const bad = join(dir, 'bad.xlsx');
    await writeFile(bad, await messyWorkbook([{ code: 'CLI-2', name: 'Trường X', level: 'Đại học', area: 'Nội thành' }]));
    const refused = await runCli(['--json', 'schools', 'import', bad], { DATABASE_URL: t.url });
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, created: 0, errors: [{ row: 8, column: 'Cấp học' }] });

    const out = join(dir, 'export.xlsx');
    const exported = await runCli(['--json', 'schools', 'export', out], { DATABASE_URL: t.url });
    expect(exported.code, exported.stderr).toBe(0);
    const ws = (await readSheet(await readFile(out))).worksheets[0]!;
    const codes: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 4) codes.push(String(row.getCell(2).value));
    });
    expect(codes).toContain('CLI-1');
    // Four processes, each starting tsx and a parsing thread: minutes on a loaded two-core machine.
  }, 180_000);
});

// The schools the search tests look for (names other than the imports' above, which would be said
// to repeat them), under codes with "DEMO" in them so that "mo" and "d" inside a code are tried.
// TH Ái Mộ B and TH Chu Phan are paired.
const named = (code: string, name: string, overrides: SchoolOverrides = {}) => createSchool(t.db, { code, name, ...overrides });
const s = {
  aimob: await named('DEMO-TH-AIMOB', 'Trường Tiểu học Ái Mộ B'),
  aimoa: await named('CLI-TH-1', 'Trường Tiểu học Ái Mộ A'),
  batrai: await named('DEMO-TH-BATRAI', 'Trường Tiểu học Ba Trại', { areaType: 'mountainous' }),
  bode: await named('DEMO-TH-BODE', 'Trường Tiểu học Bồ Đề'),
  chuphan: await named('DEMO-TH-CHUPHAN', 'Trường Tiểu học Chu Phan', { areaType: 'suburban' }),
  doan: await named('DEMO-TH-DOANKET', 'Trường Tiểu học Đoàn Kết'),
  dong: await named('DEMO-TH-DONGANH', 'Trường Tiểu học Đông Anh', { areaType: 'suburban' }),
  duong: await named('DEMO-THCS-DUONGNOI', 'Trường THCS Dương Nội', { level: 'lower-secondary', areaType: 'suburban' }),
  thnc: await named('DEMO-TH-NHANCHINH', 'Trường Tiểu học Nhân Chính'),
  thptnc: await named('DEMO-THPT-NHANCHINH', 'Trường THPT Nhân Chính', { level: 'upper-secondary' }),
  anthi: await named('DEMO-THPT-ANTHI', 'Trường THPT Ân Thi', { level: 'upper-secondary' }),
} satisfies Record<string, FactorySchool>;
await createPair(t.db, { state: 'active', schools: [s.chuphan, s.aimob], now });
const ours = (items: { id: string }[]) => {
  const ids = new Set(Object.values(s).map((x) => x.id));
  return items.filter((x) => ids.has(x.id)).map((x) => x.id);
};

describe('searching and sorting in Vietnamese', () => {
  it('finds TH Ái Mộ B however it is typed, first', async () => {
    for (const q of ['ai mo b', 'Ái Mộ B', 'AI MO B', 'aimob']) {
      const r = await list(`q=${encodeURIComponent(q)}`);
      expect(r.items[0]?.name, q).toBe('Trường Tiểu học Ái Mộ B');
    }
    // "Ái Mộ A" matches the words too, but ranks after the name match.
    const r = await list(`q=${encodeURIComponent('ái mộ')}`);
    expect(r.items.map((x) => x.name).slice(0, 2)).toEqual(['Trường Tiểu học Ái Mộ A', 'Trường Tiểu học Ái Mộ B']);
  });

  it('matches each word at the start of a word of the name, not inside other words or in the code', async () => {
    const aimob = await list(`q=${encodeURIComponent('ai mo b')}`);
    expect(aimob.items.map((x) => x.code)).toEqual(['DEMO-TH-AIMOB']);
    expect(aimob.items.map((x) => x.code)).not.toContain('DEMO-TH-BATRAI');
    // "d" is a word start of Đoàn, Đông, Dương, Đề, not of every code "DEMO-…".
    const all = (await list('status=all&limit=1')).total;
    const d = await list('q=d&limit=100');
    expect(d.total).toBeLessThan(all);
    expect(d.items.map((x) => x.name)).toEqual(expect.arrayContaining(['Trường Tiểu học Đoàn Kết', 'Trường Tiểu học Đông Anh', 'Trường Tiểu học Bồ Đề', 'Trường THCS Dương Nội']));
    expect(d.items.map((x) => x.name)).not.toContain('Trường Tiểu học Chu Phan');
    expect(d.items.map((x) => x.name)).not.toContain('Trường Tiểu học Ái Mộ B');
    // Neither "ai" inside "trại" nor "mo" inside "demo".
    expect((await list('q=rai')).items.map((x) => x.code)).not.toContain('DEMO-TH-BATRAI');
    expect((await list('q=mo')).items.map((x) => x.name)).toEqual(['Trường Tiểu học Ái Mộ A', 'Trường Tiểu học Ái Mộ B']);
    // Codes match by prefix or exactly, the compact form still works, and a name prefix ranks above words.
    expect((await list('q=DEMO-TH-AIM')).items.map((x) => x.code)).toEqual(['DEMO-TH-AIMOB']);
    expect((await list('q=aimo')).items.map((x) => x.name)).toEqual(['Trường Tiểu học Ái Mộ A', 'Trường Tiểu học Ái Mộ B']);
    expect((await list('q=aim')).items.map((x) => x.code)).toContain('DEMO-TH-AIMOB');
    const mo = await list(`q=${encodeURIComponent('nhan chinh')}`);
    expect(mo.items.map((x) => x.code).slice(0, 2).sort()).toEqual(['DEMO-TH-NHANCHINH', 'DEMO-THPT-NHANCHINH']);
  });

  it('"d" matches "đ", an exact code ranks first, and the header search answers too', async () => {
    const r = await list(`q=${encodeURIComponent('doan ket')}`);
    expect(r.items.map((x) => x.code)).toEqual(['DEMO-TH-DOANKET']);
    const byCode = await list('q=DEMO-TH-AIMOB');
    expect(byCode.items[0]?.code).toBe('DEMO-TH-AIMOB');
    const header = (await asAdmin('GET', `/api/search?q=${encodeURIComponent('nhan chinh')}`)).json();
    expect(header.schools[0]).toMatchObject({ name: 'Trường THPT Nhân Chính' });
  });

  it("the import template proposes levels, area types and today's communes in drop-down lists", async () => {
    const res = await asAdmin('GET', '/api/schools/import-template.xlsx');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const wb = await readSheet(res.rawPayload);
    const ws = wb.getWorksheet('Danh sách trường')!;
    const header = (ws.getRow(4).values as unknown[]).map(String);
    const listOf = (label: string, row = 5) => {
      const v = ws.getCell(row, header.indexOf(label)).dataValidation;
      expect(v?.type).toBe('list');
      const m = /^'?(.+?)'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/u.exec(String(v!.formulae![0]))!;
      const source = wb.getWorksheet(m[1]!)!;
      const values: string[] = [];
      for (let r = Number(m[3]); r <= Number(m[4]); r++) values.push(String(source.getCell(`${m[2]}${r}`).value));
      return values;
    };
    expect(listOf('Cấp học (*)')).toContain('Tiểu học');
    expect(listOf('Khu vực (*)', 2004)).toEqual(['Nội thành', 'Ngoại thành', 'Miền núi - dân tộc']);
    const communes = listOf('Xã/Phường');
    // Post-reform units of 01/07/2025 are offered, pre-reform ones are not.
    expect(communes).toEqual(expect.arrayContaining(['Phường Hoàng Liệt', 'Xã Ba Vì']));
    expect(communes).not.toContain('Xã Tản Lĩnh');
    // 3,321 communes, some names shared by several provinces (the province column tells them apart).
    expect(communes.length).toBeGreaterThan(2900);
    expect(listOf('Tỉnh/Thành phố')).toHaveLength(34);
  });

  it('sorts names in Vietnamese order: Ái with A, Đ after D', async () => {
    const names = (await list('sort=name&limit=100')).items.map((x) => x.name.replace(/^Trường (Tiểu học|THCS|THPT|Mầm non|Phổ thông) ?/u, ''));
    const iDuong = names.indexOf('Dương Nội');
    const iDoan = names.indexOf('Đoàn Kết');
    const iDong = names.indexOf('Đông Anh');
    expect(iDuong).toBeGreaterThanOrEqual(0);
    expect(iDuong).toBeLessThan(iDoan);
    expect(iDoan).toBeLessThan(iDong);
    const full = (await list('sort=name&limit=100')).items.map((x) => x.name);
    expect(full.indexOf('Trường THPT Ân Thi')).toBeGreaterThanOrEqual(0);
    expect(full.indexOf('Trường THPT Ân Thi')).toBeLessThan(full.indexOf('Trường THPT Nhân Chính'));
    expect(full.indexOf('Trường Tiểu học Ái Mộ B')).toBeLessThan(full.indexOf('Trường Tiểu học Ba Trại'));
  });

  it('filters by level, area type and paired, and pages on the server', async () => {
    const primary = await list('level=primary&limit=2');
    expect(primary.items).toHaveLength(2);
    const allPrimary = await list('level=primary&limit=100');
    expect(primary.total).toBe(allPrimary.total);
    expect(allPrimary.total).toBeGreaterThan(2);
    expect(ours(allPrimary.items).sort()).toEqual([s.aimob, s.aimoa, s.batrai, s.bode, s.chuphan, s.doan, s.dong, s.thnc].map((x) => x.id).sort());
    const paired = await list('paired=true&limit=100');
    expect(ours(paired.items).sort()).toEqual([s.aimob.id, s.chuphan.id].sort());
    const mountainous = await list('areaType=mountainous&limit=100');
    expect(ours(mountainous.items)).toEqual([s.batrai.id]);
  });
});

describe('which schools count as paired', () => {
  it('a merely proposed pair does not make its schools paired: they show as proposed', async () => {
    const active = await createPair(t.db, { state: 'active', now });
    const [bode, tanlinh] = [await createSchool(t.db), await createSchool(t.db)];
    const none = await createSchool(t.db);
    const res = await asAdmin('POST', '/api/pairs', { campaignId: active.campaign.id, schoolIds: [bode.id, tanlinh.id], confirmCampaignEnded: true });
    expect(res.statusCode, res.body).toBe(201);

    const paired = await list('paired=true&limit=100');
    expect(paired.items.map((x) => x.code)).not.toContain(bode.code);
    expect(paired.items.map((x) => x.code)).toContain(active.schools[0]!.code);
    const unpaired = await list('paired=false&limit=100');
    expect(unpaired.items.map((x) => x.code)).toEqual(expect.arrayContaining([bode.code, tanlinh.code]));

    const row = (await list(`q=${bode.code}`)).items[0] as unknown as { paired: boolean; pairStatus: string };
    expect(row).toMatchObject({ paired: false, pairStatus: 'proposed' });
    const activeRow = (await list(`q=${active.schools[0]!.code}`)).items[0] as unknown as { paired: boolean; pairStatus: string };
    expect(activeRow).toMatchObject({ paired: true, pairStatus: 'paired' });
    const profile = (await asAdmin('GET', `/api/schools/${bode.id}`)).json();
    expect(profile).toMatchObject({ paired: false, pairStatus: 'proposed' });
    const noneRow = (await list(`q=${none.code}`)).items[0] as unknown as { paired: boolean; pairStatus: string };
    expect(noneRow).toMatchObject({ paired: false, pairStatus: 'none' });
  });
});

describe('administrative units through the 2025 reform', () => {
  it('shows Chu Phan under huyện Mê Linh in 2023 and under xã Yên Lãng in 2026', async () => {
    const chuPhan = await officialUnitNamed(t.db, 'Xã Chu Phan', '2023-03-13', 'Huyện Mê Linh');
    const yenLang = await officialUnitNamed(t.db, 'Xã Yên Lãng', '2026-01-01', 'Thành phố Hà Nội');
    const { id, code } = await createSchool(t.db, { unit: chuPhan, movedTo: [{ unit: yenLang, from: '2025-07-01' }] });
    const y2023 = (await asAdmin('GET', `/api/schools/${id}?asOf=2023-03-13`)).json();
    expect(y2023.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Huyện Mê Linh', 'Xã Chu Phan']);
    const y2026 = (await asAdmin('GET', `/api/schools/${id}?asOf=2026-01-01`)).json();
    expect(y2026.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Xã Yên Lãng']);
    // The list of a date shows the units of that date.
    const listed = await list(`q=${code}&asOf=2024-05-01`);
    expect(listed.items[0]!.units.map((u) => u.name)).toContain('Huyện Mê Linh');
  });

  it('an old list naming "huyện Mê Linh, xã Chu Phan" places a new school in today’s commune, with its history', async () => {
    const job = await upload(await messyWorkbook([{ code: 'ML-TH-1', name: 'Trường Tiểu học Tiền Phong', level: 'TH', district: 'huyện Mê Linh', commune: 'Chu Phan', area: 'ngoai thanh' }]));
    expect(job).toMatchObject({ status: 'succeeded', created: 1 });
    const id = (await list('q=ML-TH-1')).items[0]!.id;
    const p = (await asAdmin('GET', `/api/schools/${id}`)).json();
    expect(p.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Xã Yên Lãng']);
    expect(p.locationHistory.map((l: { units: { name: string }[] }) => l.units.at(-1)!.name)).toEqual(['Xã Chu Phan', 'Xã Yên Lãng']);
  });

  it('a reorganisation moves the schools of the merged units from its date', async () => {
    // Two schools in today's phường Thanh Xuân (since the reform), one elsewhere.
    const ward = await officialUnitNamed(t.db, 'Phường Thanh Xuân', '2026-01-01');
    const nc = await createSchool(t.db, { unit: ward, locatedFrom: '2025-07-01' });
    await createSchool(t.db, { unit: ward, locatedFrom: '2025-07-01' });
    const elsewhere = await createSchool(t.db);
    const units = (await asAdmin('GET', '/api/admin-units?kind=ward&q=thanh xuan')).json().items as { id: string; name: string }[];
    const thanhXuan = units.find((u) => u.name === 'Phường Thanh Xuân')!;
    expect(thanhXuan.id).toBe(ward.id);
    const res = await asAdmin('POST', '/api/admin-units/reorganize', {
      on: '2026-09-01',
      from: [thanhXuan.id],
      into: { code: '01-TX-2026', name: 'phường Thanh Xuân Mới', kind: 'ward', parentId: null },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().schoolsMoved).toBe(2);
    const moved = (await list(`q=${nc.code}`)).items[0]!;
    expect(moved.units.map((u) => u.name)).toEqual(['phường Thanh Xuân Mới']);
    const before = (await asAdmin('GET', `/api/schools/${nc.id}?asOf=2026-08-01`)).json();
    expect(before.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Phường Thanh Xuân']);
    const untouched = (await list(`q=${elsewhere.code}`)).items[0]!;
    expect(untouched.units.map((u) => u.name)).not.toContain('phường Thanh Xuân Mới');
  });
});

describe('who may change a school profile', () => {
  /** A school of 1,450 pupils and its leader, signed in. */
  async function ownSchool() {
    const school = await createSchool(t.db, { students: 1450, teachers: 52, phone: '0243 856 2230' });
    const leader = await createSchoolLeader(t.db, { school });
    return { school, leader, session: await t.signIn(leader.username, FACTORY_PASSWORD) };
  }

  it('a school leader edits their own school’s profile, audited, but not its official fields', async () => {
    const { school, leader, session } = await ownSchool();
    const me = (await list('', session)).items;
    expect(me.map((x) => x.code)).toEqual([school.code]);
    const res = await t.as(session)('PATCH', `/api/schools/${me[0]!.id}`, {
      students: 1020,
      needs: [{ areaCode: 'digital-transformation', level: 3 }],
      contacts: [{ role: 'Chủ tịch Công đoàn', name: 'Nguyễn Thị Lan', phone: '0988 000 111' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ students: 1020, needs: [{ areaCode: 'digital-transformation', level: 3 }], canEdit: 'profile' });
    const audit = (await asAdmin('GET', `/api/audit?entity=school&entityId=${me[0]!.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'school.update', actor: leader.username });
    expect(audit[0].before.students).toBe(1450);
    expect(audit[0].after.students).toBe(1020);

    const official = await t.as(session)('PATCH', `/api/schools/${me[0]!.id}`, { code: 'X-1' });
    expect(official.statusCode).toBe(403);
    expect(official.json().error).toMatchObject({ code: 'SCHOOL_FIELD_NOT_EDITABLE', field: 'code' });
  });

  it('refuses a negative count, a phone "xyz" and a longitude of 200, each naming its field, and saves nothing', async () => {
    const { school, session } = await ownSchool();
    const id = school.id;
    const before = (await t.as(session)('GET', `/api/schools/${id}`)).json();
    for (const [body, field] of [
      [{ teachers: -3 }, 'teachers'],
      [{ phone: 'xyz' }, 'phone'],
      [{ contacts: [{ role: 'Thư ký', name: 'Lê Văn A', phone: 'xyz' }] }, 'contacts.0.phone'],
      [{ latitude: 21.03, longitude: 200 }, 'longitude'],
    ] as const) {
      const res = await t.as(session)('PATCH', `/api/schools/${id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.field).toBe(field);
      expect(res.json().error.message).toMatch(/[a-zàáảãạăâđêôơư]/u);
    }
    const after = (await t.as(session)('GET', `/api/schools/${id}`)).json();
    expect([after.teachers, after.phone, after.longitude]).toEqual([before.teachers, before.phone, before.longitude]);
    expect(after.teachers).toBe(52);
  });

  it('a school leader cannot read or edit another school', async () => {
    const { school, session } = await ownSchool();
    const other = (await createSchool(t.db)).id;
    expect((await t.as(session)('PATCH', `/api/schools/${other}`, { students: 1 })).statusCode).toBe(403);
    expect((await t.as(session)('GET', `/api/schools/${other}`)).statusCode).toBe(403);
    const teacher = await t.signIn((await createTeacher(t.db, { school })).username, FACTORY_PASSWORD);
    const own = (await list('', teacher)).items[0]!.id;
    expect(own).toBe(school.id);
    expect((await t.as(teacher)('PATCH', `/api/schools/${own}`, { students: 1 })).statusCode).toBe(403);
    expect((await t.as(session)('POST', '/api/schools/imports', {})).statusCode).toBe(403);
  });

  it('a rename keeps the old name for documents of the past; a merge keeps the merged school and its pairs', async () => {
    const { id, code } = await createSchool(t.db, { name: 'Trường Mầm non Hoa Mai', level: 'preschool' });
    const renamed = await asAdmin('PATCH', `/api/schools/${id}`, { name: 'Trường Mầm non Hoa Mai Thanh Xuân', renamedOn: '2026-09-01' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().shortName).toBe('MN Hoa Mai Thanh Xuân');
    const old = (await asAdmin('GET', `/api/schools/${id}?asOf=2026-01-01`)).json();
    expect(old.nameOnDate).toBe('Trường Mầm non Hoa Mai');

    const into = (await createSchool(t.db, { name: 'Trường THPT Việt Đức', level: 'upper-secondary' })).id;
    const merged = await asAdmin('POST', `/api/schools/${id}/merge`, { intoSchoolId: into, on: '2026-10-01' });
    expect(merged.statusCode, merged.body).toBe(204);
    expect((await list(`q=${code}`)).total).toBe(0);
    const kept = await list(`q=${code}&status=merged`);
    expect(kept.total).toBe(1);
    const p = (await asAdmin('GET', `/api/schools/${id}`)).json();
    expect(p).toMatchObject({ status: 'merged', mergedOn: '2026-10-01', mergedInto: { id: into } });
    const target = (await asAdmin('GET', `/api/schools/${into}`)).json();
    expect(target.mergedFrom.map((m: { id: string }) => m.id)).toEqual([id]);
  });
});
