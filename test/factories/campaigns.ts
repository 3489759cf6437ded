import type { CampaignDto, NewCampaign } from '#src/core/campaigns/campaign.ts';
import { systemContext } from '#src/server/context.ts';
import { createCampaign as createCampaignService } from '#src/server/features/campaigns/campaigns.service.ts';
import type { FactoryDb } from './db.ts';
import { unique } from './unique.ts';

/**
 * A campaign (kế hoạch), created as the department creates one: the campaigns service,
 * the default MoU template, school years from the phase. Returns it as the API does.
 */
export async function createCampaign(db: FactoryDb, overrides: Partial<NewCampaign> = {}): Promise<CampaignDto> {
  const input = {
    number: `${unique('kh').toUpperCase()}/KH-SGDĐT`,
    issuer: 'Sở Giáo dục và Đào tạo Hà Nội',
    issuedOn: '2023-08-15',
    title: 'Nhà trường cùng chung tay phát triển',
    phaseStartYear: 2023,
    phaseEndYear: 2026,
    schoolYears: [],
    ...overrides,
  } as NewCampaign;
  return db.transaction().execute((trx) => createCampaignService(trx, systemContext('test-factory'), input));
}
