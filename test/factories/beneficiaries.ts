/**
 * Beneficiaries (children in hardship) and sponsorships, through the real services as a
 * school's leader records them: a student with the guardian's written consent (default:
 * record and support), optionally what they received; a sponsorship with its payments.
 */
import type { NewBeneficiary } from '#src/core/support/beneficiary.ts';
import type { BeneficiaryDto, SponsorshipDto } from '#src/core/support/dto.ts';
import type { NewSponsorship } from '#src/core/support/sponsorship.ts';
import { createBeneficiary as createBeneficiaryService, recordReceived } from '#src/server/features/support/beneficiaries.service.ts';
import { createSponsorship as createSponsorshipService, recordPayment } from '#src/server/features/support/sponsorships.service.ts';
import type { FactoryDb } from './db.ts';
import type { FactoryUser } from './users.ts';

export type BeneficiaryOverrides = Partial<NewBeneficiary> & {
  /** What the student received, each recorded after the record (e.g. 500.000 ₫ of books and gifts). */
  received?: readonly { receivedOn: string; what: string; valueVnd: number }[];
  now?: Date;
};

/** A student of `by`'s school (by: its leader or coordinator). */
export async function createBeneficiary(db: FactoryDb, by: FactoryUser, overrides: BeneficiaryOverrides = {}): Promise<BeneficiaryDto> {
  const { received = [], now = new Date(), ...fields } = overrides;
  const input = {
    schoolId: by.school!.id,
    personKind: 'student',
    fullName: 'Hà Văn Nam',
    birthDate: '2010-03-15',
    className: '9A',
    hardship: 'poor-household',
    guardianConsent: { name: 'Hà Văn Sinh', relation: 'father', givenOn: '2026-01-10', how: 'written', scope: ['record', 'support'] },
    publishable: false,
    reason: 'Lập hồ sơ nhận hỗ trợ',
    ...fields,
  } as NewBeneficiary;
  let dto = await db.transaction().execute((trx) => createBeneficiaryService(trx, db, by.ctx, input, now));
  for (const r of received) dto = await db.transaction().execute((trx) => recordReceived(trx, db, by.ctx, dto.id, { ...r, reason: 'Ghi nhận quà đã nhận' }, now));
  return dto;
}

/** A sponsorship of a student (by: a manager of the student's school), with payments made for the periods given. */
export async function createSponsorship(
  db: FactoryDb,
  by: FactoryUser,
  input: Partial<NewSponsorship> & Pick<NewSponsorship, 'beneficiaryId' | 'startsOn'>,
  options: { paidPeriods?: readonly string[]; now?: Date } = {},
): Promise<SponsorshipDto> {
  const now = options.now ?? new Date();
  const full = { sponsorKind: 'person', anonymous: true, frequency: 'monthly', amountVnd: 500_000, ...input } as NewSponsorship;
  let s = await db.transaction().execute((trx) => createSponsorshipService(trx, db, by.ctx, full, now));
  for (const periodOn of options.paidPeriods ?? []) {
    s = await db.transaction().execute((trx) => recordPayment(trx, by.ctx, s.id, { periodOn, paidOn: periodOn }, new Date(`${periodOn}T03:00:00Z`)));
  }
  return s;
}
