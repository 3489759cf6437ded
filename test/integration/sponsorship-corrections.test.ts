/**
 * Correcting a sponsorship payment recorded in error (issue 13): a reversal or the amount
 * actually paid, with a reason; a new record and a new ledger entry referencing the payment's,
 * never an update; the totals and the sponsor's view count the corrected amount while the
 * payment stays visible as corrected; once per payment; only the staff of the student's own
 * school who may record payments.
 */
import { describe, expect, it } from 'vitest';
import { createBeneficiary } from '#src/server/features/support/beneficiaries.service.ts';
import { verifyLedger } from '#src/server/features/support/ledger.service.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTenants } from '../factories/tenants.ts';
import { createCoordinator, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const w = await createTenants(t.db, { now: NOW });
const coordinatorB = await createCoordinator(t.db, { school: w.schools.sB });
const teacherB = await createTeacher(t.db, { school: w.schools.sB });
// A teacher of sB2, twinned with the student's school sB (the active pair B), sponsors.
const sponsor = await createTeacher(t.db, { school: w.schools.sB2, displayName: 'Thầy Lê Văn Hùng' });
const sign = (u: { username: string }) => t.signIn(u.username, FACTORY_PASSWORD);
const leaderB = await sign(w.users.leaderB);
const coordB = await sign(coordinatorB);
const sponsorSession = await sign(sponsor);

const STUDENT = 'Sùng Thị Dợ';
const student = await t.db.transaction().execute((trx) =>
  createBeneficiary(
    trx,
    t.db,
    w.users.leaderB.ctx,
    {
      schoolId: w.schools.sB.id,
      personKind: 'student',
      fullName: STUDENT,
      birthDate: '2014-01-10',
      className: '6A3',
      hardship: 'poor-household',
      guardianConsent: { name: 'Sùng A Páo', relation: 'father', givenOn: '2026-02-01', how: 'written', scope: ['record', 'support', 'sponsor'] },
      ownConsent: { givenOn: '2026-02-01', how: 'written', scope: ['sponsor'] },
      publishable: false,
      reason: 'Lập hồ sơ nhận đỡ đầu',
    },
    NOW,
  ),
);
const created = await t.as(leaderB)('POST', '/api/support/sponsorships', {
  beneficiaryId: student.id,
  sponsorKind: 'person',
  sponsorUsername: sponsor.username,
  anonymous: false,
  frequency: 'monthly',
  amountVnd: 1_500_000,
  startsOn: '2026-01-05',
});
const sponsorshipId: string = created.json().id;
const pay = async (body: Record<string, unknown>) => {
  const r = await t.as(leaderB)('POST', `/api/support/sponsorships/${sponsorshipId}/payments`, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { payments: { id: string; periodOn: string; ledgerSeq: number }[] };
};
await pay({ periodOn: '2026-01-05', paidOn: '2026-01-06' });
// February's payment typed with one zero too many.
const paid = await pay({ periodOn: '2026-02-05', paidOn: '2026-02-06', amountVnd: 15_000_000 });
const january = paid.payments.find((p) => p.periodOn === '2026-01-05')!;
const february = paid.payments.find((p) => p.periodOn === '2026-02-05')!;

const url = (paymentId: string, sponsorship = sponsorshipId) => `/api/support/sponsorships/${sponsorship}/payments/${paymentId}/corrections`;
const count = async (table: 'sponsorship_payment' | 'sponsorship_payment_correction' | 'ledger_entry') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const snapshot = async () => ({
  corrections: await count('sponsorship_payment_correction'),
  ledger: await count('ledger_entry'),
  payments: JSON.stringify(await t.db.selectFrom('sponsorship_payment').selectAll().orderBy('id').execute()),
  // Audit rows of corrections (signing in writes its own).
  audit: Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'sponsorship.correctPayment').executeTakeFirstOrThrow()).n),
});

