/**
 * The audit log viewer: rows of activities, support, beneficiaries and paper steps name their
 * schools and pair; the department reads every row, an area officer only its area's, a school
 * user nothing; filters (who, what, school, pair, Hanoi days), keyset pages, readable changes,
 * the Excel export (formula-safe, never a beneficiary's name), and bad input refused by field.
 */
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { createActivity } from '#src/server/features/activities/activities.service.ts';
import { createBeneficiary, updateBeneficiaryRecord as updateBeneficiaryService } from '#src/server/features/support/beneficiaries.service.ts';
import { addSteeringMember } from '#src/server/features/pairs/steering.service.ts';
import { insertAuditEntry } from '#src/server/features/audit/audit.repository.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { multipartFile } from '../helpers/pairs.ts';
import { createTenants } from '../factories/tenants.ts';
import { createPair } from '../factories/pairs.ts';
import { createContribution, deliverContribution } from '../factories/support.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const w = await createTenants(t.db, { now: NOW });
const sign = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);
const admin = await sign(w.users.admin);
const officerA = await sign(w.users.officerA);
const officerB = await sign(w.users.officerB);

// Area B's records of every kind, made through the services.
const activity = await t.db.transaction().execute((trx) =>
  createActivity(trx, w.users.leaderB.ctx, { pairId: w.pairB.id, kind: 'seminar', title: 'Chuyên đề nhật ký', startsOn: '2026-03-10', hostSchoolId: w.schools.sB.id, mode: 'in-person', participants: [], people: [] }, NOW),
);
const pledge = await createContribution(t.db, w.users.leaderB.ctx, { schoolId: w.schools.sB2.id, donorKind: 'school', donorSchoolId: w.schools.sB.id, pairId: w.pairB.id }, NOW);
await deliverContribution(t.db, w.users.leaderB.ctx, pledge.id, { deliveredOn: '2026-03-02' }, NOW);
const SECRET_NAME = 'Phạm Thị Bí Mật';
const beneficiary = await t.db.transaction().execute((trx) =>
  createBeneficiary(trx, t.db, w.users.leaderB.ctx, {
    schoolId: w.schools.sB.id,
    personKind: 'student',
    fullName: SECRET_NAME,
    birthDate: '2014-02-02',
    className: '5A',
    hardship: 'orphan',
    guardianConsent: { name: 'Phạm Văn Giám Hộ', relation: 'guardian', givenOn: '2026-02-01', how: 'written', scope: ['record'] },
    publishable: false,
    reason: 'Lập hồ sơ',
  }, NOW),
);
await t.db.transaction().execute((trx) => updateBeneficiaryService(trx, t.db, w.users.leaderB.ctx, beneficiary.id, { fullName: `${SECRET_NAME} Hai`, reason: 'Sửa tên' }, NOW));
const proposed = await createPair(t.db, { state: 'proposed', schools: [w.schools.sB, w.schools.sB3], leaders: [w.users.leaderB, w.users.leaderB3], admin: w.users.admin, campaign: w.campaign, now: NOW });
const letterDoc = await PDFDocument.create();
letterDoc.addPage([595, 842]);
const letter = multipartFile('thu.pdf', Buffer.from(await letterDoc.save()), 'application/pdf');
const paperRes = await t.as(admin)('POST', `/api/pairs/${proposed.id}/paper/acceptances?schoolId=${w.schools.sB.id}&datedOn=2026-03-01`, letter.payload, letter.headers);
// A steering member whose name a spreadsheet would take for a formula.
await t.db.transaction().execute((trx) => addSteeringMember(trx, w.users.admin.ctx, w.pairX.id, { schoolId: w.schools.sA2.id, fullName: '=HYPERLINK("http://x","y")', committeeRole: 'member' }, NOW));

