/**
 * The demo's support drive (issue 13), like the one reported in Hanoi: THPT Nhân Chính (inner
 * city) hands 4 televisions worth 41.000.000 ₫, and books and gifts for 18 students, to its
 * partner, the ethnic boarding school PTDTNT Hà Nội, at the conference of 25/10/2023, with
 * hand-over minutes, acknowledged by the partner; and an anonymous cash pledge not yet given.
 * The people are invented. Through the real services, as the system actor.
 */
import type { CallContext, Db } from '#src/server/context.ts';
import { acknowledgeDelivery, addDelivery, createPledge } from '#src/server/features/support/support.service.ts';

const DEMO_SUPPORT_AT = new Date('2023-10-25T09:00:00Z');

export async function insertSupportDemo(trx: Db, ctx: CallContext): Promise<void> {
  const schools = await trx.selectFrom('school').select(['id', 'code']).where('code', 'in', ['DEMO-THPT-NHANCHINH', 'DEMO-PTDTNT-HN']).execute();
  const giver = schools.find((s) => s.code === 'DEMO-THPT-NHANCHINH')?.id;
  const receiver = schools.find((s) => s.code === 'DEMO-PTDTNT-HN')?.id;
  if (!giver || !receiver) return;
  const pair = await trx
    .selectFrom('pair_member as a')
    .innerJoin('pair_member as b', 'b.pair_id', 'a.pair_id')
    .select('a.pair_id')
    .where('a.school_id', '=', giver)
    .where('b.school_id', '=', receiver)
    .executeTakeFirst();
  const pairId = pair?.pair_id;
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
