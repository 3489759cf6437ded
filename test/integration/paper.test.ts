/**
 * Paper steps: a school without an account answers on paper; the department (or the
 * officer of the school's area) records its acceptance or its signature on its behalf,
 * with the scanned letter, audited, and shown as "xác nhận trên giấy" on the pair page,
 * the MoU versions and the documents.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readZip } from '#src/documents/zip.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { latestDraft, multipartFile } from '../helpers/pairs.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, createDepartmentAdmin, createSchoolLeader, FACTORY_PASSWORD } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const area = await createArea(t.db);
const elsewhere = await createArea(t.db);
// A has an account; B (in the officer's area) and C (elsewhere) have none.
const schoolA = await createSchool(t.db, { areaType: 'inner-city', unit: elsewhere.commune });
const schoolB = await createSchool(t.db, { areaType: 'mountainous', unit: area.commune });
const schoolC = await createSchool(t.db, { areaType: 'suburban', unit: elsewhere.commune });
const adminUser = await createDepartmentAdmin(t.db, { displayName: 'Lê Thị Văn Thư' });
const leaderUser = await createSchoolLeader(t.db, { school: schoolA });
const officerUser = await createAreaOfficer(t.db, { unit: area.district, displayName: 'Phạm Văn Phòng' });
const otherOfficerUser = await createAreaOfficer(t.db, { unit: elsewhere.district });
const sign = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);
const admin = await sign(adminUser);
const leader = await sign(leaderUser);
const officer = await sign(officerUser);
const otherOfficer = await sign(otherOfficerUser);

async function letterPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return Buffer.from(await doc.save());
}

function upload(user: SignedIn, url: string, file: { name: string; bytes: Buffer; type?: string }) {
  const up = multipartFile(file.name, file.bytes, file.type ?? 'application/pdf');
  return t.app.inject({ method: 'POST', url, payload: up.payload, headers: { ...up.headers, cookie: user.cookie, 'x-csrf-token': user.csrfToken } });
}

/** A pair of these schools, proposed by the department in a campaign of its own. */
async function propose(schoolIds: string[]): Promise<string> {
  const c = await createCampaign(t.db, { phaseStartYear: 2026, phaseEndYear: 2028, issuedOn: '2026-01-05' });
  const res = await t.as(admin)('POST', '/api/pairs', { campaignId: c.id, schoolIds });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const auditOf = (pairId: string, action: string) =>
  t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', pairId).where('action', '=', action).execute();
const paperRows = (pairId: string) => t.db.selectFrom('paper_record').selectAll().where('pair_id', '=', pairId).execute();

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ct-paper-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('schools without an account', () => {
  it('are marked on the pairs list and on the pair page', async () => {
    const pairId = await propose([schoolA.id, schoolC.id]);
    const list = (await t.as(admin)('GET', `/api/pairs?limit=100`)).json();
    const listed = list.items.find((p: { id: string }) => p.id === pairId);
    expect(listed.schools.map((s: { id: string; hasAccount: boolean }) => [s.id, s.hasAccount])).toEqual([
      [schoolA.id, true],
      [schoolC.id, false],
    ]);
    const page = (await t.as(admin)('GET', `/api/pairs/${pairId}`)).json();
    expect(page.members.map((m: { hasAccount: boolean; paperActions: string[] }) => [m.hasAccount, m.paperActions])).toEqual([
      [true, ['accept']],
      [false, ['accept']],
    ]);
    // A leader sees the marks but may record nothing for another school.
    const asLeader = (await t.as(leader)('GET', `/api/pairs/${pairId}`)).json();
    expect(asLeader.members.map((m: { paperActions: string[] }) => m.paperActions)).toEqual([[], []]);
  });
});

describe('an acceptance made on paper', () => {
  it('is recorded by the department with the scanned letter, audited once, and counts as the school’s answer', async () => {
    const pairId = await propose([schoolA.id, schoolC.id]);
    expect((await t.as(leader)('POST', `/api/pairs/${pairId}/transitions`, { event: 'accept' })).statusCode).toBe(200);
    const pdf = await letterPdf();
    const res = await upload(admin, `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolC.id}&datedOn=2026-02-27`, { name: 'Thư chấp thuận.pdf', bytes: pdf });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'acceptance', schoolId: schoolC.id, datedOn: '2026-02-27', fileName: 'Thư chấp thuận.pdf', mediaType: 'application/pdf', recordedBy: 'Lê Thị Văn Thư', recordedAt: NOW.toISOString() });

    const page = (await t.as(leader)('GET', `/api/pairs/${pairId}`)).json();
    expect(page.state).toBe('accepted');
    const c = page.members.find((m: { schoolId: string }) => m.schoolId === schoolC.id);
    expect(c.acceptedAt).toBe(NOW.toISOString());
    expect(c.acceptedOnPaper).toMatchObject({ id: res.json().id, recordedBy: 'Lê Thị Văn Thư', datedOn: '2026-02-27' });
    expect(page.members.find((m: { schoolId: string }) => m.schoolId === schoolA.id).acceptedOnPaper).toBeNull();

    const audit = await auditOf(pairId, 'pair.accept.paper');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ state: 'accepted', schoolId: schoolC.id, onPaper: { datedOn: '2026-02-27' } });
    // The other party reads the letter as it was uploaded.
    const letter = await t.as(leader)('GET', `/api/pairs/${pairId}/paper/${res.json().id}/letter`);
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect(letter.rawPayload.equals(pdf)).toBe(true);

    // Once answered, no second record.
    const again = await upload(admin, `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolC.id}&datedOn=2026-02-27`, { name: 'a.pdf', bytes: pdf });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PAPER_ALREADY_ANSWERED', field: 'schoolId' });
  });

  it('refuses a letter that is not a PDF or a photo, a date after today, a school outside the pair and other callers, changing nothing', async () => {
    const pairId = await propose([schoolA.id, schoolC.id]);
    const pdf = await letterPdf();
    const url = (schoolId: string, datedOn = '2026-03-01') => `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolId}&datedOn=${datedOn}`;

    const html = await upload(admin, url(schoolC.id), { name: 'thu.pdf', bytes: Buffer.from('<html><body>thư</body></html>') });
    expect(html.statusCode).toBe(415);
    expect(html.json().error).toMatchObject({ code: 'FILE_TYPE_REFUSED', field: 'file' });

    const future = await upload(admin, url(schoolC.id, '2026-03-05'), { name: 'a.pdf', bytes: pdf });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.field).toBe('datedOn');
    expect(future.json().error.message).toContain('Ngày văn bản');

    const outsider = await upload(admin, url(schoolB.id), { name: 'a.pdf', bytes: pdf });
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error).toMatchObject({ code: 'PAPER_SCHOOL_NOT_MEMBER', field: 'schoolId' });

    const noFile = await t.as(admin)('POST', url(schoolC.id));
    expect(noFile.statusCode).toBe(400);

    expect((await upload(leader, url(schoolC.id), { name: 'a.pdf', bytes: pdf })).statusCode).toBe(403);
    // The officer of C's area may not (C is not in their area) and sees no such pair.
    expect((await upload(officer, url(schoolC.id), { name: 'a.pdf', bytes: pdf })).statusCode).toBe(404);

    expect(await paperRows(pairId)).toEqual([]);
    const page = (await t.as(admin)('GET', `/api/pairs/${pairId}`)).json();
    expect(page.state).toBe('proposed');
    expect(page.members.every((m: { acceptedAt: string | null }) => m.acceptedAt === null)).toBe(true);
    expect(await auditOf(pairId, 'pair.accept.paper')).toEqual([]);
  });

  it('may be recorded by the officer of the school’s area, for that school only', async () => {
    const pairId = await propose([schoolA.id, schoolB.id]);
    const pdf = await letterPdf();
    const page = (await t.as(officer)('GET', `/api/pairs/${pairId}`)).json();
    expect(page.members.map((m: { schoolId: string; paperActions: string[] }) => [m.schoolId, m.paperActions])).toEqual([
      [schoolA.id, []],
      [schoolB.id, ['accept']],
    ]);
    expect((await upload(officer, `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolA.id}&datedOn=2026-03-01`, { name: 'a.pdf', bytes: pdf })).statusCode).toBe(403);
    const res = await upload(officer, `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolB.id}&datedOn=2026-03-01`, { name: 'a.pdf', bytes: pdf });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recordedBy).toBe('Phạm Văn Phòng');
    // A stands in the other officer's area: they may record A's answer.
    expect((await upload(otherOfficer, `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolA.id}&datedOn=2026-03-01`, { name: 'a.pdf', bytes: pdf })).statusCode).toBe(201);
    expect((await t.as(admin)('GET', `/api/pairs/${pairId}`)).json().state).toBe('accepted');
  });
});

