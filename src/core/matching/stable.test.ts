import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInstanceError } from './instance.ts';
import { findBlockingPairs, solveStable, type StableInstance } from './stable.ts';

function stableArb(maxSide: number, maxCap: number): fc.Arbitrary<StableInstance> {
  return fc
    .record({ nL: fc.integer({ min: 0, max: maxSide }), nR: fc.integer({ min: 0, max: maxSide }) })
    .chain(({ nL, nR }) => {
      const rIds = Array.from({ length: nR }, (_, j) => `R${j}`);
      const lIds = Array.from({ length: nL }, (_, i) => `L${i}`);
      const prefs = (ids: string[]) => fc.shuffledSubarray(ids);
      return fc.record({
        left: fc.tuple(...lIds.map((id) => fc.record({ id: fc.constant(id), capacity: fc.integer({ min: 1, max: maxCap }), preferences: prefs(rIds) }))),
        right: fc.tuple(...rIds.map((id) => fc.record({ id: fc.constant(id), capacity: fc.integer({ min: 1, max: maxCap }), preferences: prefs(lIds) }))),
      });
    });
}

describe('solveStable (wish-stable pairing)', () => {
  it('has no blocking pair, respects capacities and mutual acceptability', () => {
    fc.assert(
      fc.property(stableArb(7, 3), (inst) => {
        const res = solveStable(inst);
        expect(res.matched).toBe(res.pairs.length);
        // findBlockingPairs also throws on capacity overflow, repeated or unacceptable pairs
        expect(findBlockingPairs(inst, res.pairs)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('one-to-one: the classic example gives the left-optimal stable matching', () => {
    const inst: StableInstance = {
      left: [
        { id: 'A', preferences: ['X', 'Y'] },
        { id: 'B', preferences: ['X', 'Y'] },
      ],
      right: [
        { id: 'X', preferences: ['B', 'A'] },
        { id: 'Y', preferences: ['A', 'B'] },
      ],
    };
    const res = solveStable(inst);
    expect(res.pairs.map((p) => `${p.left}${p.right}`)).toEqual(['AY', 'BX']);
    expect(res.pairs[0]).toMatchObject({ leftRank: 2, rightRank: 1 });
  });

  it('findBlockingPairs detects an unstable pairing', () => {
    const inst: StableInstance = {
      left: [
        { id: 'A', preferences: ['X', 'Y'] },
        { id: 'B', preferences: ['Y', 'X'] },
      ],
      right: [
        { id: 'X', preferences: ['A', 'B'] },
        { id: 'Y', preferences: ['B', 'A'] },
      ],
    };
    expect(findBlockingPairs(inst, [{ left: 'A', right: 'Y' }, { left: 'B', right: 'X' }])).toEqual([
      { left: 'A', right: 'X' },
      { left: 'B', right: 'Y' },
    ]);
    expect(findBlockingPairs(inst, [])).toHaveLength(4); // every acceptable pair blocks an empty pairing
  });

  it('refuses unknown ids, repeated wishes and bad capacities', () => {
    expect(() => solveStable({ left: [{ id: 'A', preferences: ['Z'] }], right: [] })).toThrow(InvalidInstanceError);
    try {
      solveStable({ left: [{ id: 'A', capacity: 0, preferences: ['X', 'X'] }], right: [{ id: 'X', preferences: [] }] });
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidInstanceError).errors.map((e) => e.path)).toEqual(['left[0].capacity', 'left[0].preferences[1]']);
    }
  });
});
