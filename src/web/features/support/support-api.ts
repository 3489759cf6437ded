/** The support drive's calls (contributions, deliveries, totals, the public ledger). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContributionKind, ContributionState, NewDelivery, NewPledge } from '#src/core/support/contribution.ts';
import type { PairListDto } from '#src/core/pairs/dto.ts';
import { api } from '../../lib/api';

export interface Delivery {
  id: string;
  deliveredOn: string;
  description: string;
  quantity: number;
  valueVnd: number;
  handedOverBy: string;
  receivedBy: string;
  place: string;
  minutesNumber: string;
  acknowledgedAt: string | null;
}

export interface Pledge {
  id: string;
  donorKind: string;
  donorName: string;
  donorSchoolId: string | null;
  anonymous: boolean;
  kind: ContributionKind;
  description: string;
  quantity: number;
  unit: string;
  valueVnd: number;
  schoolId: string;
  schoolName: string;
  pairId: string | null;
  state: ContributionState;
  expectedOn: string | null;
  deliveredVnd: number;
  deliveredQuantity: number;
  deliveries: Delivery[];
  actions: { deliver: boolean; correct: boolean; cancel: boolean; acknowledge: boolean };
}

export interface TotalsLine {
  cashVnd: number;
  inKindVnd: number;
  inKindItems: number;
  hours: number;
  deliveries: number;
}
export interface Totals {
  overall: TotalsLine;
  bySchool: (TotalsLine & { schoolId: string; schoolName: string })[];
  byKind: { kind: ContributionKind; valueVnd: number; quantity: number; deliveries: number }[];
}

export interface PublicEntry {
  seq: number;
  kind: 'delivery' | 'correction' | 'payment';
  correctsSeq: number | null;
  recordedAt: string;
  donor: string;
  contributionKind: ContributionKind;
  quantity: string;
  unit: string;
  valueVnd: number;
  deliveredOn: string;
  schoolName: string;
  minutesNumber: string;
  hash: string;
}

export function usePledges(page: number) {
  return useQuery({
    queryKey: ['support', 'contributions', page],
    queryFn: () => api<{ items: Pledge[]; total: number }>('GET', `/api/support/contributions?page=${page}&pageSize=10`),
    placeholderData: keepPreviousData,
  });
}

export const useTotals = () => useQuery({ queryKey: ['support', 'totals'], queryFn: () => api<Totals>('GET', '/api/support/totals') });

/** The pairs the caller sees (to pick the pair and the receiving school of a pledge). */
export const useMyPairs = () => useQuery({ queryKey: ['support', 'pairs'], queryFn: () => api<PairListDto>('GET', '/api/pairs?limit=100&offset=0') });

export function useSupportMutation<I>(fn: (input: I) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ['support'] }) });
}

export const createPledge = (body: NewPledge) => api<Pledge>('POST', '/api/support/contributions', body);
export const addDelivery = ({ id, body }: { id: string; body: NewDelivery }) => api<Pledge>('POST', `/api/support/contributions/${id}/deliveries`, body);
export const acknowledge = (deliveryId: string) => api<Pledge>('POST', `/api/support/deliveries/${deliveryId}/acknowledge`);
export const cancelPledge = ({ id, reason }: { id: string; reason: string }) => api<Pledge>('POST', `/api/support/contributions/${id}/cancel`, { reason });

export const usePublicTotals = () => useQuery({ queryKey: ['public', 'totals'], queryFn: () => api<Totals>('GET', '/api/public/support/totals') });
export const usePublicLedger = () =>
  useQuery({ queryKey: ['public', 'ledger'], queryFn: () => api<{ items: PublicEntry[]; total: number; head: { seq: number; hash: string } | null }>('GET', '/api/public/ledger?limit=50') });
export const usePublicHeads = () =>
  useQuery({ queryKey: ['public', 'heads'], queryFn: () => api<{ current: { seq: number; hash: string } | null; published: { publishedOn: string; seq: number; hash: string }[] }>('GET', '/api/public/ledger/heads') });

// sponsorships
export interface Sponsorship {
  id: string;
  schoolId: string;
  schoolName: string;
  beneficiaryId: string;
  sponsorKind: 'person' | 'organisation';
  sponsorName: string;
  sponsorUsername: string | null;
  anonymous: boolean;
  frequency: 'monthly' | 'yearly';
  amountVnd: number;
  startsOn: string;
  endsOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  nextDueOn: string | null;
  paidVnd: number;
  payments: SponsorshipPayment[];
  actions: { pay: boolean; end: boolean; correctPayment: boolean };
}
/** A payment as recorded; `countedVnd` is what counts today (its correction's amount, 0 when reversed). */
export interface SponsorshipPayment {
  id: string;
  periodOn: string;
  paidOn: string;
  amountVnd: number;
  ledgerSeq: number;
  countedVnd: number;
  correction: { kind: 'reversal' | 'amount'; amountVnd: number; reason: string; correctedAt: string; ledgerSeq: number } | null;
}
export interface SponsorView {
  id: string;
  schoolName: string;
  student: { givenName: string; className: string | null } | null;
  frequency: 'monthly' | 'yearly';
  amountVnd: number;
  startsOn: string;
  endsOn: string | null;
  endedOn: string | null;
  nextDueOn: string | null;
  paidVnd: number;
  payments: { id: string; periodOn: string; paidOn: string; amountVnd: number; countedVnd: number; correction: { kind: 'reversal' | 'amount'; amountVnd: number; correctedAt: string } | null }[];
}
export const useSponsorships = (schoolId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['support', 'sponsorships', schoolId],
    queryFn: () => api<{ items: Sponsorship[] }>('GET', `/api/support/sponsorships?schoolId=${schoolId}`),
    enabled: enabled && Boolean(schoolId),
  });
export const useMySponsorships = () => useQuery({ queryKey: ['support', 'sponsorships', 'mine'], queryFn: () => api<{ items: SponsorView[] }>('GET', '/api/support/sponsorships/mine') });
export const createSponsorship = (body: unknown) => api<Sponsorship>('POST', '/api/support/sponsorships', body);
export const recordSponsorshipPayment = ({ id, body }: { id: string; body: { paidOn: string; periodOn?: string; amountVnd?: number } }) =>
  api<Sponsorship>('POST', `/api/support/sponsorships/${id}/payments`, body);
export const endSponsorship = ({ id, body }: { id: string; body: { endedOn: string; reason: string } }) => api<Sponsorship>('POST', `/api/support/sponsorships/${id}/end`, body);
export const correctSponsorshipPayment = ({ id, paymentId, body }: { id: string; paymentId: string; body: { kind: 'reversal' | 'amount'; amountVnd?: number; reason: string } }) =>
  api<Sponsorship>('POST', `/api/support/sponsorships/${id}/payments/${paymentId}/corrections`, body);
