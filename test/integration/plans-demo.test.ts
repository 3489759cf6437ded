/**
 * The demo's yearly plans: each demo pair has an approved plan 2025-2026, numbered in its first
 * school's register, with activities linked to its items (done and planned), readable by the
 * pair's schools only, and rendered to PDF.
 */
import { describe, expect, it } from 'vitest';
import type { PlanDto, PlanListDto } from '#src/core/plans/dto.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ now: () => new Date('2026-04-01T03:00:00Z') });

async function pairOf(a: string, b: string): Promise<string> {
  const rows = await t.db
    .selectFrom('pair_member as m')
    .innerJoin('school as s', 's.id', 'm.school_id')
    .innerJoin('pair as p', 'p.id', 'm.pair_id')
    .select('m.pair_id')
    .where('s.code', 'in', [a, b])
    .where('p.state', 'in', ['approved', 'active'])
    .groupBy('m.pair_id')
    .having((eb) => eb.fn.countAll(), '=', 2)
    .execute();
  return rows[0]!.pair_id;
}

describe('the demo plans', () => {
  it('Chu Phan – Ái Mộ B has an approved plan 2025-2026 with done and planned activities on its items', async () => {
    const pairId = await pairOf('DEMO-TH-CHUPHAN', 'DEMO-TH-AIMOB');
    const leader = await t.signIn('aimob.ht');
    const list = (await t.as(leader)('GET', `/api/pairs/${pairId}/plans`)).json() as PlanListDto;
    expect(list.items).toEqual([{ schoolYear: '2025-2026', latestVersion: 1, latestStatus: 'approved', approvedVersion: 1 }]);
    const plan = (await t.as(leader)('GET', `/api/pairs/${pairId}/plans/2025-2026`)).json() as PlanDto;
    expect(plan).toMatchObject({ status: 'approved', number: '01/KH-THCP', approvedOn: '2025-09-05' });
    expect(plan.approvals).toHaveLength(2);
    expect(plan.progress.filter((p) => p.done)).toHaveLength(2);
    expect(plan.progress.flatMap((p) => p.activities).map((a) => a.status).sort()).toEqual(['done', 'planned', 'reported']);
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
