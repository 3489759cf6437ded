/**
 * Sponsorships (nhận đỡ đầu, issue 13): only with a guardian's consent covering it; managed by
 * the student's own school's leader and coordinator; each payment a public ledger entry that
 * never names the student; the sponsor sees only their own sponsorships and only what the
 * consents allow; reminders before each due date, once, without the student's name.
 */
import { describe, expect, it } from 'vitest';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { createBeneficiary } from '#src/server/features/support/beneficiaries.service.ts';
import { verifyLedger } from '#src/server/features/support/ledger.service.ts';
import { runSponsorshipReminders } from '#src/server/features/support/sponsorships.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const today = isoDateInHanoi(NOW);
const t = await createTestApp({ demo: false, now: () => NOW });
const w = await createTenants(t.db, { now: NOW });
// The student's school is sB; its leader and a coordinator manage; a teacher of sB2 (twinned
// with sB in the active pair B) sponsors, and a teacher of sB itself another student.
const coordinatorB = await createCoordinator(t.db, { school: w.schools.sB });
const teacherB = await createTeacher(t.db, { school: w.schools.sB });
const sponsor = await createTeacher(t.db, { school: w.schools.sB2, email: 'co.lan@example.vn', displayName: 'Cô Nguyễn Thị Lan' });
const otherSponsor = await createTeacher(t.db, { school: w.schools.sB });
const sign = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);
const leaderB = await sign(w.users.leaderB);
const coordB = await sign(coordinatorB);
const sponsorSession = await sign(sponsor);

const STUDENT = 'Giàng Thị Mai';
const LITTLE = 'Giàng A Lử';
async function beneficiary(fullName: string, birthDate: string, scope: ('record' | 'support' | 'publish' | 'sponsor')[], own?: ('record' | 'support' | 'publish' | 'sponsor')[]) {
  return t.db.transaction().execute((trx) =>
    createBeneficiary(
      trx,
      t.db,
      w.users.leaderB.ctx,
      {
        schoolId: w.schools.sB.id,
        personKind: 'student',
        fullName,
        birthDate,
        className: '6A2',
        hardship: 'poor-household',
        guardianConsent: { name: 'Giàng A Pó', relation: 'father', givenOn: '2026-02-01', how: 'written', scope },
        ...(own ? { ownConsent: { givenOn: '2026-02-01', how: 'written' as const, scope: own } } : {}),
        publishable: false,
        reason: 'Lập hồ sơ nhận đỡ đầu',
      },
      NOW,
    ),
  );
}
// 12 years old, both consents cover sponsorship; a 12-year-old whose own consent does not; one whose guardian did not agree.
const mai = await beneficiary(STUDENT, '2014-01-10', ['record', 'support', 'sponsor'], ['sponsor']);
const noOwn = await beneficiary('Giàng Văn Chứ', '2014-05-10', ['record', 'support', 'sponsor']);
const noConsent = await beneficiary(LITTLE, '2014-06-10', ['record', 'support']);

