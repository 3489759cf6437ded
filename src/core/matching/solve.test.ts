import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInstanceError, type MatchingInstance } from './instance.ts';
import { parseInstanceText } from './parse.ts';
import { solveAssignment, type SolveOptions } from './solve.ts';
import { checkFeasible } from './solve.testing.ts';

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
