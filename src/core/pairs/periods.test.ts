import { describe, expect, it } from 'vitest';
import { MOU_TEMPLATE, renderMouContent } from '#src/core/mou/placeholders.ts';
import { MOVEMENT_TITLE } from '#src/core/mou/seed-template.ts';
import { pairPeriods } from './periods.ts';

/**
 * The seeds: Plan 4340/KH-SGDĐT (12/12/2022) runs the movement's phase 2022–2025; the MoU of
 * Chu Phan – Ái Mộ B, signed 13/03/2023, runs "giai đoạn 2023-2025", from 3/2023 to the end of
 * 12/2025 (Điều 3). Both are right: the header names each with what it is.
 */
describe('the periods a pair page names', () => {
  const plan4340 = { number: '4340/KH-SGDĐT', issuedOn: '2022-12-12', issuer: 'Sở GDĐT Hà Nội', title: MOVEMENT_TITLE };

  it('a pair of 2022–2025 whose MoU was signed in 03/2023: the campaign’s phase and the MoU’s own term, as its Điều 3 says', () => {
    const signed = { phase: '2023-2025', datedOn: '2023-03-13' };
    const p = pairPeriods({ campaign: { phase: '2022-2025' }, mou: { current: signed, latest: signed } });
    expect(p).toEqual({ campaignPhase: '2022-2025', mou: { phase: '2023-2025', from: '3/2023', until: '12/2025', inForce: true } });
    const dieu3 = renderMouContent(MOU_TEMPLATE, { parties: ['A', 'B'], ...signed, campaign: plan4340 }).articles[2]!.clauses[0]!;
    expect(dieu3.startsWith(`Từ tháng ${p.mou!.from} đến hết tháng ${p.mou!.until}.`)).toBe(true);
  });

  it('the MoU of the next phase signed before that phase begins runs from its first month', () => {
    const draft = { phase: '2026-2028', datedOn: '2025-12-20' };
    const p = pairPeriods({ campaign: { phase: '2026-2028' }, mou: { current: null, latest: draft } });
    expect(p.mou).toEqual({ phase: '2026-2028', from: '1/2026', until: '12/2028', inForce: false });
    const dieu3 = renderMouContent(MOU_TEMPLATE, { parties: ['A', 'B'], ...draft, campaign: plan4340 }).articles[2]!.clauses[0]!;
    expect(dieu3.startsWith('Từ tháng 1/2026 đến hết tháng 12/2028.')).toBe(true);
  });

  it('a pair without an MoU names only the campaign’s phase', () => {
    expect(pairPeriods({ campaign: { phase: '2026-2028' }, mou: { current: null, latest: null } })).toEqual({ campaignPhase: '2026-2028', mou: null });
  });
});
