/**
 * Contributions (đóng góp / ủng hộ): pledges, their deliveries and totals, shared by the
 * server, the page and the CLI. Pure.
 */
import { z } from 'zod';
import { isoDateText, multiLineText, singleLineText } from '#src/core/text-schema.ts';
import { formatVnd } from '#src/core/vn/format.ts';

export const CONTRIBUTION_KINDS = ['cash', 'equipment', 'books', 'scholarships-gifts', 'services', 'volunteer-hours'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export const DONOR_KINDS = ['school', 'organisation', 'person'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];
export const CONTRIBUTION_STATES = ['pledged', 'partly-delivered', 'delivered', 'acknowledged', 'cancelled'] as const;
export type ContributionState = (typeof CONTRIBUTION_STATES)[number];

/** Vietnamese names of the kinds, for documents and exports. */
export const KIND_VI: Record<ContributionKind, string> = {
  cash: 'Tiền mặt',
  equipment: 'Thiết bị',
  books: 'Sách',
  'scholarships-gifts': 'Học bổng, quà tặng',
  services: 'Dịch vụ',
  'volunteer-hours': 'Giờ tình nguyện',
};

const isoDate = isoDateText('date_format');
/** A quantity: up to 2 decimals, as text in the database and in the ledger ("4", "12.5"). */
const quantity = z.number().positive().max(1e10).refine((q) => Math.round(q * 100) === q * 100, { params: { key: 'invalid' } });
const vnd = z.number().int().min(0).max(1e15);

export const newPledgeSchema = z
  .strictObject({
    donorKind: z.enum(DONOR_KINDS),
    donorName: singleLineText().min(1).max(300),
    /** The giving school, for a school donor. */
    donorSchoolId: z.uuid().optional(),
    anonymous: z.boolean().default(false),
    kind: z.enum(CONTRIBUTION_KINDS),
    description: multiLineText().min(1).max(1000),
    quantity,
    unit: singleLineText().min(1).max(50),
    valueVnd: vnd,
    schoolId: z.uuid(),
    pairId: z.uuid().optional(),
    campaignId: z.uuid().optional(),
    expectedOn: isoDate.optional(),
  })
  .refine((p) => p.donorKind !== 'school' || p.donorSchoolId !== undefined, { path: ['donorSchoolId'], params: { key: 'required' } })
  .refine((p) => p.donorSchoolId === undefined || p.donorSchoolId !== p.schoolId, { path: ['donorSchoolId'], params: { key: 'donor_is_recipient' } });
export type NewPledge = z.infer<typeof newPledgeSchema>;

export const newDeliverySchema = z.strictObject({
  deliveredOn: isoDate,
  description: multiLineText().min(1).max(1000),
  quantity,
  valueVnd: vnd,
  handedOverBy: singleLineText().min(1).max(200),
  receivedBy: singleLineText().min(1).max(200),
  /** The place in the minutes' date line ("Thanh Xuân"). */
  place: singleLineText().min(1).max(100),
});
export type NewDelivery = z.infer<typeof newDeliverySchema>;

export const correctionSchema = z.strictObject({
  valueVnd: vnd,
  quantity: z.number().min(0).max(1e10),
  reason: singleLineText().min(3).max(500),
});
export type Correction = z.infer<typeof correctionSchema>;

export const cancelSchema = z.strictObject({ reason: singleLineText().min(3).max(500) });

/**
 * The state a pledge is in after its deliveries: nothing yet → pledged; some → partly
 * delivered; the pledged quantity (or value, for cash) reached → delivered; every delivery
 * acknowledged by the receiving school once delivered → acknowledged. Cancelled stays.
 */
export function pledgeState(
  pledge: { kind: ContributionKind; quantity: number; valueVnd: number; cancelled: boolean },
  deliveries: readonly { quantity: number; valueVnd: number; acknowledged: boolean }[],
): ContributionState {
  if (pledge.cancelled) return 'cancelled';
  if (deliveries.length === 0) return 'pledged';
  const full =
    pledge.kind === 'cash'
      ? deliveries.reduce((s, d) => s + d.valueVnd, 0) >= pledge.valueVnd
      : deliveries.reduce((s, d) => s + d.quantity, 0) >= pledge.quantity;
  if (!full) return 'partly-delivered';
  return deliveries.every((d) => d.acknowledged) ? 'acknowledged' : 'delivered';
}

/** A pledge with no delivery yet may be cancelled; one with deliveries is corrected instead. */
export const mayCancel = (state: ContributionState, deliveries: number): boolean => deliveries === 0 && state === 'pledged';

export interface TotalsLine {
  /** Money given in cash (VND). */
  cashVnd: number;
  /** The value of what was given in kind (equipment, books, gifts, services), counted apart from cash. */
  inKindVnd: number;
  /** Items given in kind (sum of quantities of equipment, books, scholarships and gifts, services). */
  inKindItems: number;
  /** Volunteer hours. */
  hours: number;
  deliveries: number;
}

export const emptyTotals = (): TotalsLine => ({ cashVnd: 0, inKindVnd: 0, inKindItems: 0, hours: 0, deliveries: 0 });

/** Adds one delivery (its counted value and quantity) to a totals line. */
export function addToTotals(t: TotalsLine, kind: ContributionKind, valueVnd: number, qty: number): TotalsLine {
  const out = { ...t, deliveries: t.deliveries + 1 };
  if (kind === 'cash') out.cashVnd += valueVnd;
  else if (kind === 'volunteer-hours') {
    out.hours += qty;
    out.inKindVnd += valueVnd;
  } else {
    out.inKindVnd += valueVnd;
    out.inKindItems += qty;
  }
  return out;
}

/** "41.000.000 ₫" with a plain space, as the documents, exports and the public page show it. */
export const money = (vnd: number): string => formatVnd(vnd).replace(/\u00a0/gu, ' ');

/** Hours as hours: "12 giờ". */
export const hoursText = (h: number): string => `${new Intl.NumberFormat('vi-VN').format(h)} giờ`;

/** A quantity as the database and the ledger keep it: "4", "12.5". */
export const quantityText = (q: number): string => String(Math.round(q * 100) / 100);