type Entry = { id: number; at: string; action: string; entity: string; entityId: string | null; schools: { id: string; name: string | null }[]; pair: { id: string } | null; actor: string | null; before: unknown; after: unknown; changes: { path: string; kind: string; before?: unknown; after?: unknown }[] };
async function list(user: SignedIn, query = ''): Promise<{ items: Entry[]; nextCursor: number | null; status: number; body: string }> {
  const res = await t.as(user)('GET', `/api/audit?limit=100${query}`);
  return { ...(res.statusCode === 200 ? res.json() : { items: [], nextCursor: null }), status: res.statusCode, body: res.body };
}
async function all(user: SignedIn, query = ''): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: number | null = null;
  do {
    const page = await list(user, `${query}${cursor ? `&before=${cursor}` : ''}`);
    expect(page.status, page.body).toBe(200);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('audit rows name the schools and the pair they concern', () => {
  it('activities, support, beneficiaries and paper steps', async () => {
    expect(paperRes.statusCode, paperRes.body).toBe(201);
    const rows = await t.db.selectFrom('audit_log').select(['action', 'school_ids', 'pair_id']).where('action', 'in', ['activity.create', 'support.pledge', 'support.deliver', 'beneficiary.create', 'beneficiary.update', 'pair.accept.paper']).execute();
    const by = (a: string) => rows.find((r) => r.action === a)!;
    expect(by('activity.create')).toMatchObject({ pair_id: w.pairB.id });
    expect([...by('activity.create').school_ids].sort()).toEqual([w.schools.sB.id, w.schools.sB2.id].sort());
    expect(by('support.pledge')).toMatchObject({ pair_id: w.pairB.id });
    expect([...by('support.pledge').school_ids].sort()).toEqual([w.schools.sB.id, w.schools.sB2.id].sort());
    expect(by('support.deliver').school_ids).toContain(w.schools.sB2.id);
    expect(by('beneficiary.create').school_ids).toEqual([w.schools.sB.id]);
    expect(by('beneficiary.update').school_ids).toEqual([w.schools.sB.id]);
    expect(by('pair.accept.paper')).toMatchObject({ pair_id: proposed.id });
    expect(by('pair.accept.paper').school_ids).toContain(w.schools.sB.id);
  });
});

describe('who reads which rows', () => {
  it('the department reads every row, newest first', async () => {
    const rows = await all(admin);
    const count = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    expect(rows).toHaveLength(count);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.at >= rows[i]!.at).toBe(true);
  });

  it("an area officer reads its area's rows and never another area's", async () => {
    const rowsA = await all(officerA);
    expect(rowsA.length).toBeGreaterThan(0);
    const areaA = new Set([w.schools.sA.id, w.schools.sA2.id]);
    for (const r of rowsA) expect(r.schools.some((s) => areaA.has(s.id)) || r.actor === w.users.officerA.username, JSON.stringify(r)).toBe(true);
    // Its own sign-in is among them; another officer's is not.
    expect(rowsA.some((r) => r.action === 'auth.login' && r.actor === w.users.officerA.username)).toBe(true);
    expect(rowsA.some((r) => r.actor === w.users.officerB.username)).toBe(false);
    const body = JSON.stringify(rowsA);
    expect(body).not.toContain(w.pairB.id);
    expect(body).not.toContain(activity.id);
    expect(body).not.toContain(w.schools.sB2.name);
    // Pointing at another area's school or pair shows nothing.
    expect((await list(officerA, `&schoolId=${w.schools.sB.id}`)).items).toEqual([]);
    expect((await list(officerA, `&pairId=${w.pairB.id}`)).items).toEqual([]);
    // Area B's officer reads its activity, contribution and paper step.
    const rowsB = await all(officerB, `&pairId=${w.pairB.id}`);
    expect(rowsB.map((r) => r.action)).toEqual(expect.arrayContaining(['activity.create', 'support.pledge', 'support.deliver']));
  });

  it('a school user and nobody signed in read nothing', async () => {
    for (const u of [w.users.leaderA, w.users.coordinatorA, w.users.teacherA]) {
      const s = await sign(u);
      expect((await t.as(s)('GET', '/api/audit')).statusCode).toBe(403);
      expect((await t.as(s)('GET', '/api/audit/actions')).statusCode).toBe(403);
      expect((await t.as(s)('GET', '/api/audit/export.xlsx')).statusCode).toBe(403);
    }
    expect((await t.as(null)('GET', '/api/audit')).statusCode).toBe(401);
  });
});

