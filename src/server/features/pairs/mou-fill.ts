/**
 * A version's placeholders filled for the reader (preview, DOCX, PDF, notices): from the
 * version's parties, phase and date, and from the campaign — as it stood when the version was
 * signed (kept with the version then, so a signed document never changes), else as it is now.
 */
import { z } from 'zod';
import { renderMouContent, type MouFillValues } from '#src/core/mou/placeholders.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import { mouPartySchema } from '#src/core/mou/version.ts';
import type { CampaignRow } from '#src/server/features/campaigns/campaign.table.ts';
import type { MouRow } from './pair.table.ts';
import { partyTitle } from './mou-draft.service.ts';

/** What the legal basis cites of a campaign. */
export type CampaignBasis = MouFillValues['campaign'];

const basisSchema = z.object({ number: z.string(), issuedOn: z.string(), issuer: z.string(), title: z.string() });

export const campaignBasisOf = (c: Pick<CampaignRow, 'number' | 'issued_on' | 'issuer' | 'title'>): CampaignBasis => ({
  number: c.number,
  issuedOn: c.issued_on,
  issuer: c.issuer,
  title: c.title,
});

/** The campaign a version cites: as signed, or the campaign now. */
export function basisOfVersion(row: Pick<MouRow, 'campaign_basis'>, campaign: Pick<CampaignRow, 'number' | 'issued_on' | 'issuer' | 'title'>): CampaignBasis {
  const kept = basisSchema.safeParse(row.campaign_basis);
  return kept.success ? kept.data : campaignBasisOf(campaign);
}

export function fillValuesOf(row: MouRow, campaign: Pick<CampaignRow, 'number' | 'issued_on' | 'issuer' | 'title'>): MouFillValues {
  const parties = z.array(mouPartySchema).parse(row.parties);
  return { parties: parties.map(partyTitle), phase: row.phase, datedOn: row.dated_on, campaign: basisOfVersion(row, campaign) };
}

/** The version's text as its documents show it. */
export const renderedContentOf = (row: MouRow, campaign: Pick<CampaignRow, 'number' | 'issued_on' | 'issuer' | 'title'>): MouContent =>
  renderMouContent(row.content as MouContent, fillValuesOf(row, campaign));
