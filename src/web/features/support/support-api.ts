/** The support drive's calls (contributions, deliveries, totals, the public ledger). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewDelivery, NewPledge } from '#src/core/support/contribution.ts';
import type {
  DeliveryDto,
  LedgerHeadsDto,
  PaymentDto,
  PledgeDto,
  PledgeListDto,
  PublicLedgerDto,
  PublicLedgerEntryDto,
  SponsorViewDto,
  SponsorViewListDto,
  SponsorshipDto,
  SponsorshipListDto,
  TotalsDto,
  TotalsLineDto,
} from '#src/core/support/dto.ts';
import type { PairListDto } from '#src/core/pairs/dto.ts';
import { api } from '../../lib/api';

/** The answers' types, inferred from the routes' response schemas (src/core/support/dto.ts). */
export type {
  DeliveryDto as Delivery,
  PaymentDto as SponsorshipPayment,
  PledgeDto as Pledge,
  PublicLedgerEntryDto as PublicEntry,
  SponsorViewDto as SponsorView,
  SponsorshipDto as Sponsorship,
  TotalsDto as Totals,
  TotalsLineDto as TotalsLine,
};

export function usePledges(page: number) {
  return useQuery({
    queryKey: ['support', 'contributions', page],
    queryFn: () => api<PledgeListDto>('GET', `/api/support/contributions?page=${page}&pageSize=10`),
    placeholderData: keepPreviousData,
  });
}

export const useTotals = () => useQuery({ queryKey: ['support', 'totals'], queryFn: () => api<TotalsDto>('GET', '/api/support/totals') });

/** The pairs the caller sees (to pick the pair and the receiving school of a pledge). */
export const useMyPairs = () => useQuery({ queryKey: ['support', 'pairs'], queryFn: () => api<PairListDto>('GET', '/api/pairs?limit=100&offset=0') });

export function useSupportMutation<I>(fn: (input: I) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: ['support'] }) });
}

export const createPledge = (body: NewPledge) => api<PledgeDto>('POST', '/api/support/contributions', body);
export const addDelivery = ({ id, body }: { id: string; body: NewDelivery }) => api<PledgeDto>('POST', `/api/support/contributions/${id}/deliveries`, body);
export const acknowledge = (deliveryId: string) => api<PledgeDto>('POST', `/api/support/deliveries/${deliveryId}/acknowledge`);
export const cancelPledge = ({ id, reason }: { id: string; reason: string }) => api<PledgeDto>('POST', `/api/support/contributions/${id}/cancel`, { reason });

export const usePublicTotals = () => useQuery({ queryKey: ['public', 'totals'], queryFn: () => api<TotalsDto>('GET', '/api/public/support/totals') });
export const usePublicLedger = () =>
  useQuery({ queryKey: ['public', 'ledger'], queryFn: () => api<PublicLedgerDto>('GET', '/api/public/ledger?limit=50') });
export const usePublicHeads = () =>
  useQuery({ queryKey: ['public', 'heads'], queryFn: () => api<LedgerHeadsDto>('GET', '/api/public/ledger/heads') });

// sponsorships
export const useSponsorships = (schoolId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['support', 'sponsorships', schoolId],
    queryFn: () => api<SponsorshipListDto>('GET', `/api/support/sponsorships?schoolId=${schoolId}`),
    enabled: enabled && Boolean(schoolId),
  });
export const useMySponsorships = () => useQuery({ queryKey: ['support', 'sponsorships', 'mine'], queryFn: () => api<SponsorViewListDto>('GET', '/api/support/sponsorships/mine') });
/** How many sponsorships name me as sponsor (no student read): whether the support page offers "Học sinh tôi đỡ đầu". */
export const useMySponsorshipCount = () => useQuery({ queryKey: ['support', 'sponsorships', 'mine', 'count'], queryFn: () => api<{ count: number }>('GET', '/api/support/sponsorships/mine/count') });
export const createSponsorship = (body: unknown) => api<SponsorshipDto>('POST', '/api/support/sponsorships', body);
export const recordSponsorshipPayment = ({ id, body }: { id: string; body: { paidOn: string; periodOn?: string; amountVnd?: number } }) =>
  api<SponsorshipDto>('POST', `/api/support/sponsorships/${id}/payments`, body);
export const endSponsorship = ({ id, body }: { id: string; body: { endedOn: string; reason: string } }) => api<SponsorshipDto>('POST', `/api/support/sponsorships/${id}/end`, body);
export const correctSponsorshipPayment = ({ id, paymentId, body }: { id: string; paymentId: string; body: { kind: 'reversal' | 'amount'; amountVnd?: number; reason: string } }) =>
  api<SponsorshipDto>('POST', `/api/support/sponsorships/${id}/payments/${paymentId}/corrections`, body);
