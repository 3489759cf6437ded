import {
  campaignEnded,
  campaignEndsOn,
  campaignPatchSchema,
  defaultTemplateFor,
  isoDateSchema,
  newCampaignSchema,
  schoolYearsOf,
  type CampaignDto,
  type CampaignPatch,
  type NewCampaign,
} from '#src/core/campaigns/campaign.ts';
import { ConflictError, DomainError, ValidationError } from '#src/core/errors.ts';
import { authorize } from '#src/core/access/guard.ts';
import { formatDate } from '#src/core/vn/format.ts';
import { z } from 'zod';
import { upgradeLegacyTemplate } from '#src/core/mou/placeholders.ts';
import { mouContentSchema } from '#src/core/mou/version.ts';

import type { MouContent } from '#src/core/mou/types.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { CampaignRow } from './campaign.table.ts';
import {
  findCampaignByNumber,
  findCampaignRow,
  findNextCampaignRow,
  insertCampaign,
  listCampaignRows,
  updateCampaign,
} from './campaigns.repository.ts';

export function campaignFromRow(r: CampaignRow & { pair_count?: string | number | null; next_campaign_id?: string | null }): CampaignDto {
  const t = r.mou_template as Partial<MouContent> | null;
  return {
    id: r.id,
    number: r.number,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    title: r.title,
    phaseStartYear: r.phase_start_year,
    phaseEndYear: r.phase_end_year,
    schoolYears: r.school_years ?? [],
    mouTemplate: { preamble: t?.preamble ?? [], articles: t?.articles ?? [] },
    ...(r.pair_count !== undefined ? { pairCount: Number(r.pair_count ?? 0) } : {}),
    endsOn: campaignEndsOn(r.phase_end_year),
    previousCampaignId: r.previous_campaign_id,
    nextCampaignId: r.next_campaign_id ?? null,
  };
}

export class CampaignNotFoundError extends DomainError {
  constructor() {
    super('CAMPAIGN_NOT_FOUND', 404);
  }
}


function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; params?: unknown }[] } } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ValidationError(issue.path.map(String).join('.'), (issue.params as { key?: string } | undefined)?.key ?? 'invalid');
  }
  return r.data;
}

/** Campaigns are the department's public plans: every signed-in user may read them. */
export async function listCampaigns(db: Db): Promise<CampaignDto[]> {
  return (await listCampaignRows(db)).map(campaignFromRow);
}

export async function getCampaign(db: Db, id: string): Promise<CampaignDto> {
  const row = await findCampaignRow(db, id);
  if (!row) throw new CampaignNotFoundError();
  return campaignFromRow({ ...row, next_campaign_id: (await findNextCampaignRow(db, id))?.id ?? null });
}

export async function createCampaign(trx: Db, ctx: CallContext, input: NewCampaign): Promise<CampaignDto> {
  authorize(ctx.actor, 'campaign.create');
  const c = parse(newCampaignSchema, input);
  if (await findCampaignByNumber(trx, c.number)) throw new ConflictError('CAMPAIGN_NUMBER_TAKEN', 'number', { number: c.number });
  const row = await insertCampaign(trx, {
    number: c.number,
    issuer: c.issuer,
    issued_on: c.issuedOn,
    title: c.title,
    phase_start_year: c.phaseStartYear,
    phase_end_year: c.phaseEndYear,
    school_years: c.schoolYears.length ? c.schoolYears : schoolYearsOf(c.phaseStartYear, c.phaseEndYear),
    mou_template: JSON.stringify(c.mouTemplate ?? defaultTemplateFor(c)),
  });
  const dto = campaignFromRow(row);
  await recordAudit(trx, ctx, { action: 'campaign.create', entity: 'campaign', entityId: row.id, after: dto });
  return dto;
}

export async function updateCampaignDetails(trx: Db, ctx: CallContext, id: string, input: CampaignPatch): Promise<CampaignDto> {
  authorize(ctx.actor, 'campaign.update');
  const patch = parse(campaignPatchSchema, input);
  const before = await findCampaignRow(trx, id, true);
  if (!before) throw new CampaignNotFoundError();
  const start = patch.phaseStartYear ?? before.phase_start_year;
  const end = patch.phaseEndYear ?? before.phase_end_year;
  if (end < start) throw new ValidationError('phaseEndYear', 'phase_order');
  if (patch.number && patch.number !== before.number && (await findCampaignByNumber(trx, patch.number))) {
    throw new ConflictError('CAMPAIGN_NUMBER_TAKEN', 'number', { number: patch.number });
  }
  const row = await updateCampaign(trx, id, {
    ...(patch.number !== undefined ? { number: patch.number } : {}),
    ...(patch.issuer !== undefined ? { issuer: patch.issuer } : {}),
    ...(patch.issuedOn !== undefined ? { issued_on: patch.issuedOn } : {}),
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.phaseStartYear !== undefined ? { phase_start_year: patch.phaseStartYear } : {}),
    ...(patch.phaseEndYear !== undefined ? { phase_end_year: patch.phaseEndYear } : {}),
    ...(patch.schoolYears !== undefined ? { school_years: patch.schoolYears } : {}),
    ...(patch.mouTemplate !== undefined ? { mou_template: JSON.stringify(patch.mouTemplate) } : {}),
    updated_at: new Date(),
  });
  const dto = campaignFromRow({ ...row, next_campaign_id: (await findNextCampaignRow(trx, id))?.id ?? null });
  await recordAudit(trx, ctx, { action: 'campaign.update', entity: 'campaign', entityId: id, before: campaignFromRow(before), after: dto });
  return dto;
}


