/**
 * MoUs (biên bản ghi nhớ) over real HTTP, on pairs of the factories: drafting, versions and
 * their diff, signing by hash, numbering per issuer and year, public verification, scans and
 * the steering committee. Each test makes its own schools and pair. The demo's signed MoU is
 * read in demo-mou.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { approvedPair, latestDraft, multipartFile, signLatest } from '../helpers/pairs.ts';
import { officialUnit } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool, type FactorySchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, type FactoryUser } from '../factories/users.ts';

// The clock moves: tests of the yearly numbering cross New Year.
let clock = new Date('2024-03-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });
const signIn = (u: FactoryUser) => t.signIn(u.username, u.password);
const adminUser = await createDepartmentAdmin(t.db);
const admin = await signIn(adminUser);
const campaign = await createCampaign(t.db, { phaseStartYear: 2023, phaseEndYear: 2025 });

/** Schools as they stood in 2024, in their official communes (a new school each call, so each issuer numbers from 01). */
const SCHOOLS = {
  chuphan: { name: 'Trường Tiểu học Chu Phan', shortName: 'TH Chu Phan', commune: '09004', areaType: 'suburban' }, // huyện Mê Linh
  aimob: { name: 'Trường Tiểu học Ái Mộ B', shortName: 'TH Ái Mộ B', commune: '00139', areaType: 'inner-city' }, // quận Long Biên
  nhanchinh: { name: 'Trường THPT Nhân Chính', shortName: 'THPT Nhân Chính', commune: '00343', areaType: 'inner-city' }, // quận Thanh Xuân
  ptdtnt: { name: 'Trường Phổ thông Dân tộc nội trú Hà Nội', shortName: 'PTDTNT Hà Nội', commune: '09697', areaType: 'mountainous' }, // huyện Ba Vì
} as const;
type SchoolKey = keyof typeof SCHOOLS;

/** A school of `SCHOOLS` and its leader, signed in. */
async function schoolWithLeader(key: SchoolKey): Promise<{ school: FactorySchool; leader: FactoryUser; as: SignedIn }> {
  const { commune, ...fields } = SCHOOLS[key];
  const school = await createSchool(t.db, { ...fields, unit: await officialUnit(t.db, commune, '2024-03-05') });
  const leader = await createSchoolLeader(t.db, { school });
  return { school, leader, as: await signIn(leader) };
}

