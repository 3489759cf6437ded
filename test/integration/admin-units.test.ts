import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadUnitIndex } from '#src/server/features/schools/schools.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { importThroughApi, startParsingThread } from '../helpers/registry-files.ts';
import { officialUnit } from '../factories/admin-units.ts';
import type { FactoryDb } from '../factories/db.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin } from '../factories/users.ts';

// 23 November 2026: after the reform of 1 July 2025. The official units come with the migrations.
const now = () => new Date('2026-11-23T03:00:00Z');
const t = await createTestApp({ demo: false, now });
await startParsingThread();
const adminUser = await createDepartmentAdmin(t.db);
const admin = await t.signIn(adminUser.username, adminUser.password);
const asAdmin = t.as(admin);
const units = await loadUnitIndex(t.db);

const count = async (date: string, kinds: string[], db: FactoryDb = t.db) =>
  (
    await sql<{ n: number }>`select count(*)::int as n from admin_unit
      where kind = any(${kinds}::text[]) and valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)`.execute(db)
  ).rows[0]!.n;

/**
 * A school in official units: in `code` of 2023 until the reform of 01/07/2025 and in
 * `today` of the catalogue since (or still in the same unit when it went on).
 */
const schoolOfBothDates = (name: string, code2023: string, codeToday: string) =>
  Promise.all([officialUnit(t.db, code2023, '2023-03-13'), officialUnit(t.db, codeToday, '2026-11-23')]).then(([then, today]) =>
    createSchool(t.db, { name, unit: then, locatedFrom: '1900-01-01', ...(then.id === today.id ? {} : { movedTo: [{ unit: today, from: '2025-07-01' }] }) }),
  );

/** The unit a list's names lead to on a date: "Xã Yên Lãng (08980)", or why not. */
function resolve(names: { province?: string; district?: string; commune?: string }, date: string, position?: { latitude: number; longitude: number }) {
  const m = units.match(names, date, { position });
  if (!m) return null;
  return m.ok ? `${m.unit.name} (${m.unit.code})` : m;
}

