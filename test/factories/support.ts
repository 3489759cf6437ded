/**
 * Support drive objects through the real services: a pledge (default: 4 televisions worth
 * 41.000.000 ₫ from one school to another) and its deliveries.
 */
import type { NewDelivery, NewPledge } from '#src/core/support/contribution.ts';
import type { CallContext } from '#src/server/context.ts';
import type { PledgeDto } from '#src/core/support/dto.ts';
import { addDelivery, createPledge } from '#src/server/features/support/support.service.ts';
import type { FactoryDb } from './db.ts';

export async function createContribution(
  db: FactoryDb,
  ctx: CallContext,
  input: Partial<NewPledge> & { schoolId: string },
  now = new Date(),
): Promise<PledgeDto> {
  const pledge: NewPledge = {
    donorKind: 'organisation',
    donorName: 'Công ty TNHH Ánh Dương',
    anonymous: false,
    kind: 'equipment',
    description: 'Ti vi 55 inch cho phòng học',
    quantity: 4,
    unit: 'chiếc',
    valueVnd: 41_000_000,
    ...input,
  };
  return db.transaction().execute((trx) => createPledge(trx, ctx, pledge, now));
}

export async function deliverContribution(
  db: FactoryDb,
  ctx: CallContext,
  contributionId: string,
  input: Partial<NewDelivery> = {},
  now = new Date(),
): Promise<PledgeDto> {
  const delivery: NewDelivery = {
    deliveredOn: now.toISOString().slice(0, 10),
    description: 'Ti vi 55 inch',
    quantity: 4,
    valueVnd: 41_000_000,
    handedOverBy: 'Bà Lê Thị Hồng, Phó Hiệu trưởng',
    receivedBy: 'Ông Đinh Văn Sơn, Hiệu trưởng',
    place: 'Hà Nội',
    ...input,
  };
  return db.transaction().execute((trx) => addDelivery(trx, ctx, contributionId, delivery, now));
}
