import { phaseLabel } from '#src/core/campaigns/campaign.ts';
import type { PairState } from '#src/core/pairs/state-machine.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { listMouRows, listPairHistory, listScanRows, listSignatureRows, listSteeringRows, unitChainsOn } from './pairs.repository.ts';
import { verificationUrl } from '#src/documents/layout.ts';
import { getMouVersion, unitLineOf, type MouVersionDto, type MouVersionSummaryDto } from './mou.service.ts';
import { listNotices, type NoticeDto } from './notices.service.ts';
import { actionsFor, loadPairFor, type PairAction } from './pairs.service.ts';
import type { ScanDto } from './scans.service.ts';
import type { SteeringMemberDto } from './steering.service.ts';

export interface PairDetailDto {
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
  mou: { versions: MouVersionSummaryDto[]; current: MouVersionDto | null; latest: MouVersionDto | null };
  notices: NoticeDto[];
  steering: SteeringMemberDto[];
  scans: ScanDto[];
  history: { at: string; actor: string | null; action: string }[];
}

/** Everything the pair page shows, in one answer, for a caller who may see the pair. */
export async function getPairDetail(db: Db, ctx: CallContext, pairId: string, now: Date, publicUrl: string): Promise<PairDetailDto> {
  const today = isoDateInHanoi(now);
  const { pair, members } = await loadPairFor(db, ctx, pairId, today);
  const [campaign, mouRows, steering, history, chains] = await Promise.all([
    findCampaignRow(db, pair.campaign_id),
    listMouRows(db, pairId),
    listSteeringRows(db, pairId),
    listPairHistory(db, pairId),
    unitChainsOn(db, members.map((m) => m.school_id), today),
  ]);
  const versionsById = new Map(mouRows.map((r) => [r.id, r.version]));
  const [sigs, scans, notices] = await Promise.all([
    listSignatureRows(db, mouRows.map((r) => r.id)),
    listScanRows(db, mouRows.map((r) => r.id)),
    listNotices(db, ctx, pairId, now, versionsById),
  ]);
  const signed = mouRows.find((r) => r.status === 'signed');
  const latest = mouRows[0];
  const current = signed ?? latest;
  return {
    id: pair.id,
    state: pair.state,
    campaign: campaign
      ? { id: campaign.id, number: campaign.number, title: campaign.title, phase: phaseLabel(campaign.phase_start_year, campaign.phase_end_year) }
      : { id: pair.campaign_id, number: '', title: '', phase: '' },
    members: members.map((m) => ({
      schoolId: m.school_id,
      code: m.code,
      name: m.name,
      shortName: m.short_name,
      level: m.level,
      unitLine: unitLineOf(chains.get(m.school_id)),
      acceptedAt: m.accepted_at?.toISOString() ?? null,
      declinedAt: m.declined_at?.toISOString() ?? null,
      declinedReason: m.declined_reason,
    })),
    proposedBySchoolId: pair.proposed_by_school_id,
    createdAt: pair.created_at.toISOString(),
    approvedAt: pair.approved_at?.toISOString() ?? null,
    endedOn: pair.ended_on,
    endReason: pair.end_reason,
    // One notice at a time, and none while an agreed amendment waits for signatures.
    actions: actionsFor(ctx.actor, pair, members).filter(
      (a) => a !== 'sendNotice' || (!notices.some((n) => n.status === 'sent') && !(signed && latest && latest.version > signed.version)),
    ),
    mou: {
      versions: mouRows.map((r) => ({
        version: r.version,
        status: r.status,
        place: r.place,
        datedOn: r.dated_on,
        phase: r.phase,
        sha256: r.content_sha256,
        number: r.number,
        signedOn: r.signed_on,
        verificationCode: r.verification_code,
        verifyUrl: r.verification_code ? verificationUrl(publicUrl, r.verification_code) : null,
        changeNote: r.change_note,
        fromNoticeId: r.from_notice_id,
        createdAt: r.created_at.toISOString(),
        signatures: sigs
          .filter((s) => s.mou_id === r.id)
          .map((s) => ({
            schoolId: s.school_id,
            signatoryName: s.signatory_name,
            signatoryTitle: s.signatory_title,
            signedAt: s.signed_at.toISOString(),
            sha256: s.content_sha256,
            electronic: s.signed_by_user_id !== null,
          })),
      })),
      current: current ? await getMouVersion(db, ctx, pairId, current.version, now, publicUrl) : null,
      latest: latest && latest !== current ? await getMouVersion(db, ctx, pairId, latest.version, now, publicUrl) : null,
    },
    notices,
    steering: steering.map((r) => ({
      id: r.id,
      schoolId: r.school_id,
      fullName: r.full_name,
      committeeRole: r.committee_role,
      position: r.position,
      phone: r.phone,
      email: r.email,
    })),
    scans: scans.map((r) => ({
      id: r.id,
      mouVersion: versionsById.get(r.mou_id) ?? 0,
      fileName: r.file_name,
      mediaType: r.media_type,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
      uploadedAt: r.uploaded_at.toISOString(),
    })),
    history: history.map((h) => ({ at: h.at.toISOString(), actor: h.actor_username, action: h.action })),
  };
}