describe('the official administrative units, by date', () => {
  it('knows the whole country on both sides of the reform of 01/07/2025', async () => {
    expect(await count('2025-06-30', ['province'])).toBe(63);
    expect(await count('2025-06-30', ['district'])).toBe(696);
    expect(await count('2025-06-30', ['commune', 'ward', 'town'])).toBe(10035);
    expect(await count('2025-07-01', ['province'])).toBe(34);
    expect(await count('2025-07-01', ['district'])).toBe(0);
    expect(await count('2025-07-01', ['commune', 'ward', 'town', 'special-zone'])).toBe(3321);
    const hanoi = await asAdmin('GET', '/api/admin-units?kind=province&q=ha noi');
    const hn = hanoi.json().items[0];
    expect(hn).toMatchObject({ code: '01', name: 'Thành phố Hà Nội', validFrom: '1900-01-01', validTo: null });
    const wards = (await asAdmin('GET', `/api/admin-units?parentId=${hn.id}&limit=1`)).json();
    expect(wards.total).toBe(126);
  });

  it('resolves names of both dates, ignoring diacritics, case and prefixes', () => {
    expect(resolve({ commune: 'phường Hoàng Liệt' }, '2026-11-23')).toBe('Phường Hoàng Liệt (00337)');
    expect(resolve({ commune: 'P.Hoang Liet', province: 'TP. Hà Nội' }, '2026-11-23')).toBe('Phường Hoàng Liệt (00337)');
    expect(resolve({ commune: 'xã Ba Vì', province: 'Hà Nội' }, '2026-11-23')).toBe('Xã Ba Vì (09700)');
    expect(resolve({ commune: 'X. BA VÌ', district: 'H. Ba Vì' }, '2026-11-23')).toBe('Xã Ba Vì (09700)');
    // Two communes of that name today (Hà Nội, Quảng Ngãi): the province decides, or the match says which.
    expect(resolve({ commune: 'xã Ba Vì' }, '2026-11-23')).toMatchObject({
      ok: false,
      reason: 'ambiguous',
      candidates: [expect.objectContaining({ code: '09700' }), expect.objectContaining({ code: '21529' })],
    });
    // The MoU of 13/03/2023 names huyện Mê Linh; today Chu Phan is in xã Yên Lãng.
    expect(resolve({ district: 'huyện Mê Linh', commune: 'xã Chu Phan' }, '2023-03-13')).toBe('Xã Chu Phan (09004)');
    expect(resolve({ district: 'Mê Linh' }, '2023-03-13')).toBe('Huyện Mê Linh (250)');
    expect(resolve({ district: 'huyện Mê Linh', commune: 'xã Chu Phan' }, '2026-11-23')).toBe('Xã Yên Lãng (08980)');
    expect(resolve({ district: 'Mê Linh', commune: 'TT. Quang Minh' }, '2024-01-01')).toBe('Thị trấn Quang Minh (08989)');
    expect(resolve({ district: 'Quận Long Biên', commune: 'Ngọc Lâm' }, '2026-11-23')).toBe('Phường Bồ Đề (00118)');
    expect(resolve({ district: 'huyện Ba Vì', commune: 'xã Tản Lĩnh' }, '2026-11-23')).toBe('Xã Suối Hai (09694)');
    expect(resolve({ province: 'Hà Giang' }, '2026-11-23')).toBe('Tỉnh Tuyên Quang (08)');
    expect(resolve({ province: 'Hà Giang' }, '2025-06-30')).toBe('Tỉnh Hà Giang (02)');
    expect(resolve({ district: 'Mê Linh' }, '2026-11-23')).toMatchObject({ ok: false, reason: 'no_successor' });
  });

  it('gives a divided commune the successor nearest to the school, or the candidates', () => {
    // Phường Nhân Chính (quận Thanh Xuân) was divided between phường Thanh Xuân, Yên Hòa and Đại Mỗ.
    const names = { district: 'quận Thanh Xuân', commune: 'phường Nhân Chính' };
    expect(resolve(names, '2025-06-30')).toBe('Phường Nhân Chính (00343)');
    expect(resolve(names, '2026-11-23', { latitude: 21.0135, longitude: 105.7975 })).toBe('Phường Yên Hòa (00175)');
    expect(resolve(names, '2026-11-23', { latitude: 21.0005, longitude: 105.8045 })).toBe('Phường Thanh Xuân (00367)');
    const m = resolve(names, '2026-11-23');
    expect(m).toMatchObject({ ok: false, reason: 'divided', unit: { code: '00343' } });
    expect((m as { candidates: { name: string }[] }).candidates.map((c) => c.name).sort()).toEqual(['Phường Thanh Xuân', 'Phường Yên Hòa', 'Phường Đại Mỗ']);
  });

  it('places a school in its real commune: the one of 2023 and the one of today', async () => {
    const chuphan = await schoolOfBothDates('Trường Tiểu học Chu Phan', '09004', '08980');
    const today = (await asAdmin('GET', `/api/schools/${chuphan.id}`)).json();
    expect(today.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Xã Yên Lãng']);
    const in2023 = (await asAdmin('GET', `/api/schools/${chuphan.id}?asOf=2023-03-13`)).json();
    expect(in2023.units.map((u: { name: string }) => u.name)).toEqual(['Thành phố Hà Nội', 'Huyện Mê Linh', 'Xã Chu Phan']);
    expect(in2023.locationHistory.map((l: { validFrom: string; validTo: string | null; units: { name: string }[] }) => [l.validFrom, l.validTo, l.units.at(-1)!.name])).toEqual([
      ['1900-01-01', '2025-07-01', 'Xã Chu Phan'],
      ['2025-07-01', null, 'Xã Yên Lãng'],
    ]);
    // The list shows today's units too.
    const listed = (await asAdmin('GET', `/api/schools?q=${chuphan.code}`)).json().items as { id: string; units: { name: string }[] }[];
    expect(listed.find((s) => s.id === chuphan.id)!.units.map((u) => u.name)).toEqual(['Thành phố Hà Nội', 'Xã Yên Lãng']);
  });

  it('searches the whole catalogue on the server, paged, without diacritics or kind', async () => {
    const search = async (query: string) => (await asAdmin('GET', `/api/admin-units?${query}`)).json();
    const hl = await search('q=hoang liet');
    expect(hl.items.map((u: { name: string; path: string }) => `${u.name} — ${u.path}`)).toEqual(['Phường Hoàng Liệt — Thành phố Hà Nội']);
    expect((await search('q=P. Hoàng Liệt&asOf=2025-06-30')).items.map((u: { name: string; path: string }) => `${u.name} — ${u.path}`)).toEqual([
      'Phường Hoàng Liệt — Quận Hoàng Mai, Thành phố Hà Nội',
    ]);
    const bavi = await search('q=ba vi');
    // Exact names first; words match at their start ("ba vi" finds "Ba Vinh" after them).
    expect(bavi.items.slice(0, 3).map((u: { name: string; path: string }) => `${u.name} — ${u.path}`)).toEqual([
      'Xã Ba Vì — Thành phố Hà Nội',
      'Xã Ba Vì — Tỉnh Quảng Ngãi',
      'Xã Ba Vinh — Tỉnh Quảng Ngãi',
    ]);
    const page1 = await search('q=xuan&limit=5');
    const page2 = await search('q=xuan&limit=5&offset=5');
    expect(page1.total).toBeGreaterThan(10);
    expect(page1.items).toHaveLength(5);
    expect(page2.items.map((u: { id: string }) => u.id)).not.toContain(page1.items[0].id);
    expect((await search('q=09700')).items.map((u: { name: string }) => u.name)).toEqual(['Xã Ba Vì']);
    const nc = (await search('q=nhan chinh&asOf=2025-06-30&kind=ward')).items[0];
    const detail = (await asAdmin('GET', `/api/admin-units/${nc.id}`)).json();
    expect(detail.divisions.map((d: { name: string }) => d.name).sort()).toEqual(['Phường Thanh Xuân', 'Phường Yên Hòa', 'Phường Đại Mỗ']);
    expect(detail.ancestry.map((a: { name: string }) => a.name)).toEqual(['Thành phố Hà Nội', 'Quận Thanh Xuân', 'Phường Nhân Chính']);
  });
});

type Row = { code: string; name: string; province?: string; district?: string; commune?: string; address?: string; lat?: number; lon?: number };

async function workbook(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Mã trường', 'Tên trường', 'Cấp học', 'Khu vực', 'Tỉnh/Thành phố', 'Quận/Huyện', 'Xã/Phường', 'Địa chỉ', 'Vĩ độ', 'Kinh độ']);
  for (const r of rows) {
    ws.addRow([r.code, r.name, 'Tiểu học', 'Nội thành', r.province ?? null, r.district ?? null, r.commune ?? null, r.address ?? null, r.lat ?? null, r.lon ?? null]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function unitsOf(code: string, asOf = '2026-11-23') {
  const s = (await asAdmin('GET', `/api/schools?q=${code}`)).json().items.find((x: { code: string }) => x.code === code);
  const p = (await asAdmin('GET', `/api/schools/${s.id}?asOf=${asOf}`)).json();
  return p.units.map((u: { name: string }) => u.name).join(', ');
}

describe('importing real addresses from before and after the reform', () => {
  it('resolves every one, each to the unit of today', async () => {
    const rows: Row[] = [
      // After 01/07/2025: communes directly under the city.
      { code: 'ADDR-01', name: 'Trường Tiểu học Hoàng Liệt', province: 'Thành phố Hà Nội', commune: 'phường Hoàng Liệt' },
      { code: 'ADDR-02', name: 'Trường Tiểu học Ba Vì', province: 'Hà Nội', commune: 'xã Ba Vì' },
      { code: 'ADDR-03', name: 'Trường Tiểu học Yên Lãng', commune: 'X. Yên Lãng' },
      { code: 'ADDR-04', name: 'Trường Tiểu học Tô Hiến Thành', address: 'Số 8 phố Tô Hiến Thành, phường Hai Bà Trưng, TP. Hà Nội' },
      { code: 'ADDR-05', name: 'Trường Tiểu học Suối Hai', address: 'Thôn 4, Xã Suối Hai, Thành phố Hà Nội' },
      // Before: the districts and communes of 2023.
      { code: 'ADDR-06', name: 'Trường Tiểu học Chu Phan B', district: 'huyện Mê Linh', commune: 'xã Chu Phan' },
      { code: 'ADDR-07', name: 'Trường Tiểu học Ngọc Lâm', address: 'Số 2 ngõ 45, P. Ngọc Lâm, Q. Long Biên, Hà Nội' },
      { code: 'ADDR-08', name: 'Trường Tiểu học Tây Đằng', district: 'H. Ba Vì', commune: 'TT. Tây Đằng', lat: 21.205, lon: 105.445 },
      { code: 'ADDR-09', name: 'Trường Tiểu học Nhân Chính B', address: 'Số 1, P. Nhân Chính, Q. Thanh Xuân, TP. Hà Nội', lat: 21.0135, lon: 105.7975 },
      { code: 'ADDR-10', name: 'Trường Tiểu học Lê Ngọc Hân', address: '12 Lê Ngọc Hân, Phường 5, Quận 3, TP. Hồ Chí Minh' },
      { code: 'ADDR-11', name: 'Trường Tiểu học Hoàng Liệt B', district: 'quận Hoàng Mai', commune: 'Hoàng Liệt', lat: 20.962, lon: 105.83 },
    ];
    const job = await importThroughApi(t, admin, await workbook(rows));
    expect(job).toMatchObject({ status: 'succeeded', created: rows.length, errorCount: 0 });
    expect(job.warnings.filter((w: { code: string }) => w.code.startsWith('unit_'))).toEqual([]);
    const got = Object.fromEntries(await Promise.all(rows.map(async (r) => [r.code, await unitsOf(r.code)])));
    expect(got).toEqual({
      'ADDR-01': 'Thành phố Hà Nội, Phường Hoàng Liệt',
      'ADDR-02': 'Thành phố Hà Nội, Xã Ba Vì',
      'ADDR-03': 'Thành phố Hà Nội, Xã Yên Lãng',
      'ADDR-04': 'Thành phố Hà Nội, Phường Hai Bà Trưng',
      'ADDR-05': 'Thành phố Hà Nội, Xã Suối Hai',
      'ADDR-06': 'Thành phố Hà Nội, Xã Yên Lãng',
      'ADDR-07': 'Thành phố Hà Nội, Phường Bồ Đề',
      'ADDR-08': 'Thành phố Hà Nội, Xã Minh Châu',
      'ADDR-09': 'Thành phố Hà Nội, Phường Yên Hòa',
      'ADDR-10': 'Thành phố Hồ Chí Minh, Phường Bàn Cờ',
      'ADDR-11': 'Thành phố Hà Nội, Phường Hoàng Liệt',
    });
    // A list of 2023 names gives the units of 2023 too.
    expect(await unitsOf('ADDR-06', '2023-03-13')).toBe('Thành phố Hà Nội, Huyện Mê Linh, Xã Chu Phan');
  });

  it('warns with the candidates when a divided commune has no position, and keeps the names', async () => {
    const job = await importThroughApi(t, admin, await workbook([{ code: 'ADDR-20', name: 'Trường Tiểu học Nhân Chính C', district: 'Thanh Xuân', commune: 'Nhân Chính' }]));
    expect(job).toMatchObject({ status: 'succeeded', created: 1 });
    expect(job.warnings).toEqual([expect.objectContaining({ code: 'unit_divided', column: 'Xã/Phường' })]);
    expect(job.warnings[0].message).toContain('phường Thanh Xuân (Thành phố Hà Nội)');
    expect(job.warnings[0].message).toContain('phường Yên Hòa (Thành phố Hà Nội)');
    expect(job.warnings[0].message).toContain('phường Đại Mỗ (Thành phố Hà Nội)');
    const s = (await asAdmin('GET', '/api/schools?q=ADDR-20')).json().items[0];
    expect(s.units).toEqual([]);
    expect(s.unitLabels).toEqual({ district: 'Thanh Xuân', commune: 'Nhân Chính' });
  });
});

// The reform changes the catalogue for good: it runs on a database of its own.
const reformed = await createTestApp({ demo: false, now });

describe('a later reform, loaded from files in the same format', () => {
  it('`chungtay units import DIR --on DATE` ends the old units, begins the new ones and moves the schools', async () => {
    const inUnit = async (name: string, code: string) => createSchool(reformed.db, { name, unit: await officialUnit(reformed.db, code, '2026-11-23') });
    const suoiHai = [await inUnit('Trường PTDTNT Hà Nội', '09694'), await inUnit('Trường Tiểu học Ba Trại', '09694'), await inUnit('Trường Tiểu học Tản Lĩnh', '09694')];
    const baVi = await inUnit('Trường Tiểu học Minh Quang', '09700');
    const yenLang = await inUnit('Trường Tiểu học Chu Phan', '08980');
    const reformAdmin = await createDepartmentAdmin(reformed.db);
    const asReformAdmin = reformed.as(await reformed.signIn(reformAdmin.username, reformAdmin.password));
    const unitsOn = async (id: string, asOf: string) =>
      (await asReformAdmin('GET', `/api/schools/${id}?asOf=${asOf}`)).json().units.map((u: { name: string }) => u.name).join(', ');
    // A small generated reform of 01/01/2027: xã Suối Hai and xã Ba Vì become "xã Tản Viên";
    // xã Yên Lãng goes on unchanged; Hà Nội stays.
    const dir = await mkdtemp(join(tmpdir(), 'chungtay-reform-'));
    await writeFile(join(dir, 'provinces-2027.csv'), 'code,name,lat,lon\n01,Thành phố Hà Nội,21.0001,105.698\n');
    await writeFile(
      join(dir, 'wards-2027.csv'),
      'code,name,type,province_code,lat,lon\n99001,Xã Tản Viên,Xã,01,21.09,105.37\n08980,Xã Yên Lãng,Xã,01,21.1721,105.662\n',
    );
    await writeFile(join(dir, 'provinces-2025-to-2027.csv'), 'legacy_code,code_2027\n01,01\n');
    await writeFile(join(dir, 'wards-2025-to-2027.csv'), 'legacy_code,code_2027,divided\n09694,99001,false\n09700,99001,false\n08980,08980,false\n');

    // A mapping naming a unit that does not exist changes nothing.
    const badDir = await mkdtemp(join(tmpdir(), 'chungtay-reform-bad-'));
    for (const f of ['provinces-2027.csv', 'wards-2027.csv', 'provinces-2025-to-2027.csv']) await writeFile(join(badDir, f), await import('node:fs/promises').then((fs) => fs.readFile(join(dir, f))));
    await writeFile(join(badDir, 'wards-2025-to-2027.csv'), 'legacy_code,code_2027,divided\n77777,99001,false\n');
    const refused = await runCli(['--json', 'units', 'import', badDir, '--on', '2027-01-01'], { DATABASE_URL: reformed.url });
    expect(refused.code, refused.stderr).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: expect.stringContaining('77777') });
    expect(await count('2027-01-01', ['commune', 'ward', 'town', 'special-zone'], reformed.db)).toBe(3321);

    const res = await runCli(['--json', 'units', 'import', dir, '--on', '2027-01-01'], { DATABASE_URL: reformed.url });
    expect(res.code, res.stderr).toBe(0);
    // Suối Hai: PTDTNT, Ba Trại, Tản Lĩnh; Ba Vì: Minh Quang. Chu Phan stays in Yên Lãng.
    expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, created: 1, kept: 2, ended: 2, divided: 0, schoolsMoved: 4, schoolsNotPlaced: [] });
    expect(await count('2027-01-01', ['commune', 'ward', 'town', 'special-zone'], reformed.db)).toBe(3320);
    for (const s of [...suoiHai, baVi]) expect(await unitsOn(s.id, '2027-02-01'), s.name).toBe('Thành phố Hà Nội, Xã Tản Viên');
    expect(await unitsOn(suoiHai[0]!.id, '2026-11-23')).toBe('Thành phố Hà Nội, Xã Suối Hai');
    expect(await unitsOn(baVi.id, '2026-11-23')).toBe('Thành phố Hà Nội, Xã Ba Vì');
    expect(await unitsOn(yenLang.id, '2027-02-01')).toBe('Thành phố Hà Nội, Xã Yên Lãng');
    const fresh = await loadUnitIndex(reformed.db);
    expect(fresh.match({ commune: 'xã Ba Vì', province: 'Hà Nội' }, '2027-06-01')).toMatchObject({ ok: true, unit: { name: 'Xã Tản Viên' } });

    const again = await runCli(['--json', 'units', 'import', dir, '--on', '2027-01-01'], { DATABASE_URL: reformed.url });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error).toContain('loaded already');
  }, 120_000);
});
