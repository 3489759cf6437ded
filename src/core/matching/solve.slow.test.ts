/**
 * The solver's slow checks (the `slow` tier: `npm run test:slow`, run by CI): many
 * larger random instances, and the cross-check against SciPy (Debian's python3-scipy).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatchingInstance } from './instance.ts';
import { solveAssignment } from './solve.ts';
import { checkFeasible } from './solve.testing.ts';

const tiedInts = fc.integer({ min: -3, max: 3 });
const wideInts = fc.integer({ min: -1000, max: 1000 });
const cents = fc.integer({ min: -100_000, max: 100_000 }).map((k) => k / 100);

describe('solveAssignment on larger instances', () => {
  it('complete square cost matrices (column reduction and augmenting row reduction), every permutation checked', () => {
    /** Least scaled cost over all permutations (n ≤ 7: at most 5,040). */
    const bestPermutation = (w: number[][]): number => {
      const n = w.length;
      const used = new Array<boolean>(n).fill(false);
      let best = Infinity;
      const rec = (i: number, cost: number) => {
        if (i === n) {
          best = Math.min(best, cost);
          return;
        }
        for (let j = 0; j < n; j++) {
          if (used[j]) continue;
          used[j] = true;
          rec(i + 1, cost + w[i]![j]!);
          used[j] = false;
        }
      };
      rec(0, 0);
      return n ? best : 0;
    };
    for (const [cost, scale] of [
      [tiedInts, 1],
      [wideInts, 1],
      [cents, 100],
    ] as const) {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 7 }).chain((n) => fc.array(fc.array(cost, { minLength: n, maxLength: n }), { minLength: n, maxLength: n })),
          (w) => {
            const n = w.length;
            const inst: MatchingInstance = {
              left: w.map((_, i) => ({ id: `L${i}` })),
              right: w.map((_, j) => ({ id: `R${j}` })),
              edges: w.flatMap((row, i) => row.map((c, j) => ({ left: `L${i}`, right: `R${j}`, cost: c }))),
            };
            const expected = bestPermutation(w.map((row) => row.map((c) => Math.round(c * scale)))) / scale + 0;
            for (const algorithm of ['dense', 'sparse', 'auto'] as const) {
              const res = solveAssignment(inst, { algorithm });
              checkFeasible(inst, res);
              expect(res.matched).toBe(n);
              expect(res.totalCost).toBe(expected);
            }
          },
        ),
        { numRuns: 700 },
      );
    }
  });

  it('larger random instances: dense and sparse engines agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 20, max: 70 }), fc.integer({ min: 20, max: 70 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (seed, nL, nR, density) => {
        let s = seed;
        const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296);
        const inst: MatchingInstance = {
          left: Array.from({ length: nL }, (_, i) => ({ id: `L${i}` })),
          right: Array.from({ length: nR }, (_, j) => ({ id: `R${j}` })),
          edges: [],
        };
        for (let i = 0; i < nL; i++)
          for (let j = 0; j < nR; j++)
            if (rnd() < density) inst.edges.push({ left: `L${i}`, right: `R${j}`, cost: Math.floor(rnd() * 2000 - 1000) / 10 });
        const a = solveAssignment(inst, { algorithm: 'dense' });
        const b = solveAssignment(inst, { algorithm: 'sparse' });
        checkFeasible(inst, a);
        checkFeasible(inst, b);
        expect(a.matched).toBe(b.matched);
        expect(a.totalCost).toBe(b.totalCost);
      }),
      { numRuns: 200 },
    );
  });
});

const hasScipy = (() => {
  try {
    return spawnSync('python3', ['-c', 'import scipy'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
  } catch {
    return false;
  }
})();

const SCIPY_SCRIPT = `
import json, sys
import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching
out = []
for case in json.load(sys.stdin):
    inst = case['instance']
    li = {n['id']: i for i, n in enumerate(inst['left'])}
    ri = {n['id']: i for i, n in enumerate(inst['right'])}
    r = np.array([li[e['left']] for e in inst['edges']], dtype=np.int64)
    c = np.array([ri[e['right']] for e in inst['edges']], dtype=np.int64)
    w = np.array([e['cost'] for e in inst['edges']], dtype=np.float64)
    if case['kind'] == 'dense':
        M = np.full((len(li), len(ri)), np.inf)
        M[r, c] = w
        a, b = linear_sum_assignment(M)
        out.append({'matched': int(len(a)), 'total': float(M[a, b].sum())})
    else:
        # costs are positive here, so no explicit zero is dropped by csr_matrix
        m = csr_matrix((w, (r, c)), shape=(len(li), len(ri)))
        a, b = min_weight_full_bipartite_matching(m)
        out.append({'matched': int(len(a)), 'total': float(np.asarray(m[a, b]).sum())})
print(json.dumps(out))
`;

// CI must run the cross-check: there (CI=true) a missing SciPy fails the test. Elsewhere the
// test is reported as skipped, with what to install.
const inCi = process.env.CI === 'true';
const scipyTest = hasScipy || inCi ? it : it.skip;
const scipyMissing = hasScipy ? '' : ' (skipped: python3 with scipy not found; apt-get install python3-scipy)';

describe('agrees with SciPy', () => {
  scipyTest(`linear_sum_assignment on dense random instances, min_weight_full_bipartite_matching on sparse ones${scipyMissing}`, () => {
    if (!hasScipy) throw new Error('CI=true but python3 cannot import scipy: install python3-scipy (.ci/run does)');
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 4294967296);
    const cases: Array<{ kind: 'dense' | 'sparse'; instance: MatchingInstance }> = [];
    for (const [nL, nR] of [
      [120, 120],
      [80, 150],
      [150, 90],
      [200, 200],
    ] as const) {
      const inst: MatchingInstance = {
        left: Array.from({ length: nL }, (_, i) => ({ id: `L${i}` })),
        right: Array.from({ length: nR }, (_, j) => ({ id: `R${j}` })),
        edges: [],
      };
      for (let i = 0; i < nL; i++)
        for (let j = 0; j < nR; j++) inst.edges.push({ left: `L${i}`, right: `R${j}`, cost: Math.floor(rnd() * 2e6 - 1e6) / 100 });
      cases.push({ kind: 'dense', instance: inst });
    }
    for (const [n, k] of [
      [500, 5],
      [2000, 8],
    ] as const) {
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const inst: MatchingInstance = {
        left: Array.from({ length: n }, (_, i) => ({ id: `L${i}` })),
        right: Array.from({ length: n }, (_, j) => ({ id: `R${j}` })),
        edges: [],
      };
      for (let i = 0; i < n; i++) {
        const cols = new Set([perm[i]!]);
        while (cols.size < k) cols.add(Math.floor(rnd() * n));
        for (const j of cols) inst.edges.push({ left: `L${i}`, right: `R${j}`, cost: 1 + Math.floor(rnd() * 1e6) / 100 });
      }
      cases.push({ kind: 'sparse', instance: inst });
    }
    const out = execFileSync('python3', ['-c', SCIPY_SCRIPT], {
      input: JSON.stringify(cases),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    }).toString();
    const expected = JSON.parse(out) as Array<{ matched: number; total: number }>;
    cases.forEach((c, k) => {
      const res = solveAssignment(c.instance);
      checkFeasible(c.instance, res);
      expect(res.matched).toBe(expected[k]!.matched);
      expect(Math.abs(res.totalCost - expected[k]!.total)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(res.totalCost)));
    });
  }, 120_000);
});
