/**
 * The calendar feed and the Excel export over real HTTP, on activities of two pairs the test
 * records (as the demo's: THPT Nhân Chính – PTDTNT Hà Nội, TH Chu Phan – TH Ái Mộ B): a secret, revocable
 * address (only its hash stored) whose iCalendar a real parser (ical.js) reads, with the Hanoi
 * time zone; the export's rows and participants equal the records, formula-looking text escaped.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';

const NOW = new Date('2026-12-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const departmentAdmin = await createDepartmentAdmin(t.db);
const signIn = (user: { username: string }) => t.signIn(user.username, FACTORY_PASSWORD);

// THPT Nhân Chính – PTDTNT Hà Nội, and TH Chu Phan – TH Ái Mộ B, both active.
const nc = await createSchool(t.db, { name: 'Trường THPT Nhân Chính', shortName: 'THPT Nhân Chính', level: 'upper-secondary' });
const nt = await createSchool(t.db, { name: 'Trường Phổ thông Dân tộc Nội trú Hà Nội', shortName: 'PTDTNT Hà Nội', level: 'ethnic-boarding', areaType: 'mountainous' });
const cp = await createSchool(t.db, { name: 'Trường Tiểu học Chu Phan', shortName: 'TH Chu Phan', areaType: 'suburban' });
const am = await createSchool(t.db, { name: 'Trường Tiểu học Ái Mộ B', shortName: 'TH Ái Mộ B' });
const ncLeader = await createSchoolLeader(t.db, { school: nc });
const ncPair = await createPair(t.db, { state: 'active', schools: [nc, nt], leaders: [ncLeader, await createSchoolLeader(t.db, { school: nt })], admin: departmentAdmin, now: NOW });
const amPair = await createPair(t.db, { state: 'active', schools: [cp, am], admin: departmentAdmin, now: NOW });
const amCoordinator = await createCoordinator(t.db, { school: am });
const amTeacher = await createTeacher(t.db, { school: am });

/** An activity recorded by `who` (a member school's leader or coordinator) through the API, completed when `done`. */
async function record(who: SignedIn, body: Record<string, unknown>, done = false) {
  const res = await t.as(who)('POST', '/api/activities', body);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  if (done) {
    const c = await t.as(who)('POST', `/api/activities/${id}/transitions`, { event: 'complete' });
    expect(c.statusCode, c.body).toBe(200);
  }
  return id;
}
const asNc = await signIn(ncLeader);
const asAm = await signIn(amCoordinator);
const counts = (...rows: [string, number, number, number][]) => rows.map(([schoolId, teachers, staff, students]) => ({ schoolId, teachers, staff, students }));
// Two years back (out of the feed's reach), last school year, and next month with hours.
await record(asNc, { pairId: ncPair.id, kind: 'seminar', title: 'Ký kết Biên bản ghi nhớ chương trình kết nghĩa giai đoạn 2023-2025', startsOn: '2024-10-25', hostSchoolId: nc.id, place: 'Trường THPT Nhân Chính', mode: 'in-person', participants: counts([nc.id, 20, 2, 0], [nt.id, 10, 1, 0]) }, true);
await record(asNc, { pairId: ncPair.id, kind: 'gifted-training', title: 'Bồi dưỡng học sinh giỏi môn Ngữ văn lớp 11', startsOn: '2025-12-06', endsOn: '2025-12-07', hostSchoolId: nc.id, place: 'Trường THPT Nhân Chính', mode: 'in-person', subject: 'Ngữ văn', participants: counts([nc.id, 4, 0, 0], [nt.id, 2, 0, 18]) }, true);
await record(asNc, { pairId: ncPair.id, kind: 'study-visit', title: 'Tham quan học tập mô hình quản trị trường nội trú', startsOn: '2027-01-15', startTime: '07:30', endTime: '16:30', hostSchoolId: nt.id, place: 'Trường Phổ thông dân tộc nội trú Hà Nội (Ba Vì)', mode: 'in-person', participants: counts([nc.id, 15, 3, 0]) });
await record(asAm, { pairId: amPair.id, kind: 'student-exchange', title: 'Giao lưu Liên đội: “Đôi bạn cùng tiến”', startsOn: '2026-11-20', hostSchoolId: am.id, place: 'Sân trường Ái Mộ B', mode: 'in-person', participants: counts([am.id, 6, 1, 40], [cp.id, 4, 0, 30]) }, true);
await record(asAm, { pairId: amPair.id, kind: 'subject-group-exchange', title: 'Sinh hoạt tổ Toán: dạy học theo CT GDPT 2018', startsOn: '2026-03-10', hostSchoolId: am.id, place: 'Phòng họp tổ Toán', mode: 'in-person', subject: 'Toán', participants: counts([am.id, 12, 1, 0], [cp.id, 8, 0, 0]) }, true);