/** A pair of two new schools in `state` (approved: its first MoU draft waits for signatures; active: signed by both). */
async function pairOf(keys: [SchoolKey, SchoolKey], state: 'approved' | 'active' = 'approved') {
  const [a, b] = [await schoolWithLeader(keys[0]), await schoolWithLeader(keys[1])];
  const pair = await createPair(t.db, { state, campaign, schools: [a.school, b.school], leaders: [a.leader, b.leader], admin: adminUser, now: clock });
  return { pairId: pair.id, a, b };
}

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ct-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('public verification', () => {
  it('rejects an unknown code clearly', async () => {
    for (const code of ['ZZZZ-ZZZZ', 'not-a-code']) {
      const res = await t.as(null)('GET', `/api/verify/${code}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('VERIFICATION_CODE_UNKNOWN');
      expect(res.json().error.message).toContain('không khớp với văn bản nào');
    }
  });
});

/** Nhân Chính saves version 2 of the pair's first draft: the dates of Điều 3, a clause added, the signatories named. */
async function saveVersion2(pairId: string, by: SignedIn) {
  const v1 = (await t.as(by)('GET', `/api/pairs/${pairId}/mou`)).json();
  const edited = structuredClone(v1.content);
  edited.articles[2].clauses[0] = 'Từ tháng 3/2024 đến hết tháng 5/2025. Sau mỗi năm học, hai bên sẽ đánh giá tổng kết kết quả đạt được.';
  edited.articles[1].clauses.push('Tổ chức giao lưu Liên đội giữa học sinh hai nhà trường.');
  const body = {
    baseVersion: 1,
    place: 'Mê Linh',
    venue: v1.venue,
    datedOn: '2024-03-20',
    phase: v1.phase,
    parties: v1.parties.map((p: { schoolId: string }, i: number) => ({ schoolId: p.schoolId, signatoryName: i === 0 ? 'Nguyễn Văn Tuấn' : 'Trần Thị Hạnh', signatoryTitle: 'HIỆU TRƯỞNG' })),
    content: edited,
    changeNote: 'Thống nhất thời gian',
  };
  const saved = await t.as(by)('PUT', `/api/pairs/${pairId}/mou`, body);
  expect(saved.statusCode, saved.body).toBe(200);
  return { body, saved };
}

describe('drafting, versions, diff and signing', () => {
  it('every saved change is a new version, with a readable diff, and a stale edit is refused', async () => {
    const { pairId, a: { school: chuphanSchool, as: chuphan }, b: { as: nhanchinh } } = await pairOf(['chuphan', 'nhanchinh']);
    const teacher = await signIn(await createTeacher(t.db, { school: chuphanSchool }));
    const { as: aimob } = await schoolWithLeader('aimob');
    const { body, saved } = await saveVersion2(pairId, nhanchinh);
    expect(saved.json()).toMatchObject({ version: 2, status: 'draft', datedOn: '2024-03-20', changeNote: 'Thống nhất thời gian' });
    expect(saved.json().parties[1].signatoryName).toBe('Trần Thị Hạnh');
    // Another editor still on version 1.
    const stale = await t.as(chuphan)('PUT', `/api/pairs/${pairId}/mou`, body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('MOU_VERSION_CONFLICT');
    // A teacher does not edit; an outsider does not see.
    expect((await t.as(teacher)('PUT', `/api/pairs/${pairId}/mou`, { ...body, baseVersion: 2 })).statusCode).toBe(403);
    expect((await t.as(aimob)('PUT', `/api/pairs/${pairId}/mou`, { ...body, baseVersion: 2 })).statusCode).toBe(404);

    const diff = (await t.as(chuphan)('GET', `/api/pairs/${pairId}/mou/diff?from=1&to=2`)).json();
    expect(diff.changes.map((c: { article: number; clause: number; change: string }) => [c.article, c.clause, c.change])).toEqual([
      [2, 6, 'added'],
      [3, 1, 'changed'],
    ]);
    expect(diff.changes[1].words.filter((w: { op: string }) => w.op === 'insert').map((w: { text: string }) => w.text).join('')).toContain('3/2024');
    expect(diff.meta).toEqual(expect.arrayContaining([{ field: 'datedOn', before: '2024-03-05', after: '2024-03-20' }]));
  });

  it('each leader signs the version they read (SHA-256); an edit after a signature needs signing again', async () => {
    const { pairId, a: { school: chuphanSchool, as: chuphan }, b: { as: nhanchinh } } = await pairOf(['chuphan', 'nhanchinh']);
    await saveVersion2(pairId, nhanchinh);
    const v2 = await latestDraft(t, chuphan, pairId);
    const wrong = await t.as(chuphan)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v2.version, sha256: '0'.repeat(64) });
    expect(wrong.json().error.code).toBe('MOU_HASH_MISMATCH');
    expect((await t.as(admin)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v2.version, sha256: v2.sha256 })).statusCode).toBe(403);
    const first = await t.as(chuphan)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v2.version, sha256: v2.sha256 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'draft', number: null });
    expect(first.json().signatures).toEqual([expect.objectContaining({ schoolId: chuphanSchool.id, signatoryName: 'Nguyễn Văn Tuấn', sha256: v2.sha256, electronic: true })]);
    expect((await t.as(chuphan)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v2.version, sha256: v2.sha256 })).json().error.code).toBe('MOU_ALREADY_SIGNED');

    // Nhân Chính changes a word: a new version, which Chu Phan has not signed.
    const cur = (await t.as(nhanchinh)('GET', `/api/pairs/${pairId}/mou`)).json();
    cur.content.articles[0].title = 'Mục tiêu chung';
    const saved = await t.as(nhanchinh)('PUT', `/api/pairs/${pairId}/mou`, {
      baseVersion: cur.version,
      place: cur.place,
      venue: cur.venue,
      datedOn: cur.datedOn,
      phase: cur.phase,
      parties: cur.parties.map((p: { schoolId: string; signatoryName: string; signatoryTitle: string; representatives: unknown[] }) => ({ schoolId: p.schoolId, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle, representatives: p.representatives })),
      content: cur.content,
    });
    expect(saved.json()).toMatchObject({ version: 3, signatures: [] });
    expect((await t.as(chuphan)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v2.version, sha256: v2.sha256 })).json().error.code).toBe('MOU_NOT_SIGNABLE');

    expect((await signLatest(t, nhanchinh, pairId)).json().status).toBe('draft');
    const done = await signLatest(t, chuphan, pairId);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ version: 3, status: 'signed', signedOn: '2024-03-05', number: '01/GN-THCP' });
    expect(done.json().signatures).toHaveLength(2);
    const detail = (await t.as(admin)('GET', `/api/pairs/${pairId}`)).json();
    expect(detail.state).toBe('active');
    expect(detail.history[0].action).toBe('mou.sign.complete');

    // Frozen now.
    const frozen = await t.as(chuphan)('PUT', `/api/pairs/${pairId}/mou`, {
      baseVersion: 3,
      place: cur.place,
      venue: cur.venue,
      datedOn: cur.datedOn,
      phase: cur.phase,
      parties: cur.parties.map((p: { schoolId: string; signatoryName: string; signatoryTitle: string }) => ({ schoolId: p.schoolId, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle })),
      content: { ...cur.content, preamble: [] },
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('MOU_SIGNED_FROZEN');

    // The signed documents show both electronic signatures, the hash and the code.
    if (hasPoppler) {
      const pdf = await t.as(nhanchinh)('GET', `/api/pairs/${pairId}/mou?format=pdf`);
      const text = pdfText(pdf.rawPayload).replace(/\s+/gu, ' ');
      expect(text).toContain('Đã ký điện tử bởi Nguyễn Văn Tuấn');
      expect(text).toContain('Đã ký điện tử bởi Trần Thị Hạnh');
      expect(text).toContain(done.json().sha256);
      expect(text).toContain(done.json().verificationCode);
      expect(text).toContain('Mê Linh, ngày 20 tháng 3 năm 2024');
    }
    const verify = (await t.as(null)('GET', `/api/verify/${done.json().verificationCode}`)).json();
    expect(verify.parties.map((p: { name: string }) => p.name)).toEqual(['Trường TH Chu Phan huyện Mê Linh', 'Trường THPT Nhân Chính quận Thanh Xuân']);
    expect(verify.signatures.every((s: { electronic: boolean }) => s.electronic)).toBe(true);
  });
});

describe('document numbers', () => {
  it('restart each calendar year per issuer and are never given twice, even at the same moment', async () => {
    clock = new Date('2024-12-31T09:00:00Z'); // 16:00 in Hanoi, still 2024
    // Sessions end by the clock: everyone signs in at its new time.
    const admin = await signIn(adminUser);
    const [cp, am, pt, nc] = [await schoolWithLeader('chuphan'), await schoolWithLeader('aimob'), await schoolWithLeader('ptdtnt'), await schoolWithLeader('nhanchinh')];
    const [chuphan, aimob, ptdtnt, nhanchinh] = [cp.as, am.as, pt.as, nc.as];
    // Three more pairs hosted by Chu Phan in a second campaign, ready to be signed.
    const c = await t.as(admin)('POST', '/api/campaigns', {
      number: '120/KH-SGDĐT',
      issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
      issuedOn: '2024-09-01',
      title: 'Nhà trường cùng chung tay phát triển',
      phaseStartYear: 2024,
      phaseEndYear: 2026,
    });
    const p1 = await approvedPair(t, admin, [chuphan, aimob], c.json().id, [cp.school.id, am.school.id]);
    const p2 = await approvedPair(t, admin, [chuphan, ptdtnt], c.json().id, [cp.school.id, pt.school.id]);
    const p3 = await approvedPair(t, admin, [chuphan, nhanchinh], c.json().id, [cp.school.id, nc.school.id]);
    for (const p of [p1, p2, p3]) expect((await signLatest(t, chuphan, p)).statusCode).toBe(200);
    // The last signatures of p1 and p2 land at the same moment.
    const [a, b] = await Promise.all([signLatest(t, aimob, p1), signLatest(t, ptdtnt, p2)]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect([a.json().number, b.json().number].sort()).toEqual(['01/GN-THCP', '02/GN-THCP']);
    // 1 January 2025 in Hanoi (still 31 December in UTC): a new register year.
    clock = new Date('2024-12-31T18:00:00Z');
    const c3 = await signLatest(t, nhanchinh, p3);
    expect(c3.json()).toMatchObject({ number: '01/GN-THCP', signedOn: '2025-01-01' });
    clock = new Date('2024-03-05T03:00:00Z');
    // The MoU series alone (yearly plans are numbered by the same register, kind 'plan').
    const register = await t.db.selectFrom('document_register').select(['year', 'seq', 'number']).where('issuer_school_id', '=', cp.school.id).where('kind', '=', 'mou').orderBy('year').orderBy('seq').execute();
    expect(register.map((r) => `${r.year}:${r.number}`)).toEqual(['2024:01/GN-THCP', '2024:02/GN-THCP', '2025:01/GN-THCP']);
  });
});

describe('two leaders signing the same MoU at the same moment', () => {
  it('are served one after the other: both signatures kept, one number, one activation', async () => {
    const { pairId, a: { as: aimob }, b: { as: nhanchinh } } = await pairOf(['aimob', 'nhanchinh']);
    const [a, b] = await Promise.all([signLatest(t, aimob, pairId), signLatest(t, nhanchinh, pairId)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect([a.json().status, b.json().status].sort()).toEqual(['draft', 'signed']);
    const mou = (await t.as(aimob)('GET', `/api/pairs/${pairId}/mou`)).json();
    expect(mou).toMatchObject({ status: 'signed', number: '01/GN-THAMB' });
    expect(mou.signatures).toHaveLength(2);
    expect((await t.as(aimob)('GET', `/api/pairs/${pairId}`)).json().state).toBe('active');
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', pairId).where('action', 'like', 'mou.sign%').execute();
    expect(audit.map((r) => r.action).sort()).toEqual(['mou.sign', 'mou.sign.complete']);
  });
});

describe('scanned copies and the steering committee', () => {
  it('keeps a scanned PDF, JPEG or PNG of the signed original, checking the type from the content', async () => {
    const { pairId, a: { as: chuphan }, b: { as: aimob } } = await pairOf(['chuphan', 'aimob'], 'active');
    const doc = await PDFDocument.create();
    doc.addPage();
    const pdf = Buffer.from(await doc.save());
    const up = multipartFile('Biên bản đã ký.pdf', pdf, 'application/pdf');
    const res = await t.app.inject({ method: 'POST', url: `/api/pairs/${pairId}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: chuphan.cookie, 'x-csrf-token': chuphan.csrfToken } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mouVersion: 1, fileName: 'Biên bản đã ký.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length });
    const back = await t.as(aimob)('GET', `/api/pairs/${pairId}/mou/scans/${res.json().id}`);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(back.rawPayload.equals(pdf)).toBe(true);

    const html = multipartFile('scan.pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf');
    const bad = await t.app.inject({ method: 'POST', url: `/api/pairs/${pairId}/mou/scans`, payload: html.payload, headers: { ...html.headers, cookie: chuphan.cookie, 'x-csrf-token': chuphan.csrfToken } });
    expect(bad.statusCode).toBe(415);
    expect(bad.json().error).toMatchObject({ code: 'FILE_TYPE_REFUSED', field: 'file' });

    const big = multipartFile('big.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(10 * 1024 * 1024 + 1)]));
    const tooBig = await t.app.inject({ method: 'POST', url: `/api/pairs/${pairId}/mou/scans`, payload: big.payload, headers: { ...big.headers, cookie: chuphan.cookie, 'x-csrf-token': chuphan.csrfToken } });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toEqual({ code: 'FILE_TOO_LARGE', field: 'file', message: 'Mục “Tệp”: tệp quá lớn, tối đa 10 MB.' });

    const { as: nhanchinh } = await schoolWithLeader('nhanchinh');
    const outsider = await t.app.inject({ method: 'POST', url: `/api/pairs/${pairId}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: nhanchinh.cookie, 'x-csrf-token': nhanchinh.csrfToken } });
    expect(outsider.statusCode).toBe(404);
    const scans = (await t.as(aimob)('GET', `/api/pairs/${pairId}`)).json().scans;
    expect(scans).toHaveLength(1);
  });

  it('stores neither a program nor a web page that claims to be a PDF, and keeps no file of a refused upload', async () => {
    const { pairId, a: { as: chuphan }, b: { as: aimob } } = await pairOf(['chuphan', 'aimob'], 'active');
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56), Buffer.from('%PDF-1.7\n'), Buffer.alloc(512)]);
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0'), Buffer.from('%PDF-1.4\n'), Buffer.alloc(512)]);
    const html = Buffer.from('<html><body>%PDF-1.4<script>fetch("/api/auth/me")</script></body></html>');
    const before = (await t.as(aimob)('GET', `/api/pairs/${pairId}`)).json().scans.length;
    const storedFiles = () => (existsSync(join(t.dataDir, 'uploads')) ? readdirSync(join(t.dataDir, 'uploads'), { recursive: true }).length : 0);
    const filesBefore = storedFiles();
    for (const [name, bytes] of [['scan.pdf', elf], ['scan.pdf', pe], ['scan.pdf', html]] as const) {
      const up = multipartFile(name, bytes, 'application/pdf');
      const res = await t.app.inject({ method: 'POST', url: `/api/pairs/${pairId}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: chuphan.cookie, 'x-csrf-token': chuphan.csrfToken } });
      expect(res.statusCode, name).toBe(415);
    }
    expect((await t.as(aimob)('GET', `/api/pairs/${pairId}`)).json().scans).toHaveLength(before);
    expect(storedFiles()).toBe(filesBefore);
  });

  it('keeps a photo of the signed original without the place and the phone it was taken with', async () => {
    const { pairId, a: { as: chuphan }, b: { as: aimob } } = await pairOf(['chuphan', 'aimob'], 'active');
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } })
      .withExif({ IFD0: { Model: 'SecretPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' } })
      .jpeg()
      .toBuffer();
    const up = multipartFile('anh-chup.jpg', photo, 'image/jpeg');
    const res = await t.app.inject({ method: 'POST', url: `/api/pairs/${pairId}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: chuphan.cookie, 'x-csrf-token': chuphan.csrfToken } });
    expect(res.statusCode, res.body).toBe(201);
    const back = await t.as(aimob)('GET', `/api/pairs/${pairId}/mou/scans/${res.json().id}`);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(res.json().sizeBytes).toBe(back.rawPayload.length);
    const meta = await sharp(back.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(back.rawPayload.includes(Buffer.from('SecretPhone'))).toBe(false);
  });

  it('leaders keep their own school’s members of the steering committee', async () => {
    const { pairId, a: { school: chuphanSchool, as: chuphan }, b: { school: aimobSchool, as: aimob } } = await pairOf(['chuphan', 'aimob'], 'active');
    const teacher = await signIn(await createTeacher(t.db, { school: aimobSchool }));
    const add = await t.as(aimob)('POST', `/api/pairs/${pairId}/steering`, {
      schoolId: aimobSchool.id,
      fullName: 'Hoàng Thị Bích Thu',
      committeeRole: 'head',
      position: 'Hiệu trưởng',
      phone: '024 3872 1234',
      email: 'c1aimob@hanoiedu.vn',
    });
    expect(add.statusCode, add.body).toBe(201);
    const other = await t.as(aimob)('POST', `/api/pairs/${pairId}/steering`, { schoolId: chuphanSchool.id, fullName: 'Nguyễn Văn A', committeeRole: 'member' });
    expect(other.statusCode).toBe(403);
    const badPhone = await t.as(chuphan)('POST', `/api/pairs/${pairId}/steering`, { schoolId: chuphanSchool.id, fullName: 'Nguyễn Văn Tuấn', committeeRole: 'deputy', phone: 'abc' });
    expect(badPhone.json().error.message).toBe('Mục “Điện thoại”: số điện thoại không hợp lệ.');
    await t.as(chuphan)('POST', `/api/pairs/${pairId}/steering`, { schoolId: chuphanSchool.id, fullName: 'Nguyễn Văn Tuấn', committeeRole: 'deputy', position: 'Hiệu trưởng' });
    const list = (await t.as(teacher)('GET', `/api/pairs/${pairId}/steering`)).json().items;
    expect(list.map((m: { fullName: string; committeeRole: string }) => [m.committeeRole, m.fullName])).toEqual([
      ['head', 'Hoàng Thị Bích Thu'],
      ['deputy', 'Nguyễn Văn Tuấn'],
    ]);
    const edit = await t.as(aimob)('PUT', `/api/pairs/${pairId}/steering/${add.json().id}`, { schoolId: aimobSchool.id, fullName: 'Hoàng Thị Bích Thu', committeeRole: 'head', position: 'Hiệu trưởng, Bí thư Chi bộ' });
    expect(edit.json().position).toBe('Hiệu trưởng, Bí thư Chi bộ');
    expect((await t.as(chuphan)('DELETE', `/api/pairs/${pairId}/steering/${add.json().id}`)).statusCode).toBe(403);
    expect((await t.as(aimob)('DELETE', `/api/pairs/${pairId}/steering/${add.json().id}`)).statusCode).toBe(204);
  });
});
