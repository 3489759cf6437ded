import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInstanceError, type MatchingInstance } from './instance.ts';
import { parseInstanceText } from './parse.ts';
import { solveAssignment, type MatchResult, type SolveOptions } from './solve.ts';

/**
 * Brute force: every subset of edges that respects capacities; the best has the most pairs,
 * then the least cost. Costs are compared as exact integers (costs × SCALE), so the expected
 * total is the double nearest to the exact decimal sum.
 */
function bruteForce(inst: MatchingInstance, scale: number): { matched: number; scaledCost: number } {
  const li = new Map(inst.left.map((n, i) => [n.id, i]));
  const ri = new Map(inst.right.map((n, i) => [n.id, i]));
  const capL = inst.left.map((n) => n.capacity ?? 1);
  const capR = inst.right.map((n) => n.capacity ?? 1);
  const edges = inst.edges.map((e) => ({ l: li.get(e.left)!, r: ri.get(e.right)!, w: Math.round(e.cost * scale) }));
  let bestCount = -1;
  let bestCost = 0;
  const rec = (k: number, count: number, cost: number) => {
    if (k === edges.length) {
      if (count > bestCount || (count === bestCount && cost < bestCost)) {
        bestCount = count;
        bestCost = cost;
      }
      return;
    }
    rec(k + 1, count, cost);
    const e = edges[k]!;
    if (capL[e.l]! > 0 && capR[e.r]! > 0) {
      capL[e.l]!--;
      capR[e.r]!--;
      rec(k + 1, count + 1, cost + e.w);
      capL[e.l]!++;
      capR[e.r]!++;
    }
  };
  rec(0, 0, 0);
  return { matched: bestCount, scaledCost: bestCost };
}

