/**
 * The first draft of a pair's MoU and what every version needs to name its parties:
 * names and units as of a date, signatories, the place. Used by the pairs service (a pair
 * approved gets its draft) and by the MoU and notice services (every later version), so
 * that neither imports the other.
 */
import { upgradeLegacyTemplate } from '#src/core/mou/placeholders.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import {
  hashMouVersion,
  mouContentSchema,
  mouPhaseFor,
  partyNameOf,
  type MouParty,
  type MouVersionText,
  type SignatoryTitle,
} from '#src/core/mou/version.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { MouNotFoundError } from './pairs.errors.ts';
import { leaderNamesOfSchools } from '#src/server/features/users/users.repository.ts';
import { insertMou, latestMouRow, shortNamesOn, unitChainsOn, type MemberRow } from './pairs.repository.ts';
import type { MouRow, PairRow } from './pair.table.ts';

// ---------------------------------------------------------------------------
// Parties as of a date

// Not `\b`: it knows ASCII letters only, so "Xã", "Thị xã" and "Thành phố" would never match.
const KIND_WORDS = /^(Quận|Huyện|Thị xã|Thành phố|Phường|Xã|Thị trấn|Đặc khu|Tỉnh)(?=\s|$)/u;
const lowerKind = (name: string): string => name.replace(KIND_WORDS, (w) => w.toLocaleLowerCase('vi-VN'));

/**
 * The unit a document names after a school: its district as of the date ("huyện Mê
 * Linh"); after 1 July 2025, when districts no longer exist, its commune or ward.
 */
export function unitLineOf(chain: readonly { name: string; kind: string }[] | undefined): string {
  if (!chain?.length) return '';
  const district = chain.find((u) => u.kind === 'district');
  if (district) return lowerKind(district.name);
  const local = chain.find((u) => ['commune', 'ward', 'town', 'special-zone'].includes(u.kind));
  return local ? lowerKind(local.name) : '';
}

/** "huyện Mê Linh, TP. Hà Nội" */
function venueOf(chain: readonly { name: string; kind: string }[] | undefined): string | null {
  const line = unitLineOf(chain);
  const province = chain?.find((u) => u.kind === 'province');
  if (!line) return null;
  return province ? `${line}, ${province.name.replace(/^Thành phố\s+/u, 'TP. ')}` : line;
}

/** "huyện Mê Linh" → "Mê Linh" (the place in the date line). */
export const placeOf = (unitLine: string): string => unitLine.replace(/^(quận|huyện|thị xã|thành phố|phường|xã|thị trấn|đặc khu)\s+/iu, '') || '……';

export interface PartyChoice {
  schoolId: string;
  signatoryName?: string | undefined;
  signatoryTitle?: SignatoryTitle | undefined;
  representatives?: { name: string; position: string }[] | undefined;
}

/**
 * The parties of a version: names and units as of `onDate`, from the registry; the
 * signatories as chosen (or the principal on record).
 */
export async function resolveParties(db: Db, members: MemberRow[], onDate: string, choices: PartyChoice[] = []) {
  const ids = members.map((m) => m.school_id);
  const [chains, formerNames, leaders] = await Promise.all([unitChainsOn(db, ids, onDate), shortNamesOn(db, ids, onDate), leaderNamesOfSchools(db, ids)]);
  const parties: MouParty[] = members.map((m) => {
    const choice = choices.find((c) => c.schoolId === m.school_id);
    const shortName = formerNames.get(m.school_id) ?? m.short_name;
    const fallbackSignatory = m.principal_name ?? leaders.find((l) => l.school_id === m.school_id)?.display_name ?? '……………………';
    return {
      schoolId: m.school_id,
      name: partyNameOf(shortName),
      unitLine: unitLineOf(chains.get(m.school_id)),
      shortName,
      signatoryName: choice?.signatoryName?.trim() || fallbackSignatory,
      signatoryTitle: choice?.signatoryTitle ?? 'HIỆU TRƯỞNG',
      representatives: choice?.representatives ?? [],
    };
  });
  return { parties, venue: venueOf(chains.get(members[0]!.school_id)) };
}

export const partyTitle = (p: MouParty): string => (p.unitLine ? `${p.name} ${p.unitLine}` : p.name);

/** The columns of a new draft version holding `text`, with its hash. */
export const draftColumns = (text: MouVersionText) => ({
  number: null,
  place: text.place,
  venue: text.venue,
  dated_on: text.datedOn,
  phase: text.phase,
  parties: JSON.stringify(text.parties),
  content: JSON.stringify(text.content),
  content_sha256: hashMouVersion(text),
  status: 'draft' as const,
  signed_on: null,
});

/** The first draft of an approved pair: the campaign's template filled with the parties as of today. */
export async function createDraftFromTemplate(trx: Db, ctx: CallContext, pair: PairRow, members: MemberRow[], now: Date): Promise<MouRow> {
  const today = isoDateInHanoi(now);
  const campaign = await findCampaignRow(trx, pair.campaign_id);
  if (!campaign) throw new MouNotFoundError();
  const { parties, venue } = await resolveParties(trx, members, today);
  const template = mouContentSchema.safeParse(campaign.mou_template);
  const base: MouContent = template.success ? template.data : { preamble: [], articles: [{ number: 1, title: 'Mục tiêu', clauses: ['…'] }] };
  const phase = mouPhaseFor(campaign.phase_start_year, campaign.phase_end_year, Number(today.slice(0, 4)));
  // Placeholders stay placeholders: the phase, the basis, Điều 3 and the parties are filled when
  // the document is rendered. A template saved before that (the seed's dates written out) gets them.
  const content = upgradeLegacyTemplate(base, {
    number: campaign.number,
    issuedOn: campaign.issued_on,
    issuer: campaign.issuer,
    title: campaign.title,
    phaseStartYear: campaign.phase_start_year,
    phaseEndYear: campaign.phase_end_year,
  });
  const latest = await latestMouRow(trx, pair.id);
  const text = { place: placeOf(parties[0]!.unitLine), venue, datedOn: today, phase, parties, content };
  return insertMou(trx, {
    created_at: now,
    pair_id: pair.id,
    version: (latest?.version ?? 0) + 1,
    ...draftColumns(text),
    change_note: 'Dự thảo từ mẫu của kế hoạch',
    created_by_user_id: ctx.actor?.userId ?? null,
    issuer_school_id: parties[0]!.schoolId,
  });
}