describe('correcting a sponsorship payment recorded in error', () => {
  it('refuses bad input naming its field (Vietnamese and English), and changes nothing', async () => {
    const before = await snapshot();
    for (const [bad, field] of [
      [{ kind: 'amount', amountVnd: 1_500_000 }, 'reason'],
      [{ kind: 'amount', amountVnd: 1_500_000, reason: 'sai' }, 'reason'],
      [{ kind: 'amount', reason: 'Ghi nhầm số tiền' }, 'amountVnd'],
      [{ kind: 'amount', amountVnd: 15_000_000, reason: 'Ghi nhầm số tiền' }, 'amountVnd'],
      [{ kind: 'amount', amountVnd: 0, reason: 'Ghi nhầm số tiền' }, 'amountVnd'],
      [{ kind: 'reversal', amountVnd: 1_000, reason: 'Ghi nhầm khoản đóng' }, 'amountVnd'],
      [{ kind: 'refund', reason: 'Ghi nhầm khoản đóng' }, 'kind'],
    ] as const) {
      const r = await t.as(leaderB)('POST', url(february.id), bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json().error.field, JSON.stringify(bad)).toBe(field);
    }
    const vi = await t.as(leaderB)('POST', url(february.id), { kind: 'amount', amountVnd: 1_500_000 });
    expect(vi.json().error.message).toMatch(/Lý do/u);
    const english = await sign(await createCoordinator(t.db, { school: w.schools.sB }));
    await t.as(english)('PATCH', '/api/auth/me', { locale: 'en' });
    const en = await t.as(english)('POST', url(february.id), { kind: 'amount', amountVnd: 1_500_000 });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.message).toMatch(/Reason/u);
    const same = await t.as(english)('POST', url(february.id), { kind: 'amount', amountVnd: 15_000_000, reason: 'Ghi nhầm số tiền' });
    expect(same.json().error.message).toMatch(/Amount/u);
    // A payment that does not exist, or that belongs to another sponsorship: not found.
    expect((await t.as(leaderB)('POST', url('00000000-0000-4000-8000-000000000000'), { kind: 'reversal', reason: 'Ghi nhầm khoản đóng' })).statusCode).toBe(404);
    expect((await t.as(leaderB)('POST', url(february.id, '00000000-0000-4000-8000-000000000000'), { kind: 'reversal', reason: 'Ghi nhầm khoản đóng' })).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses the sponsor, who sees the sponsorship (403), and those who may not see it at all, learning nothing of it (404): nothing changes', async () => {
    const before = await snapshot();
    const body = { kind: 'amount', amountVnd: 1_500_000, reason: 'Ghi nhầm số tiền khi nhập' };
    const seen = await t.as(sponsorSession)('POST', url(february.id), body);
    expect(seen.statusCode, seen.body).toBe(403);
    expect(seen.body).not.toContain(STUDENT);
    // Another school, a teacher of the school, the department and an area officer: the same answer as for no sponsorship at all.
    const missing = await t.as(leaderB)('POST', url(february.id, '00000000-0000-4000-8000-000000000000'), body);
    for (const session of [await sign(w.users.leaderB2), await sign(w.users.leaderA), await sign(teacherB), await sign(w.users.admin), await sign(w.users.officerB)]) {
      const r = await t.as(session)('POST', url(february.id), body);
      expect(r.statusCode, r.body).toBe(404);
      expect(r.json().error.code).toBe(missing.json().error.code);
      expect(r.body).not.toContain(STUDENT);
    }
    expect((await t.as(null)('POST', url(february.id), { kind: 'reversal', reason: 'Ghi nhầm khoản đóng' })).statusCode).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('corrects the amount by a new record and a new ledger entry referencing the payment’s: totals and the sponsor count the corrected amount, the payment stays as recorded', async () => {
    const before = await snapshot();
    const original = await t.db.selectFrom('ledger_entry').selectAll().where('seq', '=', february.ledgerSeq).executeTakeFirstOrThrow();
    const r = await t.as(coordB)('POST', url(february.id), { kind: 'amount', amountVnd: 1_500_000, reason: 'Ghi nhầm số tiền: thừa một số 0' });
    expect(r.statusCode, r.body).toBe(201);
    const dto = r.json();
    expect(dto.paidVnd).toBe(3_000_000);
    expect(dto.payments.find((p: { id: string }) => p.id === february.id)).toMatchObject({
      amountVnd: 15_000_000,
      countedVnd: 1_500_000,
      correction: { kind: 'amount', amountVnd: 1_500_000, reason: 'Ghi nhầm số tiền: thừa một số 0' },
    });
    // One new record, one new ledger entry, one audit row; the payment itself and its entry untouched.
    const after = await snapshot();
    expect(after).toMatchObject({ corrections: before.corrections + 1, ledger: before.ledger + 1, audit: before.audit + 1, payments: before.payments });
    expect(await t.db.selectFrom('ledger_entry').selectAll().where('seq', '=', february.ledgerSeq).executeTakeFirstOrThrow()).toEqual(original);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'sponsorship.correctPayment').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(february.id);
    // The public ledger: a correction of the payment's entry, the corrected amount, no reason, never the student.
    const ledger = (await t.as(null)('GET', '/api/public/ledger?limit=1')).json();
    expect(ledger.items[0]).toMatchObject({ kind: 'correction', correctsSeq: february.ledgerSeq, valueVnd: 1_500_000, donor: 'Thầy Lê Văn Hùng', contributionKind: 'cash' });
    expect(JSON.stringify(ledger)).not.toContain('thừa một số 0');
    const rows = JSON.stringify(await t.db.selectFrom('ledger_entry').selectAll().execute());
    for (const text of [STUDENT, 'Dợ', '6A3', student.id, 'thừa một số 0']) expect(rows.includes(text), text).toBe(false);
    expect((await verifyLedger(t.db)).ok).toBe(true);
    // Public totals (from the ledger) and the school's (from the records) agree on the corrected amount.
    const pub = (await t.as(null)('GET', '/api/public/support/totals')).json();
    const staff = (await t.as(leaderB)('GET', '/api/support/totals')).json();
    expect(pub.overall.cashVnd).toBe(3_000_000);
    expect(staff.overall.cashVnd).toBe(3_000_000);
    expect(pub.bySchool).toEqual(staff.bySchool);
    // The sponsor sees the corrected amount and the payment as corrected, without the school's reason.
    const mine = await t.as(sponsorSession)('GET', '/api/support/sponsorships/mine');
    expect(mine.json().items[0].paidVnd).toBe(3_000_000);
    expect(mine.json().items[0].payments.find((p: { id: string }) => p.id === february.id)).toMatchObject({ amountVnd: 15_000_000, countedVnd: 1_500_000, correction: { kind: 'amount', amountVnd: 1_500_000 } });
    expect(mine.body).not.toContain('thừa một số 0');
    expect(mine.body).not.toContain(STUDENT);
  });

  it('refuses to correct the same payment twice (409, even in parallel); a reversed payment counts nothing and its period is due again', async () => {
    const again = await t.as(leaderB)('POST', url(february.id), { kind: 'reversal', reason: 'Ghi nhầm khoản đóng' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'SPONSORSHIP_PAYMENT_CORRECTED', field: 'paymentId' });
    expect(again.json().error.message).toMatch(/một lần/u);
    const before = await snapshot();
    const [a, b] = await Promise.all([
      t.as(leaderB)('POST', url(january.id), { kind: 'reversal', reason: 'Ghi nhầm: khoản này của học sinh khác' }),
      t.as(coordB)('POST', url(january.id), { kind: 'reversal', reason: 'Ghi nhầm: khoản này của học sinh khác' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await snapshot()).toMatchObject({ corrections: before.corrections + 1, ledger: before.ledger + 1, audit: before.audit + 1 });
    expect((a.statusCode === 201 ? a : b).json()).toMatchObject({ paidVnd: 1_500_000, nextDueOn: '2026-01-05' });
    const reversal = (await t.as(null)('GET', '/api/public/ledger?limit=1')).json().items[0];
    expect(reversal).toMatchObject({ kind: 'correction', correctsSeq: january.ledgerSeq, valueVnd: 0, quantity: '0' });
    const pub = (await t.as(null)('GET', '/api/public/support/totals')).json();
    const staff = (await t.as(leaderB)('GET', '/api/support/totals')).json();
    expect(pub.overall.cashVnd).toBe(1_500_000);
    expect(pub.bySchool).toEqual(staff.bySchool);
    expect(staff.bySchool[0].deliveries).toBe(1);
    // The period reversed can be paid again, once.
    const repaid = await t.as(leaderB)('POST', `/api/support/sponsorships/${sponsorshipId}/payments`, { periodOn: '2026-01-05', paidOn: '2026-03-01' });
    expect(repaid.statusCode, repaid.body).toBe(201);
    expect(repaid.json()).toMatchObject({ paidVnd: 3_000_000, nextDueOn: '2026-03-05' });
    expect((await t.as(leaderB)('POST', `/api/support/sponsorships/${sponsorshipId}/payments`, { periodOn: '2026-01-05', paidOn: '2026-03-01' })).statusCode).toBe(409);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it("shows each correction in the export of the person's data", async () => {
    const file = await t.as(leaderB)('GET', `/api/support/beneficiaries/${student.id}/export?reason=${encodeURIComponent('Phụ huynh yêu cầu bản sao')}`);
    expect(file.statusCode, file.body).toBe(200);
    const payments = file.json().sponsorships[0].payments as { periodOn: string; amountVnd: number; correction: unknown }[];
    expect(payments.find((p) => p.periodOn === '2026-02-05')).toMatchObject({ amountVnd: 15_000_000, correction: { kind: 'amount', amountVnd: 1_500_000, reason: 'Ghi nhầm số tiền: thừa một số 0' } });
  });
});
