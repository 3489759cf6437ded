/**
 * The demo's support drive (issue 13), like the one reported in Hanoi: THPT Nhân Chính (inner
 * city) hands 4 televisions worth 41.000.000 ₫, and books and gifts for 18 students, to its
 * partner, the ethnic boarding school PTDTNT Hà Nội, at the conference of 25/10/2023, with
 * hand-over minutes, acknowledged by the partner; and an anonymous cash pledge not yet given.
 * The people are invented. Through the real services, as the system actor.
 */
import type { CallContext, Db } from '#src/server/context.ts';
import { listBeneficiaryRows } from '#src/server/features/support/beneficiaries.repository.ts';
import { findSchoolsByCodes } from '#src/server/features/schools/schools.repository.ts';
import { findUserByUsername } from '#src/server/features/users/users.repository.ts';
import { demoPairOn } from './demo-phases.ts';
import { createBeneficiary, recordReceived } from '#src/server/features/support/beneficiaries.service.ts';
import { acknowledgeDelivery, addDelivery, createPledge } from '#src/server/features/support/support.service.ts';
// sponsorships
import { addDays, addMonths } from '#src/core/support/sponsorship.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { createSponsorship, recordPayment } from '#src/server/features/support/sponsorships.service.ts';

/**
 * Three invented students of PTDTNT Hà Nội helped by the gifts, with their guardians' consent
 * (their names must never appear in any public output, export or e-mail: a test searches).
 */
export const DEMO_BENEFICIARIES = [
  // sponsorships: his father and he himself agreed to a sponsor (who may know his given name and class).
  { fullName: 'Lò Văn Páo', birthDate: '2008-04-12', className: '10A1', hardship: 'poor-household' as const, guardian: 'Lò Văn Sinh', relation: 'father' as const, sponsor: true },
  { fullName: 'Sùng Thị Mỷ', birthDate: '2007-09-03', className: '11A2', hardship: 'orphan' as const, guardian: 'Sùng A Chứ', relation: 'guardian' as const },
  { fullName: 'Hà Thị Lụa', birthDate: '2009-01-25', className: '10A3', hardship: 'natural-disaster' as const, guardian: 'Hà Thị Nhung', relation: 'mother' as const },
];

const DEMO_SUPPORT_AT = new Date('2023-10-25T09:00:00Z');