describe('the calendar feed', () => {
  it('is a secret address of the user’s own, valid iCalendar in Hanoi time, stored only as a hash and revocable', async () => {
    const leader = await signIn(ncLeader);
    expect((await t.as(leader)('GET', '/api/calendar/feed')).json()).toEqual({ active: false, createdAt: null });
    const made = await t.as(leader)('POST', '/api/calendar/feed');
    expect(made.statusCode, made.body).toBe(201);
    const url: string = made.json().url;
    expect(url).toMatch(/^https:\/\/chungtay\.example\.vn\/api\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/u);
    const token = url.split('/').pop()!.replace('.ics', '');
    const stored = await t.db.selectFrom('calendar_feed').select('token_hash').where('user_id', '=', ncLeader.id).execute();
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
    // Nhân Chính's pair only, and within reach (a school year back): not the 2024 conference.
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
    expect(events.map((e) => e.summary)).not.toContain('Giao lưu Liên đội: “Đôi bạn cùng tiến”');
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
    const aimob = await signIn(amTeacher);
    const url = (await t.as(aimob)('POST', '/api/calendar/feed')).json().url as string;
    const cal = new ICAL.Component(ICAL.parse((await t.as(null)('GET', new URL(url).pathname)).body));
    const titles = cal.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')));
    expect(titles).toContain('Giao lưu Liên đội: “Đôi bạn cùng tiến”');
    expect(titles).not.toContain('Tham quan học tập mô hình quản trị trường nội trú');
  });
});

describe('the Excel export', () => {
  it('lists every activity of the school year with its participants, equal to the records, escaping formula-looking text', async () => {
    const coord = asAm;
    const list = (await t.as(coord)('GET', '/api/activities?limit=500')).json();
    const target = list.items.find((a: { title: string }) => a.title === 'Giao lưu Liên đội: “Đôi bạn cùng tiến”');
    const patched = await t.as(coord)('PATCH', `/api/activities/${target.id}`, { place: '=HYPERLINK("http://x")' });
    expect(patched.statusCode, patched.body).toBe(200);

    const admin = await signIn(departmentAdmin);
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
    expect(sheet.map((r) => r[5])).toEqual(expect.arrayContaining(['Bồi dưỡng học sinh giỏi môn Ngữ văn lớp 11', 'Sinh hoạt tổ Toán: dạy học theo CT GDPT 2018']));
    expect(participantRows.length).toBeGreaterThan(0);

    const next = await t.as(admin)('GET', '/api/activities/export.xlsx?schoolYear=2026-2027');
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(next.rawPayload as unknown as ArrayBuffer);
    const placeCells: unknown[] = [];
    wb2.getWorksheet('Hoạt động')!.eachRow((r, n) => n > 3 && placeCells.push(r.getCell(10).value));
    expect(placeCells).toContain('\'=HYPERLINK("http://x")');

    const outsider = await signIn(ncLeader);
    const mine = await t.as(outsider)('GET', '/api/activities/export.xlsx');
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    const pairs = new Set<unknown>();
    wb3.getWorksheet('Hoạt động')!.eachRow((r, n) => n > 3 && pairs.add(r.getCell(7).value));
    expect([...pairs]).toEqual(['THPT Nhân Chính – PTDTNT Hà Nội']);
  });

  it('an export longer than one batch (2,345 activities, 100 on each day) has every row once, in date order, ties by id', async () => {
    await sql`insert into activity (pair_id, kind, title, starts_on, school_year, status)
      select ${amPair.id}::uuid, 'seminar', 'Lô ' || g, date '2023-09-05' + (g % 24), '2023-2024', 'done' from generate_series(1, 2345) g`.execute(t.db);
    const admin = await signIn(departmentAdmin);
    const res = await t.as(admin)('GET', '/api/activities/export.xlsx?schoolYear=2023-2024');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const titles: unknown[] = [];
    wb.getWorksheet('Hoạt động')!.eachRow((r, n) => n > 3 && titles.push((r.values as unknown[])[6]));
    const expected = await sql<{ title: string }>`select title from activity where school_year = '2023-2024' order by starts_on, id`.execute(t.db);
    expect(titles).toHaveLength(2345);
    expect(titles).toEqual(expected.rows.map((r) => r.title));
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
    const admin = await signIn(departmentAdmin);
    expect(n).toBeGreaterThan(0);
    expect(n).toBe((await t.as(admin)('GET', '/api/activities?schoolYear=2025-2026')).json().total);
    const bad = await runCli(['activities', 'export', '--school-year', '2025-2027', file], { DATABASE_URL: t.url });
    expect(bad.code).not.toBe(0);
    // Two processes, each starting tsx: a minute on a loaded two-core machine.
  }, 120_000);
});
