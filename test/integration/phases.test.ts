/**
 * Phases that follow the calendar (issue 10): an MoU's placeholders are filled when the
 * document is rendered, from the campaign and the version's own period; a phase outside the
 * campaign is refused.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CampaignDto } from '#src/core/campaigns/campaign.ts';
import { readZip } from '#src/documents/zip.ts';
import { PHASE_END_QUEUE } from '#src/server/features/pairs/phases.jobs.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD, type FactoryUser } from '../factories/users.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { signLatest } from '../helpers/pairs.ts';

// Today, as in the issue: 05/12/2026, a year after the phase 2022–2025 of plan 4340/KH-SGDĐT ended.
const today = new Date('2026-12-05T03:00:00Z');
let clock = today;
const t = await createTestApp({ demo: false, now: () => clock });
beforeEach(() => {
  clock = today;
});
const departmentAdmin = await createDepartmentAdmin(t.db);
const admin = await t.signIn(departmentAdmin.username, FACTORY_PASSWORD);
/** The plan 4340/KH-SGDĐT of 12/12/2022, for 2022–2025: its phase has ended. */
const ended = await createCampaign(t.db, { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', phaseStartYear: 2022, phaseEndYear: 2025 });

/** A school leader of a new school (inner-city unless told), signed in. */
async function leader(areaType: 'inner-city' | 'mountainous' = 'inner-city') {
  const user = await createSchoolLeader(t.db, { school: await createSchool(t.db, { areaType }) });
  return { user, schoolId: user.school!.id, session: await t.signIn(user.username, FACTORY_PASSWORD) };
}
type Leader = Awaited<ReturnType<typeof leader>>;

/** A pair of these leaders' schools in `campaign`, taken to `state` through the real workflow on today's clock. */
async function pairOf(campaign: CampaignDto, leaders: Leader[], state: 'approved' | 'active' = 'approved') {
  const users: FactoryUser[] = leaders.map((l) => l.user);
  const pair = await createPair(t.db, { state, campaign, schools: users.map((u) => u.school!), leaders: users, admin: departmentAdmin, now: clock });
  return pair.id;
}

/** The words of a PDF, whitespace collapsed (lines break anywhere). */
function pdfWords(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ct-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/gu, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The words of a DOCX's body, whitespace collapsed. */
function docxWords(docx: Buffer): string {
  const xml = readZip(docx).get('word/document.xml')!.toString('utf8');
  return xml
    .split(/<\/w:p>/u)
    .map((p) => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join(''))
    .join(' ')
    .replace(/&quot;/gu, '"')
    .replace(/&amp;/gu, '&')
    .replace(/\s+/gu, ' ');
}

async function mouOf(user: SignedIn, pairId: string) {
  const res = await t.as(user)('GET', `/api/pairs/${pairId}/mou`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

interface MouJson {
  version: number;
  place: string;
  venue: string | null;
  datedOn: string;
  phase: string;
  parties: Record<string, unknown>[];
  content: unknown;
}
const draftBody = (mou: MouJson, changes: Record<string, unknown>) => ({
  baseVersion: mou.version,
  place: mou.place,
  venue: mou.venue,
  datedOn: mou.datedOn,
  phase: mou.phase,
  parties: mou.parties.map((p) => ({ schoolId: p.schoolId, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle, representatives: p.representatives })),
  content: mou.content,
  ...changes,
});

describe('MoU placeholders are filled when the document is rendered', () => {
  /** An approved pair, its first draft waiting, in a new plan `number` for 2026–2029 issued on 20/08/2026. */
  async function draft(number: string) {
    const campaign = await createCampaign(t.db, { number, issuedOn: '2026-08-20', title: 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm', phaseStartYear: 2026, phaseEndYear: 2029 });
    const [chuphan, aimob] = [await leader(), await leader('mountainous')];
    return { campaign, pairId: await pairOf(campaign, [chuphan, aimob]), chuphan: chuphan.session, aimob: aimob.session };
  }

  it('a draft keeps {phase}, {from}, {until} and the plan as placeholders; the preview, the PDF and the DOCX fill them from the campaign and the MoU period', async () => {
    const { pairId, chuphan } = await draft('9001/KH-SGDĐT');
    const mou = await mouOf(chuphan, pairId);
    expect(mou.phase).toBe('2026-2029');
    expect(mou.content.preamble[0]).toContain('Kế hoạch số {campaignNumber} ngày {campaignDate} của {campaignIssuer}');
    expect(mou.content.articles[2].clauses[0]).toMatch(/^Từ tháng \{from\} đến hết tháng \{until\}\./u);
    expect(mou.content.articles[1].clauses[0]).toMatch(/^\{A\} và \{B\}/u);
    // What the leaders read before signing.
    expect(mou.rendered.preamble[0]).toBe(
      'Căn cứ Kế hoạch số 9001/KH-SGDĐT ngày 20/08/2026 của Sở Giáo dục và Đào tạo Hà Nội về việc tổ chức phong trào "Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm" giai đoạn 2026 - 2029;',
    );
    expect(mou.rendered.articles[2].clauses[0]).toMatch(/^Từ tháng 12\/2026 đến hết tháng 12\/2029\./u);
    expect(JSON.stringify(mou.rendered)).not.toMatch(/\{[A-Za-z]+\}|2025|2023/u);

    const pdf = await t.as(chuphan)('GET', `/api/pairs/${pairId}/mou?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    const words = pdfWords(pdf.rawPayload);
    expect(words).toContain('GIAI ĐOẠN 2026-2029');
    expect(words).toContain('Kế hoạch số 9001/KH-SGDĐT ngày 20/08/2026');
    expect(words).toContain('Từ tháng 12/2026 đến hết tháng 12/2029');
    expect(words).not.toMatch(/\{[A-Za-z]+\}|2025-2025/u);
  });

  it('changing the draft phase to 2026-2028 changes the title, the basis, the articles and Điều 3 alike', async () => {
    const { pairId, aimob } = await draft('9011/KH-SGDĐT');
    const before = await mouOf(aimob, pairId);
    const res = await t.as(aimob)('PUT', `/api/pairs/${pairId}/mou`, draftBody(before, { phase: '2026-2028', changeNote: 'Giai đoạn đến 2028' }));
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    // The text as written did not change: only the phase did.
    expect(after.content).toEqual(before.content);
    expect(after.rendered.preamble[0]).toContain('giai đoạn 2026 - 2028;');
    expect(after.rendered.articles[1].clauses[0]).toContain('giai đoạn 2026 - 2028.');
    expect(after.rendered.articles[2].clauses[0]).toMatch(/^Từ tháng 12\/2026 đến hết tháng 12\/2028\./u);
    const docx = await t.as(aimob)('GET', `/api/pairs/${pairId}/mou?format=docx`);
    const words = docxWords(docx.rawPayload);
    expect(words).toContain('GIAI ĐOẠN 2026-2028');
    expect(words).toContain('Từ tháng 12/2026 đến hết tháng 12/2028');
    expect(words).not.toContain('2029');
  });

  it('a phase outside the campaign is refused, naming the field, in Vietnamese and English, and nothing is saved', async () => {
    const { pairId, aimob } = await draft('9021/KH-SGDĐT');
    const before = await mouOf(aimob, pairId);
    for (const phase of ['2025-2028', '2026-2030', '2022-2025']) {
      const res = await t.as(aimob)('PUT', `/api/pairs/${pairId}/mou`, draftBody(before, { phase }));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phase' });
      expect(res.json().error.message).toBe('Mục “Giai đoạn”: giai đoạn của biên bản phải nằm trong giai đoạn 2026-2029 của kế hoạch 9021/KH-SGDĐT.');
    }
    const en = await t.as(aimob)('PUT', `/api/pairs/${pairId}/mou`, draftBody(before, { phase: '2026-2030' }), { cookie: `${aimob.cookie}; ct_lang=en` });
    expect(en.json().error.message).toBe('“Phase”: the memorandum’s phase must lie within the phase 2026-2029 of plan 9021/KH-SGDĐT.');
    const versions = (await t.as(aimob)('GET', `/api/pairs/${pairId}/mou/versions`)).json().items;
    expect(versions[0].version).toBe(before.version);
  });

  it('once signed, the document keeps the plan it cited even if the campaign record is edited afterwards', async () => {
    const { campaign, pairId, chuphan, aimob } = await draft('9031/KH-SGDĐT');
    const campaignId = campaign.id;
    const edited = await t.as(admin)('PATCH', `/api/campaigns/${campaignId}`, { number: '9002/KH-SGDĐT' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await mouOf(chuphan, pairId)).rendered.preamble[0]).toContain('Kế hoạch số 9002/KH-SGDĐT');
    for (const leader of [chuphan, aimob]) expect((await signLatest(t, leader, pairId)).statusCode).toBe(200);
    await t.as(admin)('PATCH', `/api/campaigns/${campaignId}`, { number: '9003/KH-SGDĐT' });
    const signed = await mouOf(chuphan, pairId);
    expect(signed.status).toBe('signed');
    expect(signed.rendered.preamble[0]).toContain('Kế hoạch số 9002/KH-SGDĐT');
    expect(pdfWords((await t.as(chuphan)('GET', `/api/pairs/${pairId}/mou?format=pdf`)).rawPayload)).toContain('9002/KH-SGDĐT');
  });

  it('a draft made in 2026 under the ended 2022–2025 campaign covers 2022-2025, never "2025-2025", and its basis no longer keeps 2023-2025', async () => {
    const ptdtnt = await leader('mountainous');
    const id = await pairOf(ended, [await leader(), ptdtnt]);
    const mou = await mouOf(ptdtnt.session, id);
    expect(mou.phase).toBe('2022-2025');
    expect(mou.rendered.preamble[0]).toContain('Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022');
    expect(mou.rendered.preamble[0]).toContain('giai đoạn 2022 - 2025;');
    expect(JSON.stringify(mou.rendered)).not.toMatch(/2023|2025-2025|2025 - 2025/u);
    const words = pdfWords((await t.as(ptdtnt.session)('GET', `/api/pairs/${id}/mou?format=pdf`)).rawPayload);
    expect(words).toContain('GIAI ĐOẠN 2022-2025');
    expect(words).not.toContain('2025-2025');
  });
});

describe('a campaign whose phase has ended', () => {
  const count = async () => Number((await t.db.selectFrom('pair').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a proposal (409) naming the plan and its end date, until the request confirms it', async () => {
    const [aimob, ptdtnt] = [await leader(), await leader('mountainous')];
    const before = await count();
    const body = { campaignId: ended.id, schoolIds: [aimob.schoolId, ptdtnt.schoolId] };
    const refused = await t.as(admin)('POST', '/api/pairs', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'CAMPAIGN_ENDED', field: 'confirmCampaignEnded' });
    expect(refused.json().error.message).toBe(
      'Kế hoạch 4340/KH-SGDĐT đã kết thúc ngày 31/12/2025. Muốn vẫn ghép cặp, đề xuất hoặc phê duyệt trong kế hoạch này, hãy xác nhận điều đó (mục “Xác nhận kế hoạch đã kết thúc”); nếu không, hãy chọn kế hoạch của giai đoạn hiện tại.',
    );
    const en = await t.as(admin)('POST', '/api/pairs', body, { cookie: `${admin.cookie}; ct_lang=en` });
    expect(en.json().error.message).toMatch(/^Plan 4340\/KH-SGDĐT ended on 31\/12\/2025\./u);
    // A school leader proposing is refused alike.
    expect((await t.as(aimob.session)('POST', '/api/pairs', body)).statusCode).toBe(409);
    expect(await count()).toBe(before);

    const confirmed = await t.as(admin)('POST', '/api/pairs', { ...body, confirmCampaignEnded: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const pairId = confirmed.json().id;
    const audit = (await t.as(admin)('GET', `/api/audit?entity=pair&entityId=${pairId}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'pair.propose' });
    expect(JSON.stringify(audit[0])).toContain('campaignEndedConfirmed');

    // Approving asks again.
    for (const l of [aimob, ptdtnt]) expect((await t.as(l.session)('POST', `/api/pairs/${pairId}/transitions`, { event: 'accept' })).statusCode).toBe(200);
    const approve = await t.as(admin)('POST', `/api/pairs/${pairId}/transitions`, { event: 'approve' });
    expect(approve.statusCode).toBe(409);
    expect(approve.json().error.message).toContain('31/12/2025');
    expect((await t.as(admin)('GET', `/api/pairs/${pairId}`)).json().state).toBe('accepted');
    const approved = await t.as(admin)('POST', `/api/pairs/${pairId}/transitions`, { event: 'approve', confirmCampaignEnded: true });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe('approved');
  });

  it('the engine’s “create proposed pairs” is refused as a whole, then done when confirmed', async () => {
    // Its own plan, ended too, with two schools that can help and two that ask for help.
    const campaign = await createCampaign(t.db, { number: '4341/KH-SGDĐT', issuedOn: '2022-12-12', phaseStartYear: 2022, phaseEndYear: 2025 });
    for (const areaType of ['inner-city', 'inner-city'] as const) await createSchool(t.db, { areaType, strengths: [{ areaCode: 'english', level: 3 }, { areaCode: 'digital-transformation', level: 3 }] });
    for (const areaType of ['mountainous', 'mountainous'] as const) await createSchool(t.db, { areaType, needs: [{ areaCode: 'english', level: 3 }, { areaCode: 'digital-transformation', level: 3 }] });
    const run = await t.as(admin)('POST', '/api/matching/runs', { campaignId: campaign.id, label: 'sau khi kết thúc' });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json().status).toBe('succeeded');
    const pairs = run.json().pairs.slice(0, 2).map((p: { left: { id: string }; right: { id: string } }) => ({ left: p.left.id, right: p.right.id }));
    expect(pairs.length).toBeGreaterThan(0);
    const before = await count();
    const refused = await t.as(admin)('POST', `/api/matching/runs/${run.json().id}/accept`, { pairs });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'CAMPAIGN_ENDED', field: 'confirmCampaignEnded' });
    expect(await count()).toBe(before);
    const done = await t.as(admin)('POST', `/api/matching/runs/${run.json().id}/accept`, { pairs, confirmCampaignEnded: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().created).toHaveLength(pairs.length);
    expect(await count()).toBe(before + pairs.length);
  });

  it('a campaign says when it ends', async () => {
    const c = (await t.as((await leader()).session)('GET', `/api/campaigns/${ended.id}`)).json();
    expect(c).toMatchObject({ number: '4340/KH-SGDĐT', endsOn: '2025-12-31' });
  });
});

describe('the next phase of a campaign', () => {
  const state = async (id: string, viewer = admin) =>
    (await t.as(viewer)('GET', `/api/pairs/${id}`)).json() as { state: string; campaign: { id: string }; endedOn: string | null; endReason: string | null };
  const activePair = async (campaign: CampaignDto, leaders: Leader[]) => {
    const id = await pairOf(campaign, leaders, 'active');
    expect((await state(id)).state).toBe('active');
    return id;
  };
  /** A plan `number` for 2024–2026 (ends 31/12/2026), issued on 01/08/2024. */
  const previousPlan = (number: string) => createCampaign(t.db, { number, issuedOn: '2024-08-01', phaseStartYear: 2024, phaseEndYear: 2026 });
  /** The department opens the next phase (2027–2030) of `previous`, as `number`; returns its id. */
  async function openNext(previous: CampaignDto, number: string) {
    const res = await t.as(admin)('POST', `/api/campaigns/${previous.id}/next-phase`, { number, issuedOn: '2026-11-20', phaseStartYear: 2027, phaseEndYear: 2030 });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  it('the department opens it: a new campaign from the previous one’s template and settings, linked to it, once', async () => {
    const previousCampaign = await previousPlan('7001/KH-SGDĐT');
    const previous = previousCampaign.id;
    const aimob = await leader();
    await activePair(previousCampaign, [await leader('mountainous'), aimob]);

    const body = { number: '7002/KH-SGDĐT', issuedOn: '2026-11-20', phaseStartYear: 2027, phaseEndYear: 2030 };
    expect((await t.as(aimob.session)('POST', `/api/campaigns/${previous}/next-phase`, body)).statusCode).toBe(403);
    const early = await t.as(admin)('POST', `/api/campaigns/${previous}/next-phase`, { ...body, phaseStartYear: 2026 });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.field).toBe('phaseStartYear');
    const res = await t.as(admin)('POST', `/api/campaigns/${previous}/next-phase`, body);
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    const next = c.id;
    const old = (await t.as(admin)('GET', `/api/campaigns/${previous}`)).json();
    expect(c).toMatchObject({ number: '7002/KH-SGDĐT', issuer: old.issuer, title: old.title, previousCampaignId: previous, schoolYears: ['2027-2028', '2028-2029', '2029-2030'], endsOn: '2030-12-31' });
    expect(c.mouTemplate).toEqual(old.mouTemplate);
    expect(old.nextCampaignId).toBe(next);
    expect((await t.as(admin)('POST', `/api/campaigns/${previous}/next-phase`, { ...body, number: '7003/KH-SGDĐT' })).statusCode).toBe(409);
  });

  it('a pair continues: a new pair of the next phase with a new MoU pre-filled from the old one, signed again by both', async () => {
    const previous = await previousPlan('7101/KH-SGDĐT');
    const [chuphan, aimob] = [await leader('mountainous'), await leader()];
    const continuing = await activePair(previous, [chuphan, aimob]);
    const next = await openNext(previous, '7102/KH-SGDĐT');
    const teacher = await t.signIn((await createTeacher(t.db, { school: aimob.user.school! })).username, FACTORY_PASSWORD);
    const outsider = await leader();

    expect((await t.as(teacher)('POST', `/api/pairs/${continuing}/next-phase`, { choice: 'continue' })).statusCode).toBe(403);
    expect((await t.as(outsider.session)('POST', `/api/pairs/${continuing}/next-phase`, { choice: 'continue' })).statusCode).toBe(404);
    const before = (await t.as(chuphan.session)('GET', `/api/pairs/${continuing}/next-phase`)).json();
    expect(before).toMatchObject({ next: { id: next, number: '7102/KH-SGDĐT', phase: '2027-2030' }, choice: null, mayChoose: true, campaign: { endsOn: '2026-12-31', ended: false } });

    const res = await t.as(chuphan.session)('POST', `/api/pairs/${continuing}/next-phase`, { choice: 'continue' });
    expect(res.statusCode, res.body).toBe(200);
    // The old phase has not ended yet: the old pair runs to its end.
    expect(res.json()).toMatchObject({ choice: 'continue', state: 'active' });
    const newPair = res.json().newPairId;
    expect((await t.as(aimob.session)('POST', `/api/pairs/${continuing}/next-phase`, { choice: 'end' })).statusCode).toBe(409);

    const created = await state(newPair);
    expect(created).toMatchObject({ state: 'approved', campaign: { id: next } });
    const mou = await mouOf(aimob.session, newPair);
    expect(mou).toMatchObject({ version: 1, status: 'draft', phase: '2027-2030', datedOn: '2026-12-05' });
    // Pre-filled from the old text, its period and plan placeholders again, so it follows the new phase.
    expect(mou.content.articles[2].clauses[0]).toMatch(/^Từ tháng \{from\} đến hết tháng \{until\}\./u);
    expect(mou.rendered.articles[2].clauses[0]).toMatch(/^Từ tháng 1\/2027 đến hết tháng 12\/2030\./u);
    expect(mou.rendered.preamble[0]).toContain('Kế hoạch số 7102/KH-SGDĐT ngày 20/11/2026');
    expect(JSON.stringify(mou.rendered)).not.toMatch(/7101|2024|2026 - /u);
    expect(mou.changeNote).toMatch(/^Tiếp tục Biên bản ghi nhớ số \d+\/GN-/u);
    for (const l of [aimob, chuphan]) expect((await signLatest(t, l.session, newPair)).statusCode).toBe(200);
    expect((await state(newPair)).state).toBe('active');
    expect((await t.as(aimob.session)('GET', `/api/pairs/${newPair}/next-phase`)).json()).toMatchObject({ continuesPairId: continuing, next: null, mayChoose: false });
    expect((await t.as(aimob.session)('GET', `/api/pairs/${continuing}/next-phase`)).json()).toMatchObject({ choice: 'continue', continuedByPairId: newPair, mayChoose: false });
  });

  it('a pair ends; at the phase’s end the job completes every pair of the old phase, the ones not continued included, once', async () => {
    const previous = await previousPlan('7201/KH-SGDĐT');
    const [chuphan, aimob, nhanchinh, ptdtnt] = [await leader('mountainous'), await leader(), await leader(), await leader('mountainous')];
    const continuing = await activePair(previous, [chuphan, aimob]);
    const ending = await activePair(previous, [nhanchinh, ptdtnt]);
    const silent = await activePair(previous, [chuphan, nhanchinh]);
    await openNext(previous, '7202/KH-SGDĐT');
    const go = await t.as(chuphan.session)('POST', `/api/pairs/${continuing}/next-phase`, { choice: 'continue' });
    expect(go.statusCode, go.body).toBe(200);
    const newPair = go.json().newPairId as string;
    for (const l of [aimob, chuphan]) expect((await signLatest(t, l.session, newPair)).statusCode).toBe(200);

    const ended = await t.as(ptdtnt.session)('POST', `/api/pairs/${ending}/next-phase`, { choice: 'end' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ choice: 'end', state: 'active', newPairId: null });

    // 1 January 2027 in Hanoi: the job, sent as the schedule sends it, works as of then.
    clock = new Date('2027-01-01T03:00:00Z');
    const viewer = await t.signIn(departmentAdmin.username, FACTORY_PASSWORD);
    for (const key of [randomUUID(), randomUUID()]) {
      expect(await t.jobs.send(PHASE_END_QUEUE, key, { now: clock.toISOString() })).toBe(true);
      t.jobs.wake(PHASE_END_QUEUE);
      await expect.poll(async () => (await t.jobs.state(PHASE_END_QUEUE, key))?.state, { timeout: 30_000, interval: 200 }).toBe('completed');
    }
    for (const id of [continuing, ending, silent]) expect(await state(id, viewer)).toMatchObject({ state: 'completed', endedOn: '2026-12-31' });
    expect((await state(continuing, viewer)).endReason).toContain('tiếp tục kết nghĩa ở giai đoạn 2027-2030');
    expect((await state(silent, viewer)).endReason).toContain('Hết giai đoạn (đến hết ngày 31/12/2026)');
    // The pair of the next phase goes on.
    expect((await state(newPair, viewer)).state).toBe('active');
    // Idempotent: the second run completed nothing again.
    const completions = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'pair.complete').where('entity_id', 'in', [continuing, ending, silent]).execute();
    expect(completions).toHaveLength(3);
  });
});
