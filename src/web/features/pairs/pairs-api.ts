import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MouContent } from '#src/core/mou/types.ts';
import type { MouParty } from '#src/core/mou/version.ts';
import type { PairState } from '#src/core/pairs/state-machine.ts';
import { api, ApiError, getCsrfToken } from '../../lib/api';

export interface PairSummary {
  id: string;
  state: PairState;
  campaign: { id: string; number: string };
  schools: { id: string; name: string; shortName: string; level: string }[];
  mouStatus: 'draft' | 'signed' | 'superseded' | null;
  signedOn: string | null;
  createdAt: string;
}

export interface Signature {
  schoolId: string;
  signatoryName: string;
  signatoryTitle: string;
  signedAt: string;
  sha256: string;
  electronic: boolean;
}

export interface MouVersionSummary {
  version: number;
  status: 'draft' | 'signed' | 'superseded';
  place: string;
  datedOn: string;
  phase: string;
  sha256: string;
  number: string | null;
  signedOn: string | null;
  verificationCode: string | null;
  verifyUrl: string | null;
  changeNote: string | null;
  fromNoticeId: string | null;
  createdAt: string;
  signatures: Signature[];
}

export interface MouVersion extends MouVersionSummary {
  venue: string | null;
  parties: MouParty[];
  content: MouContent;
}

export interface Notice {
  id: string;
  kind: 'amend' | 'supplement' | 'cancel';
  status: 'sent' | 'accepted' | 'rejected' | 'withdrawn';
  number: string | null;
  senderSchoolId: string;
  mouVersion: number | null;
  reason: string;
  proposedText: string[];
  proposedContent: MouContent | null;
  effectiveOn: string | null;
  datedOn: string;
  place: string;
  sentAt: string;
  signatoryName: string;
  sha256: string;
  verificationCode: string | null;
  resultingMouVersion: number | null;
  responses: { schoolId: string; decision: 'accept' | 'reject'; note: string | null; respondedAt: string }[];
}

export type CommitteeRole = 'head' | 'deputy' | 'member' | 'secretary';

export interface SteeringMember {
  id: string;
  schoolId: string;
  fullName: string;
  committeeRole: CommitteeRole;
  position: string | null;
  phone: string | null;
  email: string | null;
}

export interface Scan {
  id: string;
  mouVersion: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export type PairAction =
  | 'accept'
  | 'decline'
  | 'approve'
  | 'reject'
  | 'complete'
  | 'terminate'
  | 'editMou'
  | 'signMou'
  | 'sendNotice'
  | 'manageSteering'
  | 'uploadScan';

export interface PairDetail {
  id: string;
  state: PairState;
  campaign: { id: string; number: string; title: string; phase: string };
  members: {
    schoolId: string;
    code: string;
    name: string;
    shortName: string;
    level: string;
    unitLine: string;
    acceptedAt: string | null;
    declinedAt: string | null;
    declinedReason: string | null;
  }[];
  proposedBySchoolId: string | null;
  createdAt: string;
  approvedAt: string | null;
  endedOn: string | null;
  endReason: string | null;
  actions: PairAction[];
  mou: { versions: MouVersionSummary[]; current: MouVersion | null; latest: MouVersion | null };
  notices: Notice[];
  steering: SteeringMember[];
  scans: Scan[];
  history: { at: string; actor: string | null; action: string }[];
}

export interface WordOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface MouDiff {
  from: number;
  to: number;
  changes: { article: number | null; clause: number | null; change: 'added' | 'removed' | 'changed'; before: string | null; after: string | null; words: WordOp[]; articleTitle?: string }[];
  meta: { field: string; before: string; after: string }[];
}

export interface PairFilters {
  q?: string | undefined;
  campaignId?: string | undefined;
  state?: string[];
  level?: string[];
  adminUnitId?: string | undefined;
  limit: number;
  offset: number;
}

export function usePairs(f: PairFilters) {
  const qs = new URLSearchParams();
  if (f.q) qs.set('q', f.q);
  if (f.campaignId) qs.set('campaignId', f.campaignId);
  if (f.state?.length) qs.set('state', f.state.join(','));
  if (f.level?.length) qs.set('level', f.level.join(','));
  if (f.adminUnitId) qs.set('adminUnitId', f.adminUnitId);
  qs.set('limit', String(f.limit));
  qs.set('offset', String(f.offset));
  return useQuery({
    queryKey: ['pairs', qs.toString()],
    queryFn: () => api<{ items: PairSummary[]; total: number }>('GET', `/api/pairs?${qs}`),
    placeholderData: keepPreviousData,
  });
}

export const pairKey = (id: string) => ['pair', id] as const;

export function usePair(id: string) {
  return useQuery({ queryKey: pairKey(id), queryFn: () => api<PairDetail>('GET', `/api/pairs/${id}`) });
}

export function useMouVersion(pairId: string, version: number | null) {
  return useQuery({
    queryKey: ['pair', pairId, 'mou', version],
    queryFn: () => api<MouVersion>('GET', `/api/pairs/${pairId}/mou/versions/${version}`),
    enabled: version !== null,
  });
}

export function useMouDiff(pairId: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['pair', pairId, 'diff', from, to],
    queryFn: () => api<MouDiff>('GET', `/api/pairs/${pairId}/mou/diff?from=${from}&to=${to}`),
    enabled: from !== null && to !== null && from !== to,
  });
}

/** A change of the pair: refreshes the pair and the lists afterwards. */
export function usePairMutation<I, O = unknown>(pairId: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['pair', pairId] });
      await client.invalidateQueries({ queryKey: ['pairs'] });
    },
  });
}

export function useProposePair() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { campaignId: string; schoolIds: string[] }) => api<{ id: string }>('POST', '/api/pairs', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pairs'] }),
  });
}

/** Upload a file as multipart/form-data (the JSON helper cannot), with the CSRF header. */
export async function uploadScanFile(pairId: string, file: File): Promise<Scan> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(`/api/pairs/${pairId}/mou/scans`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => null)) as (Scan & { error?: undefined }) | { error: { code: string; message: string; field?: string } } | null;
  if (!res.ok) {
    const e = data && 'error' in data && data.error ? data.error : { code: 'HTTP_ERROR', message: res.statusText };
    throw new ApiError(res.status, e.code, e.message);
  }
  return data as Scan;
}

export interface CampaignOption {
  id: string;
  number: string;
  title: string;
  phaseStartYear: number;
  phaseEndYear: number;
}

export function useCampaignOptions() {
  return useQuery({ queryKey: ['campaigns'], queryFn: () => api<{ items: CampaignOption[] }>('GET', '/api/campaigns'), staleTime: 60_000 });
}

export function useSchoolSearch(q: string) {
  return useQuery({
    queryKey: ['school-search', q],
    queryFn: () => api<{ items: { id: string; code: string; name: string }[] }>('GET', `/api/schools?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`),
    placeholderData: keepPreviousData,
  });
}

/** Districts, communes and wards of today, for the area filter. */
export function useAreaOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['admin-units', 'areas'],
    queryFn: () => api<{ items: { id: string; name: string; kind: string }[] }>('GET', '/api/admin-units?kind=district,commune,ward,town'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export { api };
