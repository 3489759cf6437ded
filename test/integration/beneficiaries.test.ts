/**
 * Beneficiaries under the personal-data law (issue 13): consent before saving, only the own
 * school's authorised staff read a record, every read and refusal logged with its reason,
 * counts with small groups masked, export and erasure (totals kept), retention — and the
 * beneficiaries' names in no public output, export, audit row or e-mail. The world is the demo's
 * story, built with the factories: THPT Nhân Chính gives televisions and gifts to its partner
 * PTDTNT Hà Nội, whose three students received gifts, one of them sponsored by a teacher.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemContext } from '#src/server/context.ts';
import { addDays, addMonths } from '#src/core/support/sponsorship.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { anonymiseExpired } from '#src/server/features/support/beneficiaries.service.ts';
import { acknowledgeDelivery } from '#src/server/features/support/support.service.ts';
import { runSponsorshipReminders } from '#src/server/features/support/sponsorships.service.ts';
import { createBeneficiary, createSponsorship } from '../factories/beneficiaries.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createContribution, deliverContribution } from '../factories/support.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD, type FactoryUser } from '../factories/users.ts';
import { createTestApp } from '../helpers/app.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const sign = (u: FactoryUser) => t.signIn(u.username, FACTORY_PASSWORD);
const adminUser = await createDepartmentAdmin(t.db);
const ownUser = await createSchoolLeader(t.db, { school: await createSchool(t.db, { name: 'Trường Phổ thông Dân tộc Nội trú Hà Nội', level: 'ethnic-boarding', areaType: 'mountainous' }) });
const partnerUser = await createSchoolLeader(t.db, { school: await createSchool(t.db, { name: 'Trường THPT Nhân Chính', level: 'upper-secondary' }) });
// A teacher of the partner school (twinned with the student's school below) sponsors.
const sponsorUser = await createTeacher(t.db, { school: partnerUser.school! });
const own = await sign(ownUser);
const partner = await sign(partnerUser);
const admin = await sign(adminUser);
const ptdtnt = ownUser.school!.id;
const pair = await createPair(t.db, { state: 'active', schools: [partnerUser.school!, ownUser.school!], leaders: [partnerUser, ownUser], admin: adminUser, now: NOW });

// The partner's televisions and gifts, handed over and acknowledged.
for (const gift of [{}, { kind: 'scholarships-gifts' as const, description: 'Sách và quà cho học sinh có hoàn cảnh khó khăn', quantity: 18, unit: 'suất', valueVnd: 9_000_000 }]) {
  const pledge = await createContribution(t.db, partnerUser.ctx, { schoolId: ptdtnt, donorKind: 'school', donorName: 'Trường THPT Nhân Chính', donorSchoolId: partnerUser.school!.id, pairId: pair.id, ...gift }, NOW);
  const delivered = await deliverContribution(t.db, partnerUser.ctx, pledge.id, { description: pledge.description, quantity: Number(pledge.quantity), valueVnd: pledge.valueVnd }, NOW);
  await t.db.transaction().execute((trx) => acknowledgeDelivery(trx, ownUser.ctx, delivered.deliveries[0]!.id, NOW));
}
// Three students who received 500.000 ₫ of gifts each; the first, with his own consent, is sponsored.
const STUDENTS = [
  { fullName: 'Lò Văn Páo', birthDate: '2008-04-12', className: '10A1', hardship: 'poor-household', guardian: 'Lò Văn Sinh', relation: 'father', sponsor: true },
  { fullName: 'Sùng Thị Mỷ', birthDate: '2007-09-03', className: '11A2', hardship: 'orphan', guardian: 'Sùng A Chứ', relation: 'guardian', sponsor: false },
  { fullName: 'Hà Thị Lụa', birthDate: '2009-01-25', className: '10A3', hardship: 'natural-disaster', guardian: 'Hà Thị Nhung', relation: 'mother', sponsor: false },
] as const;
const NAMES = STUDENTS.map((b) => b.fullName);
const students = [];
for (const b of STUDENTS) {
  students.push(
    await createBeneficiary(t.db, ownUser, {
      fullName: b.fullName,
      birthDate: b.birthDate,
      className: b.className,
      hardship: b.hardship,
      guardianConsent: { name: b.guardian, relation: b.relation, givenOn: '2023-10-20', how: 'written', scope: b.sponsor ? ['record', 'support', 'sponsor'] : ['record', 'support'] },
      ...(b.sponsor ? { ownConsent: { givenOn: '2023-10-20', how: 'written' as const, scope: ['sponsor' as const] } } : {}),
      received: [{ receivedOn: '2023-10-25', what: 'Sách và quà', valueVnd: 500_000 }],
      now: NOW,
    }),
  );
}
// Sponsored monthly from two months ago, both payments made, the next one due in three days (by the real clock, as the reminder job runs).
const startsOn = addDays(addMonths(isoDateInHanoi(new Date()), -2), 3);
await createSponsorship(t.db, ownUser, { beneficiaryId: students[0]!.id, sponsorUsername: sponsorUser.username, startsOn, endsOn: addMonths(startsOn, 11) }, { paidPeriods: [startsOn, addMonths(startsOn, 1)] });

const child = {
  schoolId: ptdtnt,
  personKind: 'student',
  fullName: 'Vàng Thị Dở',
  birthDate: '2015-05-01',
  className: '5A',
  hardship: 'disability',
  situation: 'Gia đình ở xa trường',
  publishable: false,
  reason: 'Lập hồ sơ hỗ trợ học kỳ II',
};
const guardianConsent = { name: 'Vàng A Tủa', relation: 'father', givenOn: '2026-02-20', how: 'written', scope: ['record', 'support', 'publish'] };

const logRows = () => t.db.selectFrom('beneficiary_access_log').selectAll().orderBy('id').execute();

describe('beneficiaries', () => {
  it("cannot be saved without a guardian's consent, nor published without the child's own from age 7", async () => {
    const none = await t.as(own)('POST', '/api/support/beneficiaries', child);
    expect(none.statusCode).toBe(400);
    expect(none.json().error.field).toBe('guardianConsent');
    const publish = await t.as(own)('POST', '/api/support/beneficiaries', { ...child, guardianConsent, publishable: true });
    expect(publish.statusCode).toBe(400);
    expect(publish.json().error.field).toBe('ownConsent');
    const ok = await t.as(own)('POST', '/api/support/beneficiaries', { ...child, guardianConsent, publishable: true, ownConsent: { givenOn: '2026-02-20', how: 'written', scope: ['publish'] } });
    expect(ok.statusCode, ok.body).toBe(201);
    // A six-year-old's record may be published on the guardian's consent alone.
    const young = await t.as(own)('POST', '/api/support/beneficiaries', { ...child, fullName: 'Vàng Văn Nhỏ', birthDate: '2020-01-01', guardianConsent, publishable: true });
    expect(young.statusCode, young.body).toBe(201);
  });

  it('is refused to the department and to the partner school, and each refusal is logged', async () => {
    const id = (await t.db.selectFrom('beneficiary').select('id').where('full_name', '=', NAMES[0]!).executeTakeFirstOrThrow()).id;
    for (const who of [admin, partner]) {
      const r = await t.as(who)('GET', `/api/support/beneficiaries/${id}?reason=${encodeURIComponent('Kiểm tra hồ sơ')}`);
      expect(r.statusCode).toBe(403);
      expect(r.body).not.toContain(NAMES[0]!);
    }
    const list = await t.as(partner)('GET', `/api/support/beneficiaries?schoolId=${ptdtnt}&reason=${encodeURIComponent('Xem danh sách')}`);
    expect(list.statusCode).toBe(403);
    const refused = (await logRows()).filter((l) => !l.allowed);
    expect(refused.map((l) => l.actor_username)).toEqual(expect.arrayContaining([adminUser.username, partnerUser.username]));
    expect(refused.every((l) => l.reason)).toBe(true);
  });

  it('logs every read with the reason asked (no reason, no read)', async () => {
    const id = (await t.db.selectFrom('beneficiary').select('id').where('full_name', '=', NAMES[1]!).executeTakeFirstOrThrow()).id;
    const noReason = await t.as(own)('GET', `/api/support/beneficiaries/${id}`);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reason');
    const before = (await logRows()).length;
    const r = await t.as(own)('GET', `/api/support/beneficiaries/${id}?reason=${encodeURIComponent('Chuẩn bị trao học bổng')}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ fullName: NAMES[1], received: [{ valueVnd: 500_000 }] });
    const logs = await logRows();
    expect(logs.length).toBe(before + 1);
    expect(logs.at(-1)).toMatchObject({ beneficiary_id: id, actor_username: ownUser.username, action: 'beneficiary.read', allowed: true, reason: 'Chuẩn bị trao học bổng' });
  });

  it('shows others counts only, groups smaller than 5 as "< 5", and hides a count that would give one away', async () => {
    // A school of its own, paired with the partner: five students, one an orphan, six in poor households.
    const leader = await createSchoolLeader(t.db);
    await createPair(t.db, { state: 'active', schools: [partnerUser.school!, leader.school!], leaders: [partnerUser, leader], admin: adminUser, now: NOW });
    const publicBefore = (await t.as(null)('GET', '/api/public/support/beneficiaries')).json().students as number;
    const hardships = ['orphan', 'poor-household', 'poor-household', 'poor-household', 'poor-household', 'poor-household'] as const;
    for (const [i, hardship] of hardships.entries()) await createBeneficiary(t.db, leader, { fullName: `Giàng Thị Số ${i + 1}`, hardship, now: NOW });
    const r = await t.as(partner)('GET', `/api/support/beneficiaries/summary?schoolId=${leader.school!.id}`);
    expect(r.statusCode).toBe(200);
    const s = r.json();
    // Hiding the five alone is not enough ("< 5" + 5 or more = 6 makes the orphan 1): the total goes, and the six students with it.
    expect(s.total).toBe('hidden');
    expect(s.students).toBe('hidden');
    expect(JSON.stringify(s)).not.toContain('Giàng');
    expect(s.byHardship.find((h: { hardship: string }) => h.hardship === 'orphan').count).toBe('< 5');
    // The total (6) minus five in poor households would give the orphan away.
    expect(s.byHardship.find((h: { hardship: string }) => h.hardship === 'poor-household').count).toBe('hidden');
    expect(s.byHardship.find((h: { hardship: string }) => h.hardship === 'serious-illness').count).toBe(0);
    const pub = (await t.as(null)('GET', '/api/public/support/beneficiaries')).json();
    expect(pub.students).toBe(publicBefore + 6);
  });

  it('exports the person’s data and erases it on request, keeping the anonymous totals', async () => {
    const { id } = await createBeneficiary(t.db, ownUser, { fullName: 'Vàng Thị Dở', hardship: 'disability', guardianConsent: { name: 'Vàng A Tủa', relation: 'father', givenOn: '2026-02-20', how: 'written', scope: ['record', 'support'] }, now: NOW });
    const file = await t.as(own)('GET', `/api/support/beneficiaries/${id}/export?reason=${encodeURIComponent('Phụ huynh yêu cầu bản sao')}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.json().record).toMatchObject({ fullName: 'Vàng Thị Dở', guardianConsent: { name: 'Vàng A Tủa' } });
    expect(file.json().accessLog.length).toBeGreaterThan(0);

    const before = (await t.as(partner)('GET', `/api/support/beneficiaries/summary?schoolId=${ptdtnt}`)).json();
    const erased = await t.as(own)('POST', `/api/support/beneficiaries/${id}/erase`, { reason: 'Phụ huynh yêu cầu xóa dữ liệu' });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({ fullName: null, birthDate: null, situation: null, guardianConsent: null, erased: true, hardship: 'disability' });
    const row = await t.db.selectFrom('beneficiary').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('Vàng');
    const after = (await t.as(partner)('GET', `/api/support/beneficiaries/summary?schoolId=${ptdtnt}`)).json();
    expect(after).toEqual(before);
  });

  it('anonymises records idle for longer than the retention period (the daily job)', async () => {
    const { id } = await createBeneficiary(t.db, ownUser, { fullName: 'Vàng Văn Nhỏ', birthDate: '2020-01-01', now: NOW });
    await t.db.updateTable('beneficiary').set({ updated_at: new Date('2022-01-01T00:00:00Z') }).where('id', '=', id).execute();
    const n = await t.db.transaction().execute((trx) => anonymiseExpired(trx, systemContext('test'), NOW));
    expect(n).toBe(1);
    const row = await t.db.selectFrom('beneficiary').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ full_name: null, erased_reason: 'retention' });
    expect(await t.db.selectFrom('beneficiary').select('id').where('full_name', 'in', NAMES).execute()).toHaveLength(3);
  });

  it('never shows a demo beneficiary’s name in public outputs, exports, the audit log or e-mail', async () => {
    const outputs: [string, string][] = [];
    for (const url of ['/api/public/ledger?limit=200', '/api/public/ledger/heads', '/api/public/support/totals', '/api/public/support/beneficiaries']) {
      outputs.push([url, (await t.as(null)('GET', url)).body]);
    }
    for (const [who, session] of [['own school', own], ['partner', partner], ['department', admin]] as const) {
      for (const url of ['/api/support/contributions?pageSize=100', '/api/support/totals', `/api/support/beneficiaries/summary?schoolId=${ptdtnt}`]) {
        outputs.push([`${who} ${url}`, (await t.as(session)('GET', url)).body]);
      }
      const xlsx = await t.as(session)('GET', '/api/support/export.xlsx');
      if (xlsx.statusCode === 200) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
        const cells: string[] = [];
        wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
        outputs.push([`${who} export.xlsx`, cells.join('\n')]);
      }
      const minutes = await t.db.selectFrom('contribution_delivery').select('id').execute();
      for (const m of minutes) {
        const docx = await t.as(session)('GET', `/api/support/deliveries/${m.id}/minutes?format=docx`);
        if (docx.statusCode === 200) outputs.push([`${who} minutes`, docx.rawPayload.toString('latin1')]);
      }
    }
    // sponsorships: the school's list, the sponsor's own view (given name and class only), the reminder's notification and e-mail.
    outputs.push(['own school sponsorships', (await t.as(own)('GET', `/api/support/sponsorships?schoolId=${ptdtnt}`)).body]);
    const sponsor = await sign(sponsorUser);
    const mine = await t.as(sponsor)('GET', '/api/support/sponsorships/mine');
    expect(mine.json().items[0].student).toEqual({ givenName: 'Páo', className: '10A1' });
    outputs.push(['sponsor view', mine.body]);
    expect((await runSponsorshipReminders(t.db, new Date())).reminded).toBe(1);
    const reminder = await t.db.selectFrom('notification').selectAll().where('kind', '=', 'sponsorship.paymentDue').execute();
    expect(reminder).toHaveLength(1);
    outputs.push(['reminder', JSON.stringify(reminder)]);
    outputs.push(['sponsor notifications', (await t.as(sponsor)('GET', '/api/notifications')).body]);
    outputs.push(['audit', (await t.as(admin)('GET', '/api/audit?limit=500')).body]);
    outputs.push(['audit rows', JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute())]);
    outputs.push(['ledger rows', JSON.stringify(await t.db.selectFrom('ledger_entry').selectAll().execute())]);
    outputs.push(['access log', JSON.stringify(await t.db.selectFrom('beneficiary_access_log').selectAll().execute())]);
    outputs.push(['mail', JSON.stringify(await t.db.selectFrom('mail_message' as never).selectAll().execute().catch(() => []))]);
    expect(outputs.length).toBeGreaterThan(15);
    for (const [where, body] of outputs) for (const name of NAMES) expect(body.includes(name), `${name} in ${where}`).toBe(false);
    // The sponsored student's given name reaches the sponsor's own view only (the consents allow it), nothing public, no e-mail.
    for (const [where, body] of outputs.filter(([w]) => w !== 'sponsor view')) expect(body.includes('Páo'), `Páo in ${where}`).toBe(false);
  });
});
