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
  kind: 'delivery' | 'correction';
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