describe('a signature made on paper', () => {
  it('puts the version in force with the other school’s signature, and the documents say “xác nhận trên giấy”, who recorded it and when', async () => {
    const pairId = await propose([schoolA.id, schoolC.id]);
    const pdf = await letterPdf();
    expect((await t.as(leader)('POST', `/api/pairs/${pairId}/transitions`, { event: 'accept' })).statusCode).toBe(200);
    expect((await upload(admin, `/api/pairs/${pairId}/paper/acceptances?schoolId=${schoolC.id}&datedOn=2026-03-01`, { name: 'a.pdf', bytes: pdf })).statusCode).toBe(201);
    expect((await t.as(admin)('POST', `/api/pairs/${pairId}/transitions`, { event: 'approve' })).statusCode).toBe(200);
    const draft = await latestDraft(t, admin, pairId);
    expect((await t.as(admin)('GET', `/api/pairs/${pairId}`)).json().members.map((m: { paperActions: string[] }) => m.paperActions)).toEqual([['sign'], ['sign']]);

    const stale = await upload(admin, `/api/pairs/${pairId}/paper/signatures?schoolId=${schoolC.id}&datedOn=2026-03-02&version=${draft.version}&sha256=${'0'.repeat(64)}`, { name: 'a.pdf', bytes: pdf });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe('sha256');

    const signed = await t.as(leader)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: draft.version, sha256: draft.sha256 });
    expect(signed.statusCode, signed.body).toBe(200);
    const res = await upload(admin, `/api/pairs/${pairId}/paper/signatures?schoolId=${schoolC.id}&datedOn=2026-03-02&version=${draft.version}&sha256=${draft.sha256}`, { name: 'Trang ký.pdf', bytes: pdf });
    expect(res.statusCode, res.body).toBe(201);
    const mou = res.json();
    expect(mou.status).toBe('signed');
    expect(mou.number).toMatch(/^01\/GN-/u);
    const paperSig = mou.signatures.find((s: { schoolId: string }) => s.schoolId === schoolC.id);
    expect(paperSig).toMatchObject({ electronic: false, onPaper: { signedOn: '2026-03-02', recordedBy: 'Lê Thị Văn Thư', recordedAt: NOW.toISOString() } });
    expect(mou.signatures.find((s: { schoolId: string }) => s.schoolId === schoolA.id)).toMatchObject({ electronic: true, onPaper: null });

    const page = (await t.as(leader)('GET', `/api/pairs/${pairId}`)).json();
    expect(page.state).toBe('active');
    expect(page.mou.versions[0].signatures.find((s: { schoolId: string }) => s.schoolId === schoolC.id).onPaper.recordedBy).toBe('Lê Thị Văn Thư');
    expect(page.paperRecords.map((r: { kind: string; mouVersion: number | null }) => [r.kind, r.mouVersion])).toEqual([
      ['acceptance', null],
      ['signature', draft.version],
    ]);
    const audit = await auditOf(pairId, 'mou.sign.paper.complete');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ schoolId: schoolC.id, state: 'active', number: mou.number });

    const docx = await t.as(leader)('GET', `/api/pairs/${pairId}/mou?format=docx`);
    const xml = readZip(docx.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Xác nhận trên giấy');
    expect(xml).toContain('ghi nhận bởi Lê Thị Văn Thư lúc 02/03/2026 10:00');
    expect(xml).toContain('Đã ký điện tử bởi');
    const text = pdfText((await t.as(leader)('GET', `/api/pairs/${pairId}/mou?format=pdf`)).rawPayload);
    expect(text).toContain('(Xác nhận trên giấy)');
    expect(text).toContain('ký ngày 02/03/2026');
    expect(text.replace(/\s+/gu, ' ')).toContain('ghi nhận bởi Lê Thị Văn Thư lúc');
  });
});
