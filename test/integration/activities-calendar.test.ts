/**
 * The calendar feed and the Excel export over real HTTP, on the demo data: a secret, revocable
 * address (only its hash stored) whose iCalendar a real parser (ical.js) reads, with the Hanoi
 * time zone; the export's rows and participants equal the records, formula-looking text escaped.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';

const NOW = new Date('2026-12-05T03:00:00Z');
const t = await createTestApp({ now: () => NOW });

describe('the calendar feed', () => {
  it('is a secret address of the user’s own, valid iCalendar in Hanoi time, stored only as a hash and revocable', async () => {
    const leader = await t.signIn('nhanchinh.ht');
    expect((await t.as(leader)('GET', '/api/calendar/feed')).json()).toEqual({ active: false, createdAt: null });
    const made = await t.as(leader)('POST', '/api/calendar/feed');
    expect(made.statusCode, made.body).toBe(201);
    const url: string = made.json().url;
    expect(url).toMatch(/^https:\/\/chungtay\.example\.vn\/api\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/u);
    const token = url.split('/').pop()!.replace('.ics', '');
    const stored = await t.db.selectFrom('calendar_feed').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(JSON.stringify(await t.db.selectFrom('audit_log').selectAll().where('action', 'like', 'calendar.%').execute())).not.toContain(token);

    const feed = await t.as(null)('GET', new URL(url).pathname);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const cal = new ICAL.Component(ICAL.parse(feed.body));
    const zone = cal.getFirstSubcomponent('vtimezone');
    expect(zone?.getFirstPropertyValue('tzid')).toBe('Asia/Ho_Chi_Minh');
    ICAL.TimezoneService.register(zone!);
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    // Nhân Chính's pair only: the 2023 conference and the demo's 2025-2027 activities within reach (a school year back).
    expect(events.map((e) => e.summary)).not.toContain('Ký kết Biên bản ghi nhớ chương trình kết nghĩa giai đoạn 2023-2025');
    const visit = events.find((e) => e.summary === 'Tham quan học tập mô hình quản trị trường nội trú')!;
    expect(visit.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Ho_Chi_Minh');
    expect(visit.startDate.zone?.tzid).toBe('Asia/Ho_Chi_Minh');
    expect(visit.startDate.toJSDate().toISOString()).toBe('2027-01-15T00:30:00.000Z'); // 07:30 in Hanoi
    expect(visit.endDate.toJSDate().toISOString()).toBe('2027-01-15T09:30:00.000Z');
    const training = events.find((e) => e.summary === 'Bồi dưỡng học sinh giỏi môn Ngữ văn lớp 11')!;
    expect(training.startDate.isDate).toBe(true);
    expect(training.startDate.toString()).toBe('2025-12-06');
    expect(training.endDate.toString()).toBe('2025-12-08'); // exclusive: the range 06–07/12
    expect(training.location).toBe('Trường THPT Nhân Chính');
    expect(cal.getAllSubcomponents('vevent').every((v) => String(v.getFirstPropertyValue('dtstamp')).endsWith('Z'))).toBe(true);

    // A new address revokes the old one; revoking ends it.
    const renewed = (await t.as(leader)('POST', '/api/calendar/feed')).json().url as string;
    expect((await t.as(null)('GET', new URL(url).pathname)).statusCode).toBe(404);
    expect((await t.as(null)('GET', new URL(renewed).pathname)).statusCode).toBe(200);
    expect((await t.as(leader)('DELETE', '/api/calendar/feed')).statusCode).toBe(204);
    const gone = await t.as(null)('GET', new URL(renewed).pathname);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('CALENDAR_FEED_NOT_FOUND');
  });

  it('shows each user only the activities they may see', async () => {
    const aimob = await t.signIn('aimob.gv');
    const url = (await t.as(aimob)('POST', '/api/calendar/feed')).json().url as string;
    const cal = new ICAL.Component(ICAL.parse((await t.as(null)('GET', new URL(url).pathname)).body));
    const titles = cal.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')));
    expect(titles).toContain('Giao lưu Liên đội: “Đôi bạn cùng tiến”');
    expect(titles).not.toContain('Tham quan học tập mô hình quản trị trường nội trú');
  });
});

describe('the Excel export', () => {
  it('lists every activity of the school year with its participants, equal to the records, escaping formula-looking text', async () => {
    const coord = await t.signIn('aimob.pt');
    const list = (await t.as(coord)('GET', '/api/activities?limit=500')).json();
    const target = list.items.find((a: { title: string }) => a.title === 'Giao lưu Liên đội: “Đôi bạn cùng tiến”');
    const patched = await t.as(coord)('PATCH', `/api/activities/${target.id}`, { place: '=HYPERLINK("http://x")' });
    expect(patched.statusCode, patched.body).toBe(200);

    const admin = await t.signIn('so.admin');
    const res = await t.as(admin)('GET', '/api/activities/export.xlsx?schoolYear=2025-2026');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r, n) => n > 3 && out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    const records = (await t.as(admin)('GET', '/api/activities?schoolYear=2025-2026&limit=500')).json();
    const sheet = rows('Hoạt động');
    expect(sheet.map((r) => r[5])).toEqual(records.items.map((a: { title: string }) => a.title));
    expect(sheet.reduce((n, r) => n + Number(r[12]), 0)).toBe(records.items.reduce((n: number, a: { teachers: number }) => n + a.teachers, 0));
    const totals = (await t.as(admin)('GET', '/api/activities/totals?schoolYear=2025-2026')).json();
    const participantRows = rows('Thành phần tham gia');
    const byYearDone = records.items.filter((a: { status: string }) => a.status !== 'planned' && a.status !== 'cancelled').length;
    expect(byYearDone).toBe(totals.done);
    expect(participantRows.length).toBeGreaterThan(0);

    const next = await t.as(admin)('GET', '/api/activities/export.xlsx?schoolYear=2026-2027');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(next.rawPayload as unknown as ArrayBuffer);
    const placeCells: unknown[] = [];
    wb2.getWorksheet('Hoạt động')!.eachRow((r, n) => n > 3 && placeCells.push(r.getCell(10).value));
    expect(placeCells).toContain('\'=HYPERLINK("http://x")');

    const outsider = await t.signIn('nhanchinh.ht');
    const mine = await t.as(outsider)('GET', '/api/activities/export.xlsx');
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    const pairs = new Set<unknown>();
    wb3.getWorksheet('Hoạt động')!.eachRow((r, n) => n > 3 && pairs.add(r.getCell(7).value));
    expect([...pairs]).toEqual(['THPT Nhân Chính – PTDTNT Hà Nội']);
  });

  it('chungtay activities export --school-year writes the same workbook from the command line', async () => {
    const { mkdtempSync, readFileSync, chmodSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/chungtay-act-`);
    chmodSync(dir, 0o755);
    const file = `${dir}/hoat-dong.xlsx`;
    const r = await runCli(['--json', 'activities', 'export', '--school-year', '2025-2026', file], { DATABASE_URL: t.url });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, file, schoolYear: '2025-2026' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    let n = 0;
    wb.getWorksheet('Hoạt động')!.eachRow((_r, i) => i > 3 && n++);
    const admin = await t.signIn('so.admin');
    expect(n).toBe((await t.as(admin)('GET', '/api/activities?schoolYear=2025-2026')).json().total);
    const bad = await runCli(['activities', 'export', '--school-year', '2025-2027', file], { DATABASE_URL: t.url });
    expect(bad.code).not.toBe(0);
  });
});