/** Checks that a result is a feasible pairing whose numbers add up. */
function checkFeasible(inst: MatchingInstance, res: MatchResult): void {
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

interface GenOpts {
  maxSide: number;
  maxCap: number;
  maxEdges: number;
  cost: fc.Arbitrary<number>;
}

/** Random instances: rectangular, capacitated, with forbidden pairs (missing edges). */
function instanceArb(o: GenOpts): fc.Arbitrary<MatchingInstance> {
  return fc
    .record({
      nL: fc.integer({ min: 0, max: o.maxSide }),
      nR: fc.integer({ min: 0, max: o.maxSide }),
    })
    .chain(({ nL, nR }) =>
      fc.record({
        capL: fc.array(fc.integer({ min: 1, max: o.maxCap }), { minLength: nL, maxLength: nL }),
        capR: fc.array(fc.integer({ min: 1, max: o.maxCap }), { minLength: nR, maxLength: nR }),
        pairs: fc.uniqueArray(
          fc.tuple(fc.integer({ min: 0, max: Math.max(0, nL - 1) }), fc.integer({ min: 0, max: Math.max(0, nR - 1) })),
          {
            maxLength: nL && nR ? Math.min(o.maxEdges, nL * nR) : 0,
            selector: ([a, b]) => `${a},${b}`,
          },
        ),
        costs: fc.array(o.cost, { minLength: o.maxEdges, maxLength: o.maxEdges }),
        omitCap: fc.boolean(),
      }),
    )
    .map(({ capL, capR, pairs, costs, omitCap }) => ({
      left: capL.map((c, i) => (omitCap && c === 1 ? { id: `L${i}` } : { id: `L${i}`, capacity: c })),
      right: capR.map((c, j) => ({ id: `R${j}`, capacity: c })),
      edges: pairs.map(([a, b], k) => ({ left: `L${a}`, right: `R${b}`, cost: costs[k]! })),
    }));
}

const tiedInts = fc.integer({ min: -3, max: 3 });
const wideInts = fc.integer({ min: -1000, max: 1000 });
const cents = fc.integer({ min: -100_000, max: 100_000 }).map((k) => k / 100);
const quarters = fc.integer({ min: -40, max: 40 }).map((k) => k / 4);

function agreesWithBruteForce(inst: MatchingInstance, scale: number, opts: SolveOptions = {}): void {
  const res = solveAssignment(inst, opts);
  checkFeasible(inst, res);
  const bf = bruteForce(inst, scale);
  expect(res.matched).toBe(bf.matched);
  expect(res.totalCost).toBe(bf.scaledCost / scale + 0); // +0: -0 → 0
}

describe('solveAssignment agrees with brute force', () => {
  const cases: Array<[string, fc.Arbitrary<number>, number]> = [
    ['tied small integers (many ties, negatives)', tiedInts, 1],
    ['wide integers', wideInts, 1],
    ['fractional cents, negative', cents, 100],
    ['quarters', quarters, 4],
  ];
  for (const [name, cost, scale] of cases) {
    it(`capacitated, rectangular, forbidden pairs: ${name}`, () => {
      fc.assert(
        fc.property(instanceArb({ maxSide: 5, maxCap: 3, maxEdges: 11, cost }), (inst) => {
          agreesWithBruteForce(inst, scale);
          agreesWithBruteForce(inst, scale, { algorithm: 'sparse' });
        }),
        { numRuns: 1500 },
      );
    });
    it(`capacity 1 (assignment), dense and sparse engines: ${name}`, () => {
      fc.assert(
        fc.property(instanceArb({ maxSide: 5, maxCap: 1, maxEdges: 14, cost }), (inst) => {
          agreesWithBruteForce(inst, scale, { algorithm: 'dense' });
          agreesWithBruteForce(inst, scale, { algorithm: 'sparse' });
          agreesWithBruteForce(inst, scale);
        }),
        { numRuns: 1500 },
      );
    });
  }

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

  it('non-decimal costs (floating-point mode) within rounding', () => {
    const thirds = fc.integer({ min: -30, max: 30 }).map((k) => k / 3 + k * Math.PI * 1e-3);
    fc.assert(
      fc.property(instanceArb({ maxSide: 4, maxCap: 2, maxEdges: 10, cost: thirds }), (inst) => {
        for (const algorithm of ['auto', 'sparse'] as const) {
          const res = solveAssignment(inst, { algorithm });
          checkFeasible(inst, res);
          // brute force in floating point
          const bf = bruteForce(inst, 1e9);
          expect(res.matched).toBe(bf.matched);
          expect(Math.abs(res.totalCost - bf.scaledCost / 1e9)).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('solveAssignment on hand-made instances', () => {
  it('prefers more pairs over a cheaper total', () => {
    const res = solveAssignment({
      left: [{ id: 'A' }, { id: 'B' }],
      right: [{ id: 'X' }, { id: 'Y' }],
      edges: [
        { left: 'A', right: 'X', cost: 0 },
        { left: 'A', right: 'Y', cost: 100 },
        { left: 'B', right: 'X', cost: 100 },
      ],
    });
    expect(res).toEqual({
      matched: 2,
      totalCost: 200,
      pairs: [
        { left: 'A', right: 'Y', cost: 100 },
        { left: 'B', right: 'X', cost: 100 },
      ],
    });
  });

  it('an unpairable school gives its place to whoever is cheaper (stuck search swaps)', () => {
    const res = solveAssignment({
      left: [{ id: 'L1' }, { id: 'L2' }, { id: 'L3' }],
      right: [{ id: 'R1' }],
      edges: [
        { left: 'L1', right: 'R1', cost: 10 },
        { left: 'L2', right: 'R1', cost: 1 },
        { left: 'L3', right: 'R1', cost: 5 },
      ],
    });
    expect(res.matched).toBe(1);
    expect(res.pairs).toEqual([{ left: 'L2', right: 'R1', cost: 1 }]);
  });

  it('capacities: a school with capacity 2 takes two partners, each edge once', () => {
    const res = solveAssignment({
      left: [{ id: 'A', capacity: 2 }, { id: 'B' }],
      right: [{ id: 'X', capacity: 5 }, { id: 'Y' }],
      edges: [
        { left: 'A', right: 'X', cost: 1 },
        { left: 'A', right: 'Y', cost: 2 },
        { left: 'B', right: 'X', cost: 3 },
      ],
    });
    expect(res.matched).toBe(3);
    expect(res.totalCost).toBe(6);
  });

  it('fractional costs sum exactly (0.1 + 0.2 = 0.3)', () => {
    const res = solveAssignment({
      left: [{ id: 'A' }, { id: 'B' }],
      right: [{ id: 'X' }, { id: 'Y' }],
      edges: [
        { left: 'A', right: 'X', cost: 0.1 },
        { left: 'B', right: 'Y', cost: 0.2 },
        { left: 'A', right: 'Y', cost: 5 },
        { left: 'B', right: 'X', cost: 5 },
      ],
    });
    expect(res.totalCost).toBe(0.3);
  });

  it('empty instances', () => {
    expect(solveAssignment({ left: [], right: [], edges: [] })).toEqual({ matched: 0, totalCost: 0, pairs: [] });
    expect(solveAssignment({ left: [{ id: 'A' }], right: [{ id: 'B' }], edges: [] })).toEqual({
      matched: 0,
      totalCost: 0,
      pairs: [],
    });
  });

  it('huge costs fall back to floating point and stay feasible', () => {
    const res = solveAssignment({
      left: [{ id: 'A' }, { id: 'B' }],
      right: [{ id: 'X' }, { id: 'Y' }],
      edges: [
        { left: 'A', right: 'X', cost: 1e300 },
        { left: 'A', right: 'Y', cost: -1e300 },
        { left: 'B', right: 'X', cost: 1 },
        { left: 'B', right: 'Y', cost: 2 },
      ],
    });
    expect(res.pairs.map((p) => `${p.left}${p.right}`)).toEqual(['AY', 'BX']);
  });

  it('refuses invalid instances with InvalidInstanceError', () => {
    expect(() =>
      solveAssignment({ left: [{ id: 'A' }], right: [{ id: 'B' }], edges: [{ left: 'A', right: 'C', cost: 1 }] }),
    ).toThrow(InvalidInstanceError);
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

  it('parsed text gives the same result as the object', () => {
    const inst: MatchingInstance = {
      left: [{ id: 'Trường A', capacity: 2 }, { id: 'B' }],
      right: [{ id: 'X' }, { id: 'Y' }],
      edges: [
        { left: 'Trường A', right: 'X', cost: 1.5 },
        { left: 'Trường A', right: 'Y', cost: -2e-3 },
        { left: 'B', right: 'X', cost: 1e2 },
      ],
    };
    const v = parseInstanceText(JSON.stringify(inst, null, 2));
    expect(v.ok).toBe(true);
    if (v.ok) expect(solveAssignment(v.instance)).toEqual(solveAssignment(inst));
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

describe.runIf(hasScipy)('agrees with SciPy (python3 with scipy found)', () => {
  it('linear_sum_assignment on dense random instances, min_weight_full_bipartite_matching on sparse ones', () => {
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
