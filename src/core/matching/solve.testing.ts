/**
 * Checks shared by the solver's tests (unit and slow tiers); imported by tests only.
 */
import { expect } from 'vitest';
import type { MatchingInstance } from './instance.ts';
import type { MatchResult } from './solve.ts';

/** Checks that a result is a feasible pairing whose numbers add up. */
export function checkFeasible(inst: MatchingInstance, res: MatchResult): void {
  const cost = new Map(inst.edges.map((e) => [`${e.left}\u0000${e.right}`, e.cost]));
  const loadL = new Map<string, number>();
  const loadR = new Map<string, number>();
  const seen = new Set<string>();
  let sum = 0;
  for (const p of res.pairs) {
    const key = `${p.left}\u0000${p.right}`;
    expect(cost.has(key), `pair ${p.left}-${p.right} must be an edge`).toBe(true);
    expect(seen.has(key), 'each edge used at most once').toBe(false);
    seen.add(key);
    expect(p.cost).toBe(cost.get(key));
    sum += p.cost;
    loadL.set(p.left, (loadL.get(p.left) ?? 0) + 1);
    loadR.set(p.right, (loadR.get(p.right) ?? 0) + 1);
  }
  for (const n of inst.left) expect(loadL.get(n.id) ?? 0).toBeLessThanOrEqual(n.capacity ?? 1);
  for (const n of inst.right) expect(loadR.get(n.id) ?? 0).toBeLessThanOrEqual(n.capacity ?? 1);
  expect(res.matched).toBe(res.pairs.length);
  expect(Math.abs(sum - res.totalCost)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
}
