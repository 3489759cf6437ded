/**
 * The demo's yearly plans: each couple of demo schools has an approved plan 2025-2026 (of
 * 05/09/2025), made by the pair in force that day — the pair of 2022–2025 — numbered in its first
 * school's register, with that pair's activities linked to its items, readable by the pair's
 * schools only, and rendered to PDF. The activities from January 2026 belong to the pair of
 * 2026–2028 that continued it.
 */
import { describe, expect, it } from 'vitest';
import type { PlanDto, PlanListDto } from '#src/core/plans/dto.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ now: () => new Date('2026-04-01T03:00:00Z') });

/** The pair of these two schools under the given campaign (the demo has one per phase). */
async function pairOf(a: string, b: string, campaign = '4340/KH-SGDĐT'): Promise<string> {
  const rows = await t.db
    .selectFrom('pair_member as m')
    .innerJoin('school as s', 's.id', 'm.school_id')
    .innerJoin('pair as p', 'p.id', 'm.pair_id')
    .innerJoin('campaign as c', 'c.id', 'p.campaign_id')
    .select('m.pair_id')
    .where('s.code', 'in', [a, b])
    .where('c.number', '=', campaign)
    .groupBy('m.pair_id')
    .having((eb) => eb.fn.countAll(), '=', 2)
    .execute();
  return rows[0]!.pair_id;
}

describe('the demo plans', () => {
  it('Chu Phan – Ái Mộ B\'s pair of 2022–2025 has an approved plan 2025-2026 with its autumn activity on an item', async () => {
    const pairId = await pairOf('DEMO-TH-CHUPHAN', 'DEMO-TH-AIMOB');
    const leader = await t.signIn('aimob.ht');
    const list = (await t.as(leader)('GET', `/api/pairs/${pairId}/plans`)).json() as PlanListDto;
    expect(list.items).toEqual([{ schoolYear: '2025-2026', latestVersion: 1, latestStatus: 'approved', approvedVersion: 1 }]);
    const plan = (await t.as(leader)('GET', `/api/pairs/${pairId}/plans/2025-2026`)).json() as PlanDto;
    expect(plan).toMatchObject({ status: 'approved', number: '01/KH-THCP', approvedOn: '2025-09-05' });
    expect(plan.approvals).toHaveLength(2);
    expect(plan.progress.filter((p) => p.done)).toHaveLength(1);
    expect(plan.progress.flatMap((p) => p.activities).map((a) => [a.status, a.startsOn])).toEqual([['reported', '2025-11-14']]);
    // The pair of 2026–2028 holds the activities from its MoU on (January 2026), and no plan of this year.
    const next = await pairOf('DEMO-TH-CHUPHAN', 'DEMO-TH-AIMOB', 'MH-01/KH-SGDĐT');
    expect((await t.as(leader)('GET', `/api/pairs/${next}/plans`)).json().items).toEqual([]);
    const activities = (await t.as(leader)('GET', `/api/activities?pairId=${next}&schoolYear=2025-2026`)).json();
    expect(activities.items.map((a: { startsOn: string }) => a.startsOn).sort()).toEqual(['2026-03-20', '2026-05-15']);
    // Another school's leader does not see it.
    const other = await t.signIn('nhanchinh.ht');
    expect((await t.as(other)('GET', `/api/pairs/${pairId}/plans/2025-2026`)).statusCode).toBe(404);
    const pdf = await t.as(leader)('GET', `/api/pairs/${pairId}/plans/2025-2026?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('Nhân Chính – PTDTNT Hà Nội has one too, numbered in Nhân Chính’s register', async () => {
    const pairId = await pairOf('DEMO-THPT-NHANCHINH', 'DEMO-PTDTNT-HN');
    const plan = (await t.as(await t.signIn('ptdtnt.ht'))('GET', `/api/pairs/${pairId}/plans/2025-2026`)).json() as PlanDto;
    expect(plan).toMatchObject({ status: 'approved', number: '01/KH-THPTNC' });
    expect(plan.progress.find((p) => p.done)?.activities[0]?.title).toBe('Bồi dưỡng học sinh giỏi môn Ngữ văn lớp 11');
  });
});
