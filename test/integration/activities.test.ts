/**
 * Joint activities over real HTTP: who records, sees and closes them, the overdue rule at its
 * Hanoi-time boundary, participant totals equal to the records, and the evidence checks
 * (a renamed program refused, an oversized file refused in Vietnamese, no GPS in a stored photo).
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { sumParticipants } from '#src/core/activities/activity.ts';
import type { ActivityDetailDto } from '#src/core/activities/dto.ts';
import { localUploadsDir } from '#src/server/files/create-file-store.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { multipartFile } from '../helpers/pairs.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

let clock = new Date('2026-02-20T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });

const host = await createSchool(t.db, { areaType: 'inner-city' });
const partner = await createSchool(t.db, { areaType: 'mountainous' });
const outsiderSchool = await createSchool(t.db, { areaType: 'suburban' });
const leaders = [await createSchoolLeader(t.db, { school: host }), await createSchoolLeader(t.db, { school: partner })];
const pair = await createPair(t.db, { state: 'active', schools: [host, partner], leaders, now: clock });
const hostCoordinator = await createCoordinator(t.db, { school: host });
const partnerCoordinator = await createCoordinator(t.db, { school: partner });
const hostTeacher = await createTeacher(t.db, { school: host });
const outsider = await createSchoolLeader(t.db, { school: outsiderSchool });

let asHostCoord: SignedIn, asPartnerLeader: SignedIn, asPartnerCoord: SignedIn, asHostTeacher: SignedIn, asOutsider: SignedIn, asHostLeader: SignedIn;
/** Move the clock (sessions end by it, so everyone signs in again). */
async function setClock(iso: string) {
  clock = new Date(iso);
  await signInAll();
}
beforeAll(signInAll);
async function signInAll() {
  asHostCoord = await t.signIn(hostCoordinator.username, FACTORY_PASSWORD);
  asHostLeader = await t.signIn(leaders[0]!.username, FACTORY_PASSWORD);
  asPartnerLeader = await t.signIn(leaders[1]!.username, FACTORY_PASSWORD);
  asPartnerCoord = await t.signIn(partnerCoordinator.username, FACTORY_PASSWORD);
  asHostTeacher = await t.signIn(hostTeacher.username, FACTORY_PASSWORD);
  asOutsider = await t.signIn(outsider.username, FACTORY_PASSWORD);
}

const body = (over: Record<string, unknown> = {}) => ({
  pairId: pair.id,
  kind: 'subject-group-exchange',
  title: 'Sinh hoạt tổ Toán: dạy học theo CT GDPT 2018',
  startsOn: '2026-03-01',
  hostSchoolId: host.id,
  place: 'Phòng họp tổ Toán',
  mode: 'in-person',
  subject: 'Toán',
  participants: [
    { schoolId: host.id, teachers: 12, staff: 1, students: 0 },
    { schoolId: partner.id, teachers: 8, staff: 0, students: 0 },
  ],
  ...over,
});