// phases ---------------------------------------------------------------------

/**
 * Pairing, proposing or approving under a campaign whose phase has ended: refused (409)
 * unless the request confirms it; the message names the plan and its end date (dd/mm/yyyy)
 * and the field to confirm with.
 */
export class CampaignEndedError extends ConflictError {
  constructor(number: string, endsOn: string) {
    super('CAMPAIGN_ENDED', 'confirmCampaignEnded', { number, endDate: formatDate(endsOn), endsOn });
  }
}

export function assertCampaignOpen(campaign: Pick<CampaignRow, 'number' | 'phase_end_year'>, today: string, confirmed: boolean | undefined): void {
  if (!confirmed && campaignEnded(campaign.phase_end_year, today)) throw new CampaignEndedError(campaign.number, campaignEndsOn(campaign.phase_end_year));
}

export const nextPhaseSchema = z
  .strictObject({
    number: newCampaignSchema.shape.number,
    issuedOn: isoDateSchema,
    phaseStartYear: z.number().int().min(2000).max(2100),
    phaseEndYear: z.number().int().min(2000).max(2100),
    title: newCampaignSchema.shape.title.optional(),
    issuer: newCampaignSchema.shape.issuer.optional(),
  })
  .refine((c) => c.phaseEndYear >= c.phaseStartYear, { path: ['phaseEndYear'], params: { key: 'phase_order' } });
export type NextPhaseInput = z.infer<typeof nextPhaseSchema>;

/**
 * Open the next phase of a campaign: a campaign of its own (its number, date and years), which
 * starts from the previous one's issuer, movement and MoU template (with the placeholders that
 * make its drafts follow the new phase), linked to it. One next phase per campaign.
 */
export async function openNextPhase(trx: Db, ctx: CallContext, previousId: string, input: NextPhaseInput): Promise<CampaignDto> {
  authorize(ctx.actor, 'campaign.openNextPhase');
  const c = parse(nextPhaseSchema, input);
  const previous = await findCampaignRow(trx, previousId, true);
  if (!previous) throw new CampaignNotFoundError();
  if (await findNextCampaignRow(trx, previousId)) throw new ConflictError('CAMPAIGN_NEXT_PHASE_EXISTS');
  if (c.phaseStartYear <= previous.phase_end_year) throw new ValidationError('phaseStartYear', 'next_phase_after', { end: previous.phase_end_year });
  if (await findCampaignByNumber(trx, c.number)) throw new ConflictError('CAMPAIGN_NUMBER_TAKEN', 'number', { number: c.number });
  const template = mouContentSchema.safeParse(previous.mou_template);
  const row = await insertCampaign(trx, {
    number: c.number,
    issuer: c.issuer ?? previous.issuer,
    issued_on: c.issuedOn,
    title: c.title ?? previous.title,
    phase_start_year: c.phaseStartYear,
    phase_end_year: c.phaseEndYear,
    school_years: schoolYearsOf(c.phaseStartYear, c.phaseEndYear),
    mou_template: JSON.stringify(
      template.success
        ? upgradeLegacyTemplate(template.data, {
            number: previous.number,
            issuedOn: previous.issued_on,
            issuer: previous.issuer,
            title: previous.title,
            phaseStartYear: previous.phase_start_year,
            phaseEndYear: previous.phase_end_year,
          })
        : defaultTemplateFor({ ...c, issuer: c.issuer ?? previous.issuer, title: c.title ?? previous.title }),
    ),
    previous_campaign_id: previous.id,
  });
  const dto = campaignFromRow({ ...row, next_campaign_id: null });
  await recordAudit(trx, ctx, { action: 'campaign.openNextPhase', entity: 'campaign', entityId: row.id, after: { ...dto, previousNumber: previous.number } });
  return dto;
}