const body = (beneficiaryId: string, extra: Record<string, unknown> = {}) => ({
  beneficiaryId,
  sponsorKind: 'person',
  sponsorUsername: sponsor.username,
  frequency: 'monthly',
  amountVnd: 1_500_000,
  startsOn: '2026-01-05',
  endsOn: '2026-12-05',
  ...extra,
});
const count = async (table: 'sponsorship' | 'sponsorship_payment' | 'ledger_entry') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('sponsorships', () => {
  let maiSponsorship = '';

  it("is refused unless the guardian's consent covers sponsorship, and bad input names its field and changes nothing", async () => {
    const refused = await t.as(leaderB)('POST', '/api/support/sponsorships', body(noConsent.id));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('beneficiaryId');
    expect(refused.json().error.message).toMatch(/đỡ đầu/u);
    const english = await sign(await createCoordinator(t.db, { school: w.schools.sB }));
    await t.as(english)('PATCH', '/api/auth/me', { locale: 'en' });
    const en = await t.as(english)('POST', '/api/support/sponsorships', body(noConsent.id));
    expect(en.json().error.message).toMatch(/sponsor/u);
    for (const [bad, field] of [
      [{ amountVnd: 0 }, 'amountVnd'],
      [{ endsOn: '2025-12-31' }, 'endsOn'],
      [{ sponsorUsername: 'khong.co.ai' }, 'sponsorUsername'],
      [{ frequency: 'weekly' }, 'frequency'],
      [{ sponsorUsername: 'a\u0000b' }, 'sponsorUsername'],
    ] as const) {
      const r = await t.as(leaderB)('POST', '/api/support/sponsorships', body(mai.id, bad));
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json().error.field).toBe(field);
    }
    expect(await count('sponsorship')).toBe(0);
    const ok = await t.as(coordB)('POST', '/api/support/sponsorships', body(mai.id));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ sponsorName: 'Cô Nguyễn Thị Lan', anonymous: true, nextDueOn: '2026-01-05', actions: { pay: true, end: true } });
    expect(ok.body).not.toContain(STUDENT);
    maiSponsorship = ok.json().id;
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'sponsorship.create').execute();
    expect(audit).toHaveLength(1);
  });

  it("refuses another school, a teacher of the student's own school and the department, learning nothing", async () => {
    for (const u of [w.users.leaderB2, w.users.leaderA, teacherB, w.users.admin, w.users.officerB]) {
      const s = await sign(u);
      const create = await t.as(s)('POST', '/api/support/sponsorships', body(noOwn.id));
      expect(create.statusCode, u.username).toBe(404);
      expect((await t.as(s)('GET', `/api/support/sponsorships/${maiSponsorship}`)).statusCode).toBe(404);
      expect((await t.as(s)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, { paidOn: today })).statusCode).toBe(404);
      expect((await t.as(s)('POST', `/api/support/sponsorships/${maiSponsorship}/end`, { endedOn: today, reason: 'Dừng thử' })).statusCode).toBe(404);
      expect((await t.as(s)('GET', `/api/support/sponsorships?schoolId=${w.schools.sB.id}`)).statusCode).toBe(403);
      expect((await t.as(s)('GET', `/api/support/sponsorships/mine/${maiSponsorship}`)).statusCode).toBe(404);
    }
    const refusals = await t.db.selectFrom('beneficiary_access_log').selectAll().where('action', '=', 'sponsorship.create').where('allowed', '=', false).execute();
    expect(refusals.length).toBe(5);
    expect(await count('sponsorship')).toBe(1);
  });

  it("names as sponsor only an account of the student's own school or of a school twinned with it (a pair approved or active); anyone else is refused on sponsorUsername as an unknown account is, and nothing changes", async () => {
    // Schools paired with sB whose pair is only proposed, completed or terminated, and one approved.
    const partner = async (state: 'proposed' | 'completed' | 'terminated' | 'approved') => {
      const school = await createSchool(t.db, { unit: w.units.b1, areaType: 'mountainous' });
      const leader = await createSchoolLeader(t.db, { school });
      await createPair(t.db, { state, schools: [w.schools.sB, school], leaders: [w.users.leaderB, leader], admin: w.users.admin, campaign: w.campaign, now: NOW });
      return createTeacher(t.db, { school });
    };
    const proposedOnly = await partner('proposed');
    const completed = await partner('completed');
    const terminated = await partner('terminated');
    const approved = await partner('approved');
    const disabledOwn = await createTeacher(t.db, { school: w.schools.sB });
    await t.db.updateTable('app_user').set({ disabled_at: NOW }).where('id', '=', disabledOwn.id).execute();
    const unknown = await t.as(leaderB)('POST', '/api/support/sponsorships', body(noOwn.id, { sponsorUsername: 'khong.co.ai' }));
    expect(unknown.statusCode).toBe(400);
    const english = await sign(await createCoordinator(t.db, { school: w.schools.sB }));
    await t.as(english)('PATCH', '/api/auth/me', { locale: 'en' });
    const unknownEn = await t.as(english)('POST', '/api/support/sponsorships', body(noOwn.id, { sponsorUsername: 'khong.co.ai' }));
    expect(unknown.json().error.message).toMatch(/trường kết nghĩa/u);
    expect(unknownEn.json().error.message).toMatch(/twinned/u);
    const before = await count('sponsorship');
    const outsiders = {
      'the department admin': w.users.admin,
      "the officer of the student's own area": w.users.officerB,
      'a teacher of a school of another area': w.users.teacherA,
      "a leader of a school of the student's area, not twinned with it": w.users.leaderB3,
      'a teacher of a school whose pair is only proposed': proposedOnly,
      'a teacher of a school whose pair completed': completed,
      'a teacher of a school whose pair was terminated': terminated,
      "a disabled teacher of the student's own school": disabledOwn,
    };
    for (const [who, u] of Object.entries(outsiders)) {
      for (const extra of [{}, { sponsorKind: 'organisation', sponsorName: 'Công ty TNHH Ánh Dương' }]) {
        const r = await t.as(leaderB)('POST', '/api/support/sponsorships', body(noOwn.id, { sponsorUsername: u.username, ...extra }));
        expect(r.statusCode, `${who} ${JSON.stringify(extra)}`).toBe(400);
        // The same answer as for an account that does not exist: nothing tells that it does.
        expect(r.json().error, who).toEqual(unknown.json().error);
        const en = await t.as(english)('POST', '/api/support/sponsorships', body(noOwn.id, { sponsorUsername: u.username, ...extra }));
        expect(en.json().error, who).toEqual(unknownEn.json().error);
      }
    }
    expect(unknown.json().error.field).toBe('sponsorUsername');
    expect(await count('sponsorship')).toBe(before);
    // A teacher of the student's own school and of a school twinned with it (approved, not yet signed) may be named.
    for (const u of [teacherB, approved]) {
      const r = await t.as(leaderB)('POST', '/api/support/sponsorships', body(noOwn.id, { sponsorUsername: u.username, startsOn: '2026-06-05' }));
      expect(r.statusCode, r.body).toBe(201);
      await t.db.deleteFrom('sponsorship').where('id', '=', r.json().id).execute();
    }
  });

  it('records each payment as a ledger entry that never names the student; a period is paid once, even in parallel', async () => {
    const before = await count('ledger_entry');
    const [a, b] = await Promise.all([
      t.as(leaderB)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, { periodOn: '2026-01-05', paidOn: '2026-01-06' }),
      t.as(coordB)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, { periodOn: '2026-01-05', paidOn: '2026-01-06' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const second = await t.as(leaderB)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, { paidOn: '2026-02-05' });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ paidVnd: 3_000_000, nextDueOn: '2026-03-05', payments: [{ periodOn: '2026-01-05' }, { periodOn: '2026-02-05' }] });
    for (const [bad, field, status] of [
      [{ periodOn: '2026-03-06', paidOn: today }, 'periodOn', 400],
      [{ paidOn: '2026-03-03' }, 'paidOn', 400],
      [{ periodOn: '2026-02-05', paidOn: today }, 'periodOn', 409],
      [{ paidOn: today, amountVnd: -5 }, 'amountVnd', 400],
    ] as const) {
      const r = await t.as(leaderB)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(status);
      expect(r.json().error.field).toBe(field);
    }
    expect(await count('ledger_entry')).toBe(before + 2);
    expect(await count('sponsorship_payment')).toBe(2);
    const ledger = (await t.as(null)('GET', '/api/public/ledger?limit=2')).json();
    expect(ledger.items[0]).toMatchObject({ kind: 'payment', donor: 'ẩn danh', contributionKind: 'cash', valueVnd: 1_500_000, unit: 'tháng', schoolName: w.schools.sB.name, deliveredOn: '2026-02-05' });
    expect(Object.keys(ledger.items[0]).sort()).toEqual(['contributionKind', 'correctsSeq', 'deliveredOn', 'donor', 'hash', 'kind', 'minutesNumber', 'prevHash', 'quantity', 'recordedAt', 'schoolName', 'seq', 'unit', 'valueVnd'].sort());
    const rows = JSON.stringify(await t.db.selectFrom('ledger_entry').selectAll().execute());
    for (const name of [STUDENT, 'Mai', '6A2', mai.id]) expect(rows.includes(name), name).toBe(false);
    expect((await verifyLedger(t.db)).ok).toBe(true);
    // Public totals (from the ledger) and the school's totals (from the records) agree.
    const pub = (await t.as(null)('GET', '/api/public/support/totals')).json();
    const staff = (await t.as(leaderB)('GET', '/api/support/totals')).json();
    expect(pub.overall.cashVnd).toBe(3_000_000);
    expect(staff.overall.cashVnd).toBe(3_000_000);
    expect(pub.bySchool).toEqual(staff.bySchool);
  });

  it("includes the person's sponsorships and their payments in the export of the person's data", async () => {
    const file = await t.as(leaderB)('GET', `/api/support/beneficiaries/${mai.id}/export?reason=${encodeURIComponent('Phụ huynh yêu cầu bản sao')}`);
    expect(file.statusCode, file.body).toBe(200);
    const data = file.json();
    expect(data.sponsorships).toHaveLength(1);
    expect(data.sponsorships[0]).toMatchObject({
      sponsor: 'Cô Nguyễn Thị Lan',
      frequency: 'monthly',
      amountVnd: 1_500_000,
      payments: [
        { periodOn: '2026-01-05', paidOn: '2026-01-06', amountVnd: 1_500_000 },
        { periodOn: '2026-02-05', amountVnd: 1_500_000 },
      ],
    });
    // Someone without a sponsorship gets an empty list, not an error.
    const none = await t.as(leaderB)('GET', `/api/support/beneficiaries/${noConsent.id}/export?reason=${encodeURIComponent('Kiểm tra')}`);
    expect(none.json().sponsorships).toEqual([]);
  });

  it('shows the sponsor only their own sponsorships, and of the student only what the consents allow (each read logged)', async () => {
    const otherOne = await t.as(leaderB)('POST', '/api/support/sponsorships', body(noOwn.id, { sponsorUsername: otherSponsor.username, startsOn: '2026-04-05' }));
    expect(otherOne.statusCode, otherOne.body).toBe(201);
    const mine = await t.as(sponsorSession)('GET', '/api/support/sponsorships/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toHaveLength(1);
    expect(mine.json().items[0]).toMatchObject({ schoolName: w.schools.sB.name, student: { givenName: 'Mai', className: '6A2' }, amountVnd: 1_500_000, paidVnd: 3_000_000, nextDueOn: '2026-03-05' });
    expect(mine.body).not.toContain(STUDENT);
    expect(mine.body).not.toContain('2014-01-10');
    expect(mine.body).not.toContain('poor-household');
    // Another sponsor's sponsorship is "not found"; and the other sponsor, whose student did not agree, sees no name.
    expect((await t.as(sponsorSession)('GET', `/api/support/sponsorships/mine/${otherOne.json().id}`)).statusCode).toBe(404);
    const other = await t.as(await sign(otherSponsor))('GET', `/api/support/sponsorships/mine/${otherOne.json().id}`);
    expect(other.statusCode).toBe(200);
    expect(other.json().student).toBeNull();
    expect(other.body).not.toContain('Chứ');
    // What the support page asks before offering "Học sinh tôi đỡ đầu": a count, with no student read (no access-log row).
    const countOf = async (session: typeof sponsorSession) => {
      const r = await t.as(session)('GET', '/api/support/sponsorships/mine/count');
      expect(r.statusCode, r.body).toBe(200);
      return r.json().count as number;
    };
    expect(await countOf(sponsorSession)).toBe(1);
    expect(await countOf(await sign(otherSponsor))).toBe(1);
    expect(await countOf(await sign(w.users.admin))).toBe(0);
    expect(await countOf(leaderB)).toBe(0);
    const logs = await t.db.selectFrom('beneficiary_access_log').selectAll().where('action', '=', 'sponsorship.sponsorView').execute();
    expect(logs.map((l) => [l.actor_username, l.beneficiary_id])).toEqual([[sponsor.username, mai.id]]);
    // The sponsor sees the sponsorship but may not manage it: 403 (as for correcting a payment), nothing changes.
    const before = JSON.stringify(await t.db.selectFrom('sponsorship').selectAll().where('id', '=', maiSponsorship).execute());
    const paymentsBefore = await count('sponsorship_payment');
    expect((await t.as(sponsorSession)('GET', `/api/support/sponsorships/${maiSponsorship}`)).statusCode).toBe(403);
    expect((await t.as(sponsorSession)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, { paidOn: today })).statusCode).toBe(403);
    expect((await t.as(sponsorSession)('POST', `/api/support/sponsorships/${maiSponsorship}/end`, { endedOn: today, reason: 'Tôi muốn dừng' })).statusCode).toBe(403);
    expect(JSON.stringify(await t.db.selectFrom('sponsorship').selectAll().where('id', '=', maiSponsorship).execute())).toBe(before);
    expect(await count('sponsorship_payment')).toBe(paymentsBefore);
  });

  it('reminds the sponsor before each due date, once, in a message that does not name the student', async () => {
    const far = await runSponsorshipReminders(t.db, new Date('2026-02-20T03:00:00Z'));
    expect(far.reminded).toBe(0);
    const near = await runSponsorshipReminders(t.db, new Date('2026-02-28T03:00:00Z'));
    expect(near.reminded).toBe(1);
    expect((await runSponsorshipReminders(t.db, new Date('2026-03-01T03:00:00Z'))).reminded).toBe(0);
    const notes = await t.db.selectFrom('notification').selectAll().where('kind', '=', 'sponsorship.paymentDue').execute();
    expect(notes.map((n) => n.user_id)).toEqual([sponsor.id]);
    const mails = await t.db.selectFrom('mail_message').selectAll().where('kind', '=', 'sponsorship.paymentDue').execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('05/03/2026');
    expect(mails[0]!.subject).toContain('1.500.000');
    for (const name of [STUDENT, 'Mai', '6A2']) expect(JSON.stringify(mails) + JSON.stringify(notes), name).not.toContain(name);
  });

  it('ends a sponsorship: no payment falls due after it', async () => {
    const ended = await t.as(leaderB)('POST', `/api/support/sponsorships/${maiSponsorship}/end`, { endedOn: '2026-03-01', reason: 'Gia đình chuyển trường' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ endedOn: '2026-03-01', nextDueOn: null, actions: { pay: false, end: false } });
    const again = await t.as(leaderB)('POST', `/api/support/sponsorships/${maiSponsorship}/end`, { endedOn: '2026-03-01', reason: 'Gia đình chuyển trường' });
    expect(again.statusCode).toBe(409);
    const pay = await t.as(leaderB)('POST', `/api/support/sponsorships/${maiSponsorship}/payments`, { paidOn: today });
    expect(pay.statusCode).toBe(409);
    const list = await t.as(coordB)('GET', `/api/support/sponsorships?schoolId=${w.schools.sB.id}`);
    expect(list.json().items.map((s: { beneficiaryId: string }) => s.beneficiaryId).sort()).toEqual([mai.id, noOwn.id].sort());
  });
});