async function record(who: SignedIn, over: Record<string, unknown> = {}): Promise<ActivityDetailDto> {
  const res = await t.as(who)('POST', '/api/activities', body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('recording and seeing activities', () => {
  it('a member school’s coordinator records an activity that both schools see and no other school does', async () => {
    const a = await record(asPartnerCoord, { title: 'Giao lưu Đoàn thanh niên', kind: 'student-exchange', subject: null, people: [partnerCoordinator.id] });
    expect(a).toMatchObject({ status: 'planned', schoolYear: '2025-2026', hostSchoolName: host.name, teachers: 20, staff: 1, overdue: false });
    expect(a.people).toEqual([{ userId: partnerCoordinator.id, schoolId: partner.id, displayName: partnerCoordinator.displayName }]);
    // The partner recorded it, but the host closes it.
    expect(a.actions).toEqual(['edit', 'uploadEvidence']);
    const seen = await t.as(asHostCoord)('GET', `/api/activities/${a.id}`);
    expect(seen.json().actions).toEqual(['edit', 'complete', 'cancel', 'uploadEvidence', 'deleteEvidence']);
    expect((await t.as(asOutsider)('GET', `/api/activities/${a.id}`)).statusCode).toBe(404);
    const list = await t.as(asOutsider)('GET', '/api/activities');
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(a.id);
    const mine = await t.as(asPartnerLeader)('GET', `/api/activities?pairId=${pair.id}`);
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(a.id);
  });

  it('refuses a teacher recording, an outsider recording, a host outside the pair and a subject-group exchange without its subject, changing nothing', async () => {
    const before = (await t.as(asHostLeader)('GET', `/api/activities?pairId=${pair.id}`)).json().total;
    expect((await t.as(asHostTeacher)('POST', '/api/activities', body())).statusCode).toBe(403);
    expect((await t.as(asOutsider)('POST', '/api/activities', body())).statusCode).toBe(404);
    const foreignHost = await t.as(asHostCoord)('POST', '/api/activities', body({ hostSchoolId: outsiderSchool.id }));
    expect(foreignHost.statusCode).toBe(400);
    expect(foreignHost.json().error).toMatchObject({ field: 'hostSchoolId', message: 'Mục “Trường chủ trì”: trường không thuộc cặp kết nghĩa.' });
    const noSubject = await t.as(asHostCoord)('POST', '/api/activities', body({ subject: null }));
    expect(noSubject.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'subject' });
    const backwards = await t.as(asHostCoord)('POST', '/api/activities', body({ endsOn: '2026-02-27' }));
    expect(backwards.json().error.field).toBe('endsOn');
    expect((await t.as(asHostLeader)('GET', `/api/activities?pairId=${pair.id}`)).json().total).toBe(before);
  });
});

describe('closing an activity', () => {
  it('only the host school’s staff close it: done, then reported with its outcome; then it is closed for good', async () => {
    const a = await record(asHostCoord);
    await setClock('2026-03-01T02:00:00Z');
    const byPartner = await t.as(asPartnerLeader)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' });
    expect(byPartner.statusCode).toBe(403);
    expect(byPartner.json().error.code).toBe('ACTIVITY_HOST_ONLY');
    expect((await t.as(asHostTeacher)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' })).statusCode).toBe(403);
    const done = await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('done');

    const noOutcome = await t.as(asHostLeader)('POST', `/api/activities/${a.id}/transitions`, { event: 'report' });
    expect(noOutcome.statusCode).toBe(409);
    expect(noOutcome.json().error).toMatchObject({ code: 'ACTIVITY_OUTCOME_REQUIRED', field: 'outcome' });
    // The partner may still complete the record (its participants, the outcome).
    const edited = await t.as(asPartnerCoord)('PATCH', `/api/activities/${a.id}`, { outcome: 'Thống nhất 3 chuyên đề dạy học theo CT GDPT 2018.' });
    expect(edited.statusCode, edited.body).toBe(200);
    const reported = await t.as(asHostLeader)('POST', `/api/activities/${a.id}/transitions`, { event: 'report' });
    expect(reported.json()).toMatchObject({ status: 'reported', actions: ['uploadEvidence'] });
    const late = await t.as(asHostCoord)('PATCH', `/api/activities/${a.id}`, { title: 'Đổi tên sau báo cáo' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ACTIVITY_CLOSED');
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).orderBy('id').execute();
    expect(audit.map((r) => r.action)).toEqual(['activity.create', 'activity.complete', 'activity.update', 'activity.report']);
  });

  it('is not done before its first day (Hanoi), and is cancelled only with a reason', async () => {
    await setClock('2026-03-09T16:59:00Z'); // 23:59 on 09/03 in Hanoi
    const a = await record(asHostCoord, { startsOn: '2026-03-10' });
    const early = await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' });
    expect(early.json().error.code).toBe('ACTIVITY_NOT_YET_HELD');
    await setClock('2026-03-09T17:00:00Z'); // 00:00 on 10/03 in Hanoi
    const noReason = await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'cancel' });
    expect(noReason.json().error).toMatchObject({ code: 'ACTIVITY_CANCEL_REASON_REQUIRED', field: 'reason' });
    const cancelled = await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'cancel', reason: 'Trùng lịch kiểm tra học kỳ.' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Trùng lịch kiểm tra học kỳ.', overdue: false });
  });

  it('a planned activity is overdue for its pair from 00:00 Hanoi time after its last day until it is closed', async () => {
    await setClock('2026-03-20T03:00:00Z');
    const a = await record(asHostCoord, { startsOn: '2026-04-01', endsOn: '2026-04-02' });
    const overdueIds = async () =>
      (await t.as(asPartnerLeader)('GET', `/api/activities?pairId=${pair.id}&overdue=true&limit=500`)).json().items.map((i: { id: string }) => i.id) as string[];
    await setClock('2026-04-02T16:59:59Z'); // 23:59:59 on 02/04 in Hanoi: its last day
    expect((await t.as(asPartnerLeader)('GET', `/api/activities/${a.id}`)).json().overdue).toBe(false);
    expect(await overdueIds()).not.toContain(a.id);
    await setClock('2026-04-02T17:00:00Z'); // 00:00 on 03/04 in Hanoi
    expect((await t.as(asPartnerLeader)('GET', `/api/activities/${a.id}`)).json().overdue).toBe(true);
    expect(await overdueIds()).toContain(a.id);
    expect((await t.as(asPartnerLeader)('GET', `/api/activities/totals?pairId=${pair.id}`)).json().overdue).toBeGreaterThanOrEqual(1);
    await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' });
    expect((await t.as(asPartnerLeader)('GET', `/api/activities/${a.id}`)).json().overdue).toBe(false);
    expect(await overdueIds()).not.toContain(a.id);
  });
});

describe('participant totals', () => {
  it('per school and per kind equal the sums of the records (done and reported only)', async () => {
    await setClock('2026-05-10T03:00:00Z');
    const made = [
      await record(asHostCoord, { kind: 'seminar', subject: null, startsOn: '2026-05-02', participants: [{ schoolId: host.id, teachers: 40, staff: 3, students: 120 }, { schoolId: partner.id, teachers: 25, staff: 2, students: 0 }] }),
      await record(asHostLeader, { kind: 'gifted-training', subject: 'Ngữ văn', startsOn: '2026-05-03', participants: [{ schoolId: partner.id, teachers: 4, staff: 0, students: 30 }] }),
      await record(asHostCoord, { kind: 'seminar', subject: null, startsOn: '2026-05-20', participants: [{ schoolId: host.id, teachers: 99, staff: 9, students: 999 }] }),
    ];
    for (const a of made.slice(0, 2)) await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' });
    const totals = (await t.as(asPartnerLeader)('GET', `/api/activities/totals?pairId=${pair.id}&schoolYear=2025-2026`)).json();
    const list = (await t.as(asPartnerLeader)('GET', `/api/activities?pairId=${pair.id}&schoolYear=2025-2026&limit=500`)).json();
    const details = await Promise.all(list.items.map(async (i: { id: string }) => (await t.as(asPartnerLeader)('GET', `/api/activities/${i.id}`)).json() as ActivityDetailDto));
    const expected = sumParticipants(details);
    expect(totals.bySchool.map((s: { schoolId: string; teachers: number; staff: number; students: number }) => [s.schoolId, { teachers: s.teachers, staff: s.staff, students: s.students }])).toEqual(
      [...expected.bySchool.entries()].sort((a, b) => totals.bySchool.findIndex((s: { schoolId: string }) => s.schoolId === a[0]) - totals.bySchool.findIndex((s: { schoolId: string }) => s.schoolId === b[0])),
    );
    expect(Object.fromEntries(totals.byKind.map((k: { kind: string }) => [k.kind, k]))).toEqual(Object.fromEntries([...expected.byKind.entries()].map(([kind, v]) => [kind, { kind, ...v }])));
    // The planned one of 20/05 counts nothing yet.
    expect(totals.byKind.find((k: { kind: string }) => k.kind === 'seminar').teachers).toBe(expected.byKind.get('seminar')!.teachers);
    expect(details.filter((d) => d.status === 'done' || d.status === 'reported').length).toBe(totals.done);
    expect(totals.activities).toBe(list.total);
  });
});

describe('evidence', () => {
  const upload = (who: SignedIn, id: string, name: string, bytes: Buffer) => {
    const m = multipartFile(name, bytes);
    return t.app.inject({ method: 'POST', url: `/api/activities/${id}/files`, payload: m.payload, headers: { ...m.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken } });
  };
  /** Every key the file store holds (all activities: nothing may land anywhere). */
  const storedKeys = async () => {
    const keys: string[] = [];
    for await (const key of new LocalFileStore(localUploadsDir(t.dataDir)).list()) keys.push(key);
    return keys;
  };

  it('keeps a photo without its EXIF GPS position, with a thumbnail, and minutes as PDF or DOCX', async () => {
    const a = await record(asHostCoord);
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 30, g: 120, b: 200 } } })
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' },
      })
      .jpeg()
      .toBuffer();
    expect((await sharp(photo).metadata()).exif, 'the test photo carries EXIF').toBeDefined();
    const res = await upload(asPartnerCoord, a.id, 'Ảnh hội nghị.jpg', photo);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'photo', fileName: 'Ảnh hội nghị.jpg', mediaType: 'image/jpeg', hasThumbnail: true });
    const stored = await t.as(asHostLeader)('GET', `/api/activities/${a.id}/files/${res.json().id}`);
    const meta = await sharp(stored.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    expect(stored.rawPayload.includes(Buffer.from('SecretPhone'))).toBe(false);
    const thumb = await t.as(asHostLeader)('GET', `/api/activities/${a.id}/files/${res.json().id}?thumbnail=true`);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const tm = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(tm.width!, tm.height!)).toBe(480);

    const { Document, Packer, Paragraph } = await import('docx');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Biên bản sinh hoạt tổ Toán')] }] }));
    const minutes = await upload(asHostCoord, a.id, 'Biên bản.docx', docx);
    expect(minutes.statusCode, minutes.body).toBe(201);
    expect(minutes.json()).toMatchObject({ kind: 'minutes', hasThumbnail: false });
    expect((await t.as(asOutsider)('GET', `/api/activities/${a.id}/files/${res.json().id}`)).statusCode).toBe(404);
  });

  it('refuses a program renamed as a photo, and an oversized file with a clear Vietnamese message, storing nothing', async () => {
    const a = await record(asHostCoord);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.alloc(512)]);
    const renamed = await upload(asHostCoord, a.id, 'anh-hoat-dong.jpg', exe);
    expect(renamed.statusCode).toBe(415);
    expect(renamed.json().error).toMatchObject({ code: 'FILE_TYPE_REFUSED', field: 'file' });
    const big = Buffer.concat([await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer(), Buffer.alloc(15 * 1024 * 1024)]);
    const tooBig = await upload(asHostCoord, a.id, 'anh-lon.jpg', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toEqual({ code: 'FILE_TOO_LARGE', field: 'file', message: 'Mục “Tệp”: tệp quá lớn, tối đa 15 MB.' });
    expect((await t.as(asHostCoord)('GET', `/api/activities/${a.id}`)).json().files).toEqual([]);
  });

  it('refuses a photo of 144 megapixels that is small on the wire, before decoding it, storing nothing', async () => {
    const a = await record(asHostCoord);
    const huge = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#fff' }, limitInputPixels: false }).png().toBuffer();
    const keysBefore = await storedKeys();
    const res = await upload(asHostCoord, a.id, 'anh-rat-lon.png', huge);
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'FILE_IMAGE_TOO_LARGE', field: 'file' });
    expect(res.json().error.message).toContain('12000 × 12000');
    expect((await t.as(asHostCoord)('GET', `/api/activities/${a.id}`)).json().files).toEqual([]);
    expect(await storedKeys()).toEqual(keysBefore);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'activity.evidence.upload').where('entity_id', '=', a.id).execute()).toEqual([]);
  });
});

