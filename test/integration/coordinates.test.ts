/**
 * School positions: entered through the Excel import (two columns, one "Tọa độ" column, any
 * spelling people use) or the profile, checked, exported, and used by the pairing engine.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { importThroughApi, readSheet, startParsingThread } from '../helpers/registry-files.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader } from '../factories/users.ts';

const t = await createTestApp({ demo: false, now: () => new Date('2026-11-23T03:00:00Z') });
await startParsingThread();
const adminUser = await createDepartmentAdmin(t.db);
const admin = await t.signIn(adminUser.username, adminUser.password);
const asAdmin = t.as(admin);

async function sheet(header: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  ws.getCell('A1').value = 'DANH SÁCH TRƯỜNG TIỂU HỌC';
  ws.getRow(3).values = header;
  rows.forEach((r, i) => (ws.getRow(4 + i).values = r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (file: Buffer) => importThroughApi(t, admin, file, '', 'toa-do.xlsx');

async function position(code: string) {
  const row = await t.db.selectFrom('school').select(['id', 'latitude', 'longitude']).where('code', '=', code).executeTakeFirst();
  return row;
}

const HEADER = ['Mã trường', 'Tên trường', 'Cấp học', 'Khu vực', 'Vĩ độ', 'Kinh độ', 'Thế mạnh', 'Nhu cầu'];

describe('positions in the Excel import', () => {
  it('reads numbers, decimal commas and degrees–minutes–seconds in two columns, and one "Tọa độ" column pasted from a map', async () => {
    const job = await upload(
      await sheet(HEADER, [
        ['CT-01', 'Trường Tiểu học Hoàn Kiếm', 'TH', 'Nội thành', 21.0285, 105.8542, 'Tiếng Anh (3)', null],
        ['CT-02', 'Trường Tiểu học Sơn Tây', 'TH', 'Ngoại thành', '21,1383', '105,5058', null, 'Tiếng Anh (3)'],
        ['CT-03', 'Trường Tiểu học Ba Vì', 'TH', 'Miền núi', `21°11'58.8"N`, `105°25'22.8"E`, null, null],
        ['CT-04', 'Trường Tiểu học Chưa Rõ', 'TH', 'Ngoại thành', null, null, null, null],
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', created: 4, errorCount: 0 });
    expect(await position('CT-01')).toMatchObject({ latitude: 21.0285, longitude: 105.8542 });
    expect(await position('CT-02')).toMatchObject({ latitude: 21.1383, longitude: 105.5058 });
    const bv = (await position('CT-03'))!;
    expect([bv.latitude!.toFixed(4), bv.longitude!.toFixed(4)]).toEqual(['21.1997', '105.4230']);
    expect(await position('CT-04')).toMatchObject({ latitude: null, longitude: null });

    const pasted = await upload(
      await sheet(
        ['Mã trường', 'Tên trường', 'Cấp học', 'Khu vực', 'Toạ độ'],
        [
          ['CT-04', 'Trường Tiểu học Chưa Rõ', 'TH', 'Ngoại thành', '21.0650, 105.7700'],
          ['CT-05', 'Trường Tiểu học Đông Anh', 'TH', 'Ngoại thành', '21,1360; 105,8490'],
        ],
      ),
    );
    expect(pasted).toMatchObject({ status: 'succeeded', created: 1, updated: 1 });
    expect(pasted.changes.find((c: { code: string }) => c.code === 'CT-04').fields).toEqual(['Vĩ độ', 'Kinh độ']);
    expect(await position('CT-04')).toMatchObject({ latitude: 21.065, longitude: 105.77 });
    expect(await position('CT-05')).toMatchObject({ latitude: 21.136, longitude: 105.849 });
  });

  it('refuses swapped, half-given and unreadable positions, naming the cell, and changes nothing', async () => {
    const before = await position('CT-01');
    const job = await upload(
      await sheet(HEADER, [
        ['CT-01', 'Trường Tiểu học Hoàn Kiếm', 'TH', 'Nội thành', 105.8542, 21.0285, null, null],
        ['CT-06', 'Trường Tiểu học Sáu', 'TH', 'Ngoại thành', '21,1', null, null, null],
        ['CT-07', 'Trường Tiểu học Bảy', 'TH', 'Ngoại thành', 'gần chợ', '105,8', null, null],
        ['CT-08', 'Trường Tiểu học Tám', 'TH', 'Ngoại thành', 21.1, 200, null, null],
      ]),
    );
    expect(job.status).toBe('rejected');
    expect(job.errors.map((e: { row: number; column: string; cell: string }) => [e.row, e.column, e.cell])).toEqual([
      [4, 'Vĩ độ', 'E4'],
      [5, 'Kinh độ', 'F5'],
      [6, 'Vĩ độ', 'E6'],
      [7, 'Kinh độ', 'F7'],
    ]);
    expect(job.errors[0].message).toContain('vĩ độ và kinh độ có vẻ bị đổi chỗ');
    expect(job.errors[1].message).toContain('thiếu vĩ độ hoặc kinh độ');
    expect(job.errors[2].message).toContain('Vĩ độ “gần chợ');
    expect(job.errors[3].message).toBe('Kinh độ “21.1; 200” phải từ -180 đến 180.');
    expect(await position('CT-01')).toEqual(before);
    expect(await position('CT-06')).toBeUndefined();
  });

  it('blank position cells in a later list keep the position the school entered', async () => {
    const job = await upload(await sheet(HEADER, [['CT-05', 'Trường Tiểu học Đông Anh', 'TH', 'Ngoại thành', null, null, null, null]]));
    expect(job).toMatchObject({ status: 'succeeded', updated: 0, unchanged: 1 });
    expect(await position('CT-05')).toMatchObject({ latitude: 21.136, longitude: 105.849 });
  });

  it('warns about a school named like another one (in the registry or the file), and imports it', async () => {
    const job = await upload(
      await sheet(HEADER, [
        ['CT-10', 'Trường Tiểu học Hoàn Kiếm', 'TH', 'Nội thành', null, null, null, null],
        ['CT-11', 'Trường  tiểu học Mười Một', 'TH', 'Nội thành', null, null, null, null],
        ['CT-12', 'Trường Tiểu học Mười Một', 'TH', 'Ngoại thành', null, null, null, null],
        // Only the diacritics differ: another name, no warning.
        ['CT-13', 'Trường Tiểu học Mười Mốt', 'TH', 'Ngoại thành', null, null, null, null],
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', created: 4 });
    expect(job.warnings.map((w: { row: number; code: string }) => `${w.row}:${w.code}`)).toEqual(['4:same_name', '6:same_name_in_file']);
    expect(job.warnings[0].message).toBe('Tên “Trường Tiểu học Hoàn Kiếm” trùng với trường đã có (mã CT-01): kiểm tra xem có phải cùng một trường không.');
  });

  it('keeps a position outside Viet Nam with a warning to check it', async () => {
    const job = await upload(await sheet(HEADER, [['CT-09', 'Trường Tiểu học Chín', 'TH', 'Ngoại thành', 48.8566, 2.3522, null, null]]));
    expect(job).toMatchObject({ status: 'succeeded', created: 1 });
    expect(job.warnings).toEqual([expect.objectContaining({ row: 4, column: 'Vĩ độ', code: 'outside_vietnam' })]);
    expect(job.warnings[0].message).toContain('nằm ngoài lãnh thổ Việt Nam');
  });

  it('exports the positions in the template’s columns, and the template explains them', async () => {
    const exported = await asAdmin('GET', '/api/schools/export.xlsx?q=CT-0');
    const ws = (await readSheet(exported.rawPayload)).worksheets[0]!;
    const header = (ws.getRow(4).values as unknown[]).slice(1);
    const lat = header.indexOf('Vĩ độ') + 1;
    const lon = header.indexOf('Kinh độ') + 1;
    expect(lat).toBeGreaterThan(0);
    expect(header).not.toContain('Tọa độ');
    const rows: Record<string, [unknown, unknown]> = {};
    ws.eachRow((row, n) => {
      if (n > 4) rows[String(row.getCell(header.indexOf('Mã trường (*)') + 1).value)] = [row.getCell(lat).value, row.getCell(lon).value];
    });
    expect(rows['CT-01']).toEqual([21.0285, 105.8542]);
    const template = await readSheet((await asAdmin('GET', '/api/schools/import-template.xlsx')).rawPayload);
    const help: string[] = [];
    template.getWorksheet('Hướng dẫn')!.eachRow((row) => help.push(String(row.getCell(1).value)));
    expect(help).toContain('Vĩ độ, Kinh độ');
  });
});

describe('positions in the profile', () => {
  it('a principal sets their school’s position; half a position or an impossible one is refused in Vietnamese', async () => {
    const leaderUser = await createSchoolLeader(t.db);
    const leader = t.as(await t.signIn(leaderUser.username, leaderUser.password));
    const me = { id: leaderUser.schoolId! };
    const half = await leader('PATCH', `/api/schools/${me.id}`, { latitude: 21.2 });
    expect(half.statusCode).toBe(400);
    expect(half.json().error).toMatchObject({ field: 'longitude', message: 'Mục “Kinh độ”: cần cả vĩ độ và kinh độ (hoặc bỏ trống cả hai).' });
    const far = await leader('PATCH', `/api/schools/${me.id}`, { latitude: 121.2, longitude: 105.7 });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.field).toBe('latitude');
    const ok = await leader('PATCH', `/api/schools/${me.id}`, { latitude: 21.1961, longitude: 105.7233 });
    expect(ok.statusCode, ok.body).toBe(200);
    const profile = (await leader('GET', `/api/schools/${me.id}`)).json();
    expect(profile).toMatchObject({ latitude: 21.1961, longitude: 105.7233 });
    const audit = await t.db.selectFrom('audit_log').select(['after']).where('action', '=', 'school.update').where('entity_id', '=', me.id).execute();
    expect(audit.at(-1)!.after).toMatchObject({ latitude: 21.1961, longitude: 105.7233 });
    const cleared = await leader('PATCH', `/api/schools/${me.id}`, { latitude: null, longitude: null });
    expect(cleared.statusCode).toBe(200);
    expect((await leader('GET', `/api/schools/${me.id}`)).json()).toMatchObject({ latitude: null, longitude: null });
  });
});

describe('positions in the pairing engine', () => {
  it('positions give the distance in a run’s explanation', async () => {
    const campaign = await createCampaign(t.db);
    const hoanKiem = await createSchool(t.db, { areaType: 'inner-city', latitude: 21.0285, longitude: 105.8542, strengths: [{ areaCode: 'english', level: 3 }] });
    const sonTay = await createSchool(t.db, { areaType: 'suburban', latitude: 21.1383, longitude: 105.5058, needs: [{ areaCode: 'english', level: 3 }] });
    const res = await asAdmin('POST', '/api/matching/runs', { campaignId: campaign.id, schoolIds: [hoanKiem.id, sonTay.id] });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await asAdmin('GET', `/api/matching/runs/${res.json().id}`)).json();
    expect(detail.pairs).toHaveLength(1);
    // Hoàn Kiếm (21.0285, 105.8542) – Sơn Tây (21.1383, 105.5058): 38 km as the crow flies.
    expect(detail.pairs[0].explanation).toContain('cách 38 km');
    expect(detail.pairs[0].explanation).toContain('Tiếng Anh');
  });
});