export async function insertSupportDemo(trx: Db, ctx: CallContext, loadedAt = new Date()): Promise<void> {
  const schools = await findSchoolsByCodes(trx, ['DEMO-THPT-NHANCHINH', 'DEMO-PTDTNT-HN']);
  const giver = schools.find((s) => s.code === 'DEMO-THPT-NHANCHINH')?.id;
  const receiver = schools.find((s) => s.code === 'DEMO-PTDTNT-HN')?.id;
  if (!giver || !receiver) return;
  // phases: the pair of 2023 (the two schools have one per phase).
  const pairId = await demoPairOn(trx, ['DEMO-THPT-NHANCHINH', 'DEMO-PTDTNT-HN'], '2023-10-25');
  const handover = {
    deliveredOn: '2023-10-25',
    handedOverBy: 'Bà Trịnh Thu Hằng, Phó Hiệu trưởng',
    receivedBy: 'Ông Hà Văn Khánh, Hiệu trưởng',
    place: 'Thanh Xuân',
  };
  const tv = await createPledge(
    trx,
    ctx,
    {
      donorKind: 'school',
      donorName: 'Trường THPT Nhân Chính',
      donorSchoolId: giver,
      anonymous: false,
      kind: 'equipment',
      description: 'Ti vi 55 inch cho các phòng học của nhà trường',
      quantity: 4,
      unit: 'chiếc',
      valueVnd: 41_000_000,
      schoolId: receiver,
      ...(pairId ? { pairId } : {}),
      expectedOn: '2023-10-25',
    },
    DEMO_SUPPORT_AT,
  );
  const tvDelivered = await addDelivery(trx, ctx, tv.id, { ...handover, description: 'Ti vi 55 inch', quantity: 4, valueVnd: 41_000_000 }, DEMO_SUPPORT_AT);
  await acknowledgeDelivery(trx, ctx, tvDelivered.deliveries[0]!.id, DEMO_SUPPORT_AT);

  const gifts = await createPledge(
    trx,
    ctx,
    {
      donorKind: 'school',
      donorName: 'Trường THPT Nhân Chính',
      donorSchoolId: giver,
      anonymous: false,
      kind: 'scholarships-gifts',
      description: 'Sách và quà cho học sinh có hoàn cảnh khó khăn',
      quantity: 18,
      unit: 'suất',
      valueVnd: 9_000_000,
      schoolId: receiver,
      ...(pairId ? { pairId } : {}),
      expectedOn: '2023-10-25',
    },
    DEMO_SUPPORT_AT,
  );
  const giftsDelivered = await addDelivery(trx, ctx, gifts.id, { ...handover, description: 'Sách và quà (mỗi suất 500.000 ₫)', quantity: 18, valueVnd: 9_000_000 }, DEMO_SUPPORT_AT);
  await acknowledgeDelivery(trx, ctx, giftsDelivered.deliveries[0]!.id, DEMO_SUPPORT_AT);

  for (const b of DEMO_BENEFICIARIES) {
    const created = await createBeneficiary(
      trx,
      trx,
      ctx,
      {
        schoolId: receiver,
        personKind: 'student',
        fullName: b.fullName,
        birthDate: b.birthDate,
        className: b.className,
        hardship: b.hardship,
        guardianConsent: { name: b.guardian, relation: b.relation, givenOn: '2023-10-20', how: 'written', scope: ['record', 'support', ...('sponsor' in b ? (['sponsor'] as const) : [])] },
        ...('sponsor' in b ? { ownConsent: { givenOn: '2023-10-20', how: 'written' as const, scope: ['sponsor' as const] } } : {}),
        publishable: false,
        reason: 'Lập hồ sơ nhận quà ngày 25/10/2023',
      },
      // Recorded at loading: the retention period runs from the record's last change.
      loadedAt,
    );
    await recordReceived(trx, trx, ctx, created.id, { receivedOn: '2023-10-25', what: 'Sách và quà', valueVnd: 500_000, reason: 'Ghi nhận quà đã nhận' }, loadedAt);
  }

  await createPledge(
    trx,
    ctx,
    {
      donorKind: 'person',
      donorName: 'Phụ huynh lớp 11A3 (ẩn danh)',
      anonymous: true,
      kind: 'cash',
      description: 'Học bổng cho học sinh vượt khó',
      quantity: 1,
      unit: 'đợt',
      valueVnd: 5_000_000,
      schoolId: receiver,
      ...(pairId ? { pairId } : {}),
      expectedOn: '2023-12-20',
    },
    DEMO_SUPPORT_AT,
  );
}

// sponsorships
/**
 * The demo's sponsor: a teacher of THPT Nhân Chính (an invented person, a demo account), the
 * school twinned with PTDTNT Hà Nội, one of whose students it sponsors: only the staff of the student's
 * school or of a school twinned with it may be named (`sponsorship.sponsor`).
 */
export const DEMO_SPONSOR_USERNAME = 'nhanchinh.gv';

/**
 * A teacher sponsors the first demo student (his father's and his own consent cover it) with
 * 500.000 ₫ a month: started two months before the demo was loaded, both payments made, the
 * next one due three days after loading (so the reminder job tells the sponsor). Finds the
 * school and the student by code and name, not by pair.
 */
export async function insertSponsorshipDemo(trx: Db, ctx: CallContext, loadedAt = new Date()): Promise<void> {
  const [school] = await findSchoolsByCodes(trx, ['DEMO-PTDTNT-HN']);
  const sponsor = await findUserByUsername(trx, DEMO_SPONSOR_USERNAME);
  if (!school || !sponsor) return;
  const student = (await listBeneficiaryRows(trx, school.id)).find((b) => b.full_name === DEMO_BENEFICIARIES[0]!.fullName);
  if (!student) return;
  const today = isoDateInHanoi(loadedAt);
  const startsOn = addDays(addMonths(today, -2), 3);
  const s = await createSponsorship(
    trx,
    trx,
    ctx,
    { beneficiaryId: student.id, sponsorKind: 'person', sponsorUsername: DEMO_SPONSOR_USERNAME, anonymous: true, frequency: 'monthly', amountVnd: 500_000, startsOn, endsOn: addMonths(startsOn, 11) },
    loadedAt,
  );
  for (const periodOn of [startsOn, addMonths(startsOn, 1)]) {
    await recordPayment(trx, ctx, s.id, { periodOn, paidOn: periodOn }, new Date(`${periodOn}T03:00:00Z`));
  }
}