// plans-e2e
describe('deleting evidence', () => {
  const upload = (who: SignedIn, id: string, name: string, bytes: Buffer) => {
    const m = multipartFile(name, bytes);
    return t.app.inject({ method: 'POST', url: `/api/activities/${id}/files`, payload: m.payload, headers: { ...m.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken } });
  };
  const store = () => new LocalFileStore(localUploadsDir(t.dataDir));
  const photo = () => sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 60, b: 40 } } }).jpeg().toBuffer();
  const deletions = () => t.db.selectFrom('audit_log').select(['action', 'before', 'entity_id', 'school_ids']).where('action', '=', 'activity.evidence.delete').execute();

  it("by the host school's staff: the file and its thumbnail leave the file store, with one audit row; another school is refused and nothing changes", async () => {
    await signInAll();
    const a = await record(asHostCoord);
    const res = await upload(asPartnerCoord, a.id, 'Ảnh nhầm.jpg', await photo());
    expect(res.statusCode, res.body).toBe(201);
    const fileId = res.json().id as string;
    const row = await t.db.selectFrom('activity_file').select(['storage_key', 'thumbnail_key']).where('id', '=', fileId).executeTakeFirstOrThrow();
    const keys = [row.storage_key, row.thumbnail_key!];
    for (const key of keys) expect(await store().exists(key)).toBe(true);
    expect((await t.as(asHostCoord)('GET', `/api/activities/${a.id}`)).json().actions).toContain('deleteEvidence');
    expect((await t.as(asPartnerCoord)('GET', `/api/activities/${a.id}`)).json().actions).not.toContain('deleteEvidence');

    // The partner school (which uploaded it, but does not host), a teacher of the host, a school outside the pair: refused.
    for (const [who, status] of [
      [asPartnerCoord, 403],
      [asPartnerLeader, 403],
      [asHostTeacher, 403],
      [asOutsider, 404],
    ] as const) {
      const refused = await t.as(who)('DELETE', `/api/activities/${a.id}/files/${fileId}`);
      expect(refused.statusCode, refused.body).toBe(status);
    }
    expect((await t.as(asHostCoord)('GET', `/api/activities/${a.id}`)).json().files.map((f: { id: string }) => f.id)).toEqual([fileId]);
    for (const key of keys) expect(await store().exists(key)).toBe(true);
    expect(await deletions()).toEqual([]);

    const done = await t.as(asHostCoord)('DELETE', `/api/activities/${a.id}/files/${fileId}`);
    expect(done.statusCode, done.body).toBe(204);
    expect((await t.as(asHostLeader)('GET', `/api/activities/${a.id}`)).json().files).toEqual([]);
    expect((await t.as(asHostLeader)('GET', `/api/activities/${a.id}/files/${fileId}`)).statusCode).toBe(404);
    for (const key of keys) expect(await store().exists(key)).toBe(false);
    const audit = await deletions();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_id: a.id, before: { id: fileId, fileName: 'Ảnh nhầm.jpg', kind: 'photo' } });
    expect([...audit[0]!.school_ids].sort()).toEqual([host.id, partner.id].sort());
    // Gone is gone: a second delete finds nothing.
    expect((await t.as(asHostCoord)('DELETE', `/api/activities/${a.id}/files/${fileId}`)).statusCode).toBe(404);
  });

  it('is refused once the activity is reported, and while its news post shows the photo', async () => {
    await setClock('2026-03-02T03:00:00Z');
    const a = await record(asHostCoord);
    const shown = (await upload(asHostCoord, a.id, 'Ảnh đẹp.jpg', await photo())).json().id as string;
    const kept = (await upload(asHostCoord, a.id, 'Ảnh khác.jpg', await photo())).json().id as string;
    expect((await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'complete' })).statusCode).toBe(200);
    const post = await t.as(asHostCoord)('POST', `/api/activities/${a.id}/news`);
    expect(post.statusCode, post.body).toBe(201);
    const edited = await t.as(asHostCoord)('PATCH', `/api/news/${post.json().id}`, { photoFileIds: [shown] });
    expect(edited.statusCode, edited.body).toBe(200);
    const inNews = await t.as(asHostCoord)('DELETE', `/api/activities/${a.id}/files/${shown}`);
    expect(inNews.statusCode).toBe(409);
    expect(inNews.json().error).toMatchObject({ code: 'ACTIVITY_EVIDENCE_IN_NEWS', message: 'Bài tin của hoạt động đang dùng ảnh này. Hãy bỏ ảnh khỏi bài tin trước khi xóa.' });

    expect((await t.as(asHostCoord)('PATCH', `/api/activities/${a.id}`, { outcome: 'Hai tổ thống nhất kế hoạch dạy học chung.' })).statusCode).toBe(200);
    const reported = await t.as(asHostCoord)('POST', `/api/activities/${a.id}/transitions`, { event: 'report' });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().actions).not.toContain('deleteEvidence');
    const late = await t.as(asHostCoord)('DELETE', `/api/activities/${a.id}/files/${kept}`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('ACTIVITY_EVIDENCE_REPORTED');
    expect((await t.as(asHostCoord)('GET', `/api/activities/${a.id}`)).json().files).toHaveLength(2);
  });
});
