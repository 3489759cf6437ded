import { expect } from 'vitest';
import type { SignedIn } from './app.ts';
import type { createTestApp } from './app.ts';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The ids of the demo's campaign and schools, by the demo school keys. */
export async function demoIds(t: TestApp) {
  const campaign = await t.db.selectFrom('campaign').select('id').where('number', '=', '4340/KH-SGDĐT').executeTakeFirstOrThrow();
  const schools = await t.db.selectFrom('school').select(['id', 'code']).execute();
  const byCode = (code: string) => schools.find((s) => s.code === code)!.id;
  const next = await t.db.selectFrom('campaign').select('id').where('previous_campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
  const pairs = await t.db
    .selectFrom('pair_member')
    .innerJoin('pair', 'pair.id', 'pair_member.pair_id')
    .select(['pair_id', 'school_id', 'pair.campaign_id'])
    .execute();
  const chuphan = byCode('DEMO-TH-CHUPHAN');
  const aimob = byCode('DEMO-TH-AIMOB');
  const nhanchinh = byCode('DEMO-THPT-NHANCHINH');
  const pairOf = (school: string, campaignId: string) => pairs.find((p) => p.school_id === school && p.campaign_id === campaignId)!.pair_id;
  return {
    /** The plan 4340/KH-SGDĐT, 2022–2025: its phase has ended. */
    campaignId: campaign.id,
    /** Its next phase, 2026–2028 (demo data), the current one. */
    nextCampaignId: next.id,
    school: { chuphan, aimob, nhanchinh, ptdtnt: byCode('DEMO-PTDTNT-HN') },
    /** The demo pair Chu Phan – Ái Mộ B of 2022–2025, whose MoU was signed on 13/03/2023 (completed: it continued). */
    demoPairId: pairOf(chuphan, campaign.id),
    /** Chu Phan – Ái Mộ B in 2026–2028: active, its new MoU signed by both in January 2026. */
    currentPairId: pairOf(chuphan, next.id),
    /** THPT Nhân Chính – PTDTNT Hà Nội of 2022–2025 (signed on paper on 25/10/2023; completed). */
    ncPairId: pairOf(nhanchinh, campaign.id),
    /** THPT Nhân Chính – PTDTNT Hà Nội in 2026–2028: approved, signed by Nhân Chính, waiting for PTDTNT Hà Nội. */
    ncCurrentPairId: pairOf(nhanchinh, next.id),
  };
}

/**
 * A pair proposed by the department and taken to `approved` (with its first MoU
 * draft): both leaders accept, the department approves. Returns its id.
 */
export async function approvedPair(
  t: TestApp,
  admin: SignedIn,
  leaders: SignedIn[],
  campaignId: string,
  schoolIds: string[],
  confirm: { confirmCampaignEnded?: boolean } = {},
): Promise<string> {
  const res = await t.as(admin)('POST', '/api/pairs', { campaignId, schoolIds, ...confirm });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  for (const l of leaders) {
    const a = await t.as(l)('POST', `/api/pairs/${id}/transitions`, { event: 'accept' });
    expect(a.statusCode, a.body).toBe(200);
  }
  const ap = await t.as(admin)('POST', `/api/pairs/${id}/transitions`, { event: 'approve', ...confirm });
  expect(ap.statusCode, ap.body).toBe(200);
  expect(ap.json().state).toBe('approved');
  return id;
}

/** The latest draft of a pair (version and hash), as a leader reads it before signing. */
export async function latestDraft(t: TestApp, user: SignedIn, pairId: string) {
  const res = await t.as(user)('GET', `/api/pairs/${pairId}/mou/versions`);
  expect(res.statusCode, res.body).toBe(200);
  const v = res.json().items[0] as { version: number; sha256: string; status: string };
  return v;
}

export async function signLatest(t: TestApp, user: SignedIn, pairId: string) {
  const v = await latestDraft(t, user, pairId);
  return t.as(user)('POST', `/api/pairs/${pairId}/mou/signatures`, { version: v.version, sha256: v.sha256 });
}

/** A multipart/form-data body with one file field. */
export function multipartFile(fileName: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----chungtay-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
