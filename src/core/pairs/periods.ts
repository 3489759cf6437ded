/**
 * The two periods a pair page names, each for what it is (docs/pairs-mou.md, "Phase and term"):
 * the campaign's phase — the years of the department's plan, 2022–2025 for Plan 4340/KH-SGDĐT —
 * and the MoU's own term, from its signing month to the end of the phase's last year ("giai
 * đoạn 2023-2025", Điều 3: 3/2023 to 12/2025). A pair that signed in 2023 under a plan of
 * 2022–2025 rightly shows both.
 */
import { mouTerm } from '#src/core/mou/placeholders.ts';

interface MouDates {
  phase: string;
  datedOn: string;
}

export interface PairPeriods {
  campaignPhase: string;
  /** The MoU in force, else its latest draft; null without one. */
  mou: { phase: string; from: string; until: string; inForce: boolean } | null;
}

export function pairPeriods(pair: { campaign: { phase: string }; mou: { current: MouDates | null; latest: MouDates | null } }): PairPeriods {
  const v = pair.mou.current ?? pair.mou.latest;
  return { campaignPhase: pair.campaign.phase, mou: v ? { phase: v.phase, ...mouTerm(v), inForce: pair.mou.current !== null } : null };
}
