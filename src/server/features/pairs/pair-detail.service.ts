import { can } from '#src/core/access/policy.ts';
import { phaseLabel } from '#src/core/campaigns/campaign.ts';
import type { PairDetailDto } from '#src/core/pairs/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { listMouRows, listPairHistory, listScanRows, listSignatureRows, listSteeringRows, unitChainsOn } from './pairs.repository.ts';
import { unitLineOf } from './mou-draft.service.ts';
import { getMouVersion, versionSummaryDto } from './mou.service.ts';
import { listNotices } from './notices.service.ts';
import { actionsFor, loadPairFor } from './pairs.service.ts';
import { scanDto } from './scans.service.ts';
import { listPaperRecordDtos, paperActionsFor } from './paper.service.ts';
import { schoolsWithLeaderAccount } from '#src/server/features/users/users.repository.ts';
import { steeringMemberDto } from './steering.service.ts';
import type { Locale } from '#src/server/i18n/i18n.ts';

/** Everything the pair page shows, in one answer, for a caller who may see the pair. */
export async function getPairDetail(db: Db, ctx: CallContext, pairId: string, now: Date, publicUrl: string, locale: Locale = 'vi'): Promise<PairDetailDto> {
  const today = isoDateInHanoi(now);
  const { pair, members, facts } = await loadPairFor(db, ctx, pairId, today);
  const [campaign, mouRows, steering, history, chains] = await Promise.all([
    findCampaignRow(db, pair.campaign_id),
    listMouRows(db, pairId),
    listSteeringRows(db, pairId),
    listPairHistory(db, pairId),
    unitChainsOn(db, members.map((m) => m.school_id), today),
  ]);
  const versionsById = new Map(mouRows.map((r) => [r.id, r.version]));
  const [sigs, scans, notices, paperRecords, withAccount] = await Promise.all([
    listSignatureRows(db, mouRows.map((r) => r.id)),
    listScanRows(db, mouRows.map((r) => r.id)),
    listNotices(db, ctx, pairId, now, versionsById, new Map(mouRows.map((r) => [r.id, r.signed_on]))),
    listPaperRecordDtos(db, pairId, versionsById),
    schoolsWithLeaderAccount(db, members.map((m) => m.school_id)),
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
      hasAccount: withAccount.has(m.school_id),
      acceptedOnPaper: paperRecords.find((r) => r.kind === 'acceptance' && r.schoolId === m.school_id) ?? null,
      paperActions: paperActionsFor(ctx.actor, facts, m.school_id),
      manageSteering: can(ctx.actor, 'steering.manage', { ...facts, memberSchoolId: m.school_id }),
    })),
    proposedBySchoolId: pair.proposed_by_school_id,
    createdAt: pair.created_at.toISOString(),
    approvedAt: pair.approved_at?.toISOString() ?? null,
    endedOn: pair.ended_on,
    endReason: pair.end_reason,
    proposal: pair.proposal
      ? { runId: pair.proposal.runId, score: pair.proposal.score, explanation: pair.proposal.explanation[locale] ?? pair.proposal.explanation.vi }
      : null,
    // One notice at a time, and none while an agreed amendment waits for signatures.
    actions: actionsFor(ctx.actor, facts).filter(
      (a) => a !== 'sendNotice' || (!notices.some((n) => n.status === 'sent') && !(signed && latest && latest.version > signed.version)),
    ),
    mou: {
      versions: mouRows.map((r) => versionSummaryDto(r, sigs, publicUrl)),
      current: current ? await getMouVersion(db, ctx, pairId, current.version, now, publicUrl) : null,
      latest: latest && latest !== current ? await getMouVersion(db, ctx, pairId, latest.version, now, publicUrl) : null,
    },
    notices,
    steering: steering.map(steeringMemberDto),
    scans: scans.map((r) => scanDto(r, versionsById.get(r.mou_id) ?? 0)),
    paperRecords,
    history: history.map((h) => ({ at: h.at.toISOString(), actor: h.actor_username, action: h.action })),
  };
}