describe('filters, pages and changes', () => {
  it('filters by who, what, school and pair', async () => {
    const byLeader = await all(admin, `&actorUserId=${w.users.leaderB.id}`);
    expect(byLeader.length).toBeGreaterThan(0);
    expect(byLeader.every((r) => r.actor === w.users.leaderB.username)).toBe(true);
    const creates = await all(admin, '&action=activity.create');
    expect(creates.map((r) => r.entityId)).toContain(activity.id);
    expect(creates.every((r) => r.action === 'activity.create')).toBe(true);
    const ofSchool = await all(admin, `&schoolId=${w.schools.sB2.id}`);
    expect(ofSchool.every((r) => r.schools.some((s) => s.id === w.schools.sB2.id))).toBe(true);
    expect(ofSchool.map((r) => r.action)).toEqual(expect.arrayContaining(['support.pledge', 'activity.create']));
    const ofPair = await all(admin, `&pairId=${w.pairX.id}`);
    expect(ofPair.length).toBeGreaterThan(0);
    expect(ofPair.every((r) => r.pair?.id === w.pairX.id)).toBe(true);
    const actions = (await t.as(admin)('GET', '/api/audit/actions')).json().items as string[];
    expect(actions).toEqual(expect.arrayContaining(['activity.create', 'support.pledge', 'pair.accept.paper', 'user.create']));
    expect([...actions].sort()).toEqual(actions);
  });

  it('dates are Hanoi calendar days, the last one included', async () => {
    // 23:30 on 01/03 in Hanoi is 16:30 UTC; 00:30 on 02/03 in Hanoi is 17:30 UTC on 01/03.
    for (const [at, action] of [['2026-03-01T16:30:00Z', 'test.day1'], ['2026-03-01T17:30:00Z', 'test.day2']] as const) {
      await insertAuditEntry(t.db, { actorUserId: null, actorUsername: 'test', action, entity: 'school', entityId: w.schools.sA.id, before: null, after: { at }, requestId: null, schoolIds: [w.schools.sA.id] });
      await t.db.updateTable('audit_log').set({ at: new Date(at) } as never).where('action', '=', action).execute();
    }
    const day1 = await all(admin, '&from=2026-03-01&to=2026-03-01');
    expect(day1.map((r) => r.action)).toContain('test.day1');
    expect(day1.map((r) => r.action)).not.toContain('test.day2');
    const day2 = await all(admin, '&from=2026-03-02&to=2026-03-02&entity=school');
    expect(day2.map((r) => r.action)).toContain('test.day2');
    expect(day2.map((r) => r.action)).not.toContain('test.day1');
  });

  it('pages by keyset: every row once, in order', async () => {
    const whole = await all(admin);
    const paged: Entry[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const res = await t.as(admin)('GET', `/api/audit?limit=7${cursor ? `&before=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { items: Entry[]; nextCursor: number | null };
      expect(page.items.length).toBeLessThanOrEqual(7);
      paged.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
  });

  it('each row shows before, after and what changed', async () => {
    const [pledgeRow] = await all(admin, '&action=support.pledge');
    expect(pledgeRow!.changes).toEqual(expect.arrayContaining([{ path: 'valueVnd', kind: 'added', after: 41_000_000 }]));
    const [paper] = await all(admin, '&action=pair.accept.paper');
    expect(paper!.before).toMatchObject({ state: 'proposed' });
    expect(paper!.changes.map((c) => c.path)).toEqual(expect.arrayContaining(['schoolId', 'onPaper']));
    expect(paper!.changes.map((c) => c.path)).not.toContain('state');
  });
});

describe("beneficiaries' names never reach the viewer or the export", () => {
  it('the list and the workbook show no name, birth date or guardian', async () => {
    const rows = await all(admin);
    const text = JSON.stringify(rows);
    expect(rows.some((r) => r.entity === 'beneficiary')).toBe(true);
    for (const secret of [SECRET_NAME, 'Phạm Văn Giám Hộ', '2014-02-02']) expect(text).not.toContain(secret);
    const res = await t.as(admin)('GET', '/api/audit/export.xlsx');
    expect(res.statusCode).toBe(200);
    const cells = await workbookCells(res.rawPayload);
    for (const secret of [SECRET_NAME, 'Phạm Văn Giám Hộ', '2014-02-02']) expect(cells.join('\n')).not.toContain(secret);
  });
});

async function workbookCells(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const out: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? '')))));
  return out;
}

describe('the Excel export', () => {
  it('holds the filtered rows the caller may read, every text safe from formulas', async () => {
    const res = await t.as(officerA)('GET', `/api/audit/export.xlsx?pairId=${w.pairX.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.worksheets[0]!;
    const expected = await all(officerA, `&pairId=${w.pairX.id}`);
    expect(sheet.rowCount - 3).toBe(expected.length);
    expect(String(sheet.getCell(3, 2).value)).toBe('Thời gian');
    expect(String(sheet.getCell(4, 2).value)).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/u);
    const cells = await workbookCells(res.rawPayload);
    expect(cells.join('\n')).toContain('HYPERLINK');
    expect(cells.filter((c) => /^[=+\-@]/u.test(c))).toEqual([]);
    // Another area's pair: an empty sheet, not its rows.
    const other = await t.as(officerA)('GET', `/api/audit/export.xlsx?pairId=${w.pairB.id}`);
    const ws = new ExcelJS.Workbook();
    await ws.xlsx.load(other.rawPayload as never);
    expect(ws.worksheets[0]!.rowCount).toBe(3);
  });
});

describe("the Excel export's changes", () => {
  it('name each field in words as the page does (Trạng thái, not state; Họ và tên, not fullName)', async () => {
    const res = await t.as(admin)('GET', `/api/audit/export.xlsx?pairId=${w.pairX.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell(3, 10).value)).toBe('Thay đổi');
    const lines: string[] = [];
    for (let r = 4; r <= sheet.rowCount; r++) lines.push(...String(sheet.getCell(r, 10).value ?? '').split('\n'));
    // The pair's steps change its state; the steering member added has a name (named too since the demo's log showed "fullName"; an unknown field's raw name: field-labels.test.ts).
    expect(lines).toContain('Trạng thái: proposed → accepted');
    expect(lines.some((l) => l.startsWith('Các trường › 0: ') || l.startsWith('Các trường: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('Họ và tên: '))).toBe(true);
    expect(lines.filter((l) => /^(state|schoolIds|campaignId|fullName)[.:]/u.test(l))).toEqual([]);
  });
});

describe('bad input is refused by field and changes nothing', () => {
  it.each([
    ['from=01/03/2026', 'from'],
    ['from=2026-02-30', 'from'],
    ['from=2026-03-05&to=2026-03-01', 'to'],
    ['limit=1000', 'limit'],
    ['limit=0', 'limit'],
    ['schoolId=not-a-uuid', 'schoolId'],
    ['before=-1', 'before'],
    [`action=${encodeURIComponent('pair\u0000x')}`, 'action'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await t.as(admin)('GET', `/api/audit?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.field).toBe(field);
  });
});
