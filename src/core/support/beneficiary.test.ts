import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HARDSHIPS, maskTable, type MaskedCount } from './beneficiary.ts';

/** The biggest count a reader might imagine behind "hidden" (the generated tables stay well below). */
const CAP = 400;
/**
 * "< 5" is 1–4; it may be a 0 only where the total is not shown as a number and the group shows no 0
 * (that is where zeros are shown as "< 5": four people or fewer, each in a different hardship).
 * "hidden" is 5 or more.
 */
const possible = (c: MaskedCount, zerosMayBeHidden = false): number[] =>
  typeof c === 'number' ? [c] : c === '< 5' ? (zerosMayBeHidden ? [0, 1, 2, 3, 4] : [1, 2, 3, 4]) : Array.from({ length: CAP - 4 }, (_, i) => i + 5);

/**
 * What a reader can work out, written plainly: for every total the shown table allows, which values
 * each hidden cell can take (given the total, the groups are independent: each adds up to it).
 */
function whatAReaderCanKnow(total: MaskedCount, groups: MaskedCount[][]): { totals: Set<number>; cells: Set<number>[][] } {
  const totals = new Set<number>();
  const cells = groups.map((g) => g.map(() => new Set<number>()));
  for (const t of possible(total)) {
    const perGroup = groups.map((g) => {
      const zeros = typeof total !== 'number' && !g.includes(0);
      const shownSum = g.reduce<number>((a, c) => a + (typeof c === 'number' ? c : 0), 0);
      const hidden = g.flatMap((c, i) => (typeof c === 'number' ? [] : [i]));
      const lo = (i: number) => Math.min(...possible(g[i]!, zeros));
      const hi = (i: number) => Math.max(...possible(g[i]!, zeros));
      const rest = t - shownSum;
      const found = new Map<number, number[]>();
      for (const i of hidden) {
        const others = hidden.filter((j) => j !== i);
        const oLo = others.reduce((a, j) => a + lo(j), 0);
        const oHi = others.reduce((a, j) => a + hi(j), 0);
        found.set(i, possible(g[i]!, zeros).filter((v) => rest - v >= oLo && rest - v <= oHi));
      }
      const ok = hidden.length === 0 ? rest === 0 : [...found.values()].every((vs) => vs.length > 0);
      return { ok, found };
    });
    if (!perGroup.every((p) => p.ok)) continue;
    totals.add(t);
    perGroup.forEach((p, gi) => p.found.forEach((vs, i) => vs.forEach((v) => cells[gi]![i]!.add(v))));
  }
  return { totals, cells };
}

/** A table like the summary's: students + teachers, and the seven hardships, both adding up to the total. */
const table = fc
  .array(fc.record({ student: fc.boolean(), hardship: fc.constantFrom(...HARDSHIPS) }), { maxLength: 60 })
  .chain((people) =>
    fc.constant({
      total: people.length,
      groups: [
        [people.filter((p) => p.student).length, people.filter((p) => !p.student).length],
        HARDSHIPS.map((h) => people.filter((p) => p.hardship === h).length),
      ],
    }),
  );

describe('maskTable (small groups and secondary suppression)', () => {
  it('hides no count that the shown counts and total give away', () => {
    fc.assert(
      fc.property(table, ({ total, groups }) => {
        const m = maskTable(total, groups);
        // The probe's check: in a group with one hidden cell, total − shown cells would be it.
        if (typeof m.total === 'number') for (const g of m.groups) expect(g.filter((c) => typeof c !== 'number').length).not.toBe(1);
        // Every hidden count (and a hidden total) leaves the reader at least two possibilities.
        const known = whatAReaderCanKnow(m.total, m.groups);
        expect(known.totals.has(total)).toBe(true);
        if (typeof m.total !== 'number') expect(known.totals.size).toBeGreaterThan(1);
        m.groups.forEach((g, gi) =>
          g.forEach((c, i) => {
            if (typeof c === 'number') return;
            expect(known.cells[gi]![i]!.has(groups[gi]![i]!)).toBe(true);
            expect(known.cells[gi]![i]!.size).toBeGreaterThan(1);
          }),
        );
        // Honest: a number is the count; "< 5" is 1–4; "hidden" is 5 or more; nothing bigger than needed is hidden.
        m.groups.forEach((g, gi) => g.forEach((c, i) => expect(c === groups[gi]![i] || (c === '< 5' && groups[gi]![i]! < 5) || (c === 'hidden' && groups[gi]![i]! >= 5)).toBe(true)));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  it('the probe: total 6, one orphan, five in poor households, no longer gives the orphan away', () => {
    // Hiding the five is not enough ("< 5" + 5 or more = 6 makes the orphan 1): the total goes, and the six students with it.
    expect(maskTable(6, [[6, 0], [1, 5, 0, 0, 0, 0, 0]])).toEqual({ total: 'hidden', groups: [['hidden', 0], ['< 5', 'hidden', 0, 0, 0, 0, 0]] });
    // With room to spare, only the next-smallest count is hidden.
    expect(maskTable(20, [[20, 0], [2, 8, 10, 0, 0, 0, 0]])).toEqual({ total: 20, groups: [[20, 0], ['< 5', 'hidden', 10, 0, 0, 0, 0]] });
  });

  it('four people, each in a different hardship: the zeros are "< 5" too', () => {
    expect(maskTable(4, [[4, 0], [1, 1, 1, 1, 0, 0, 0]])).toEqual({ total: '< 5', groups: [['< 5', 0], ['< 5', '< 5', '< 5', '< 5', '< 5', '< 5', '< 5']] });
  });

  it('two "< 5" adding up to 8 are both 4: the total is hidden too', () => {
    const m = maskTable(8, [[4, 4], [8, 0, 0, 0, 0, 0, 0]]);
    expect(m.groups[0]).toEqual(['< 5', '< 5']);
    expect(m.total).toBe('hidden');
    expect(m.groups[1]![0]).toBe('hidden');
  });

  it('four students, four teachers, hardships 1, 1, 1 and 5: the zeros beside a "hidden" 5 are "< 5" too, and no cell claims a value it does not have', () => {
    // CI found it: "< 5" + "< 5" caps the total at 8, three "< 5" and the 5 put it at 8 or more. Hiding the
    // 5 and the total is not enough; showing the hardships' zeros as "< 5" (fewer than 5) is.
    const m = maskTable(8, [[4, 4], [1, 0, 0, 1, 1, 0, 5]]);
    expect(m.total).toBe('hidden');
    expect(m.groups[0]).toEqual(['< 5', '< 5']);
    const known = whatAReaderCanKnow(m.total, m.groups);
    expect(known.totals.has(8)).toBe(true);
    expect(known.totals.size).toBeGreaterThan(1);
    m.groups[1]!.forEach((c, i) => expect(c === [1, 0, 0, 1, 1, 0, 5][i] || (c === '< 5' && [1, 0, 0, 1, 1, 0, 5][i]! < 5) || (c === 'hidden' && [1, 0, 0, 1, 1, 0, 5][i]! >= 5)).toBe(true));
  });

  it('seven people, each in a different hardship: with the total shown, seven "< 5" adding up to 7 are all 1s, so the total is hidden', () => {
    // A zero is shown as "< 5" only once the total is hidden; while it is shown, a "< 5" is 1–4.
    const m = maskTable(7, [[7, 0], [1, 1, 1, 1, 1, 1, 1]]);
    expect(m.total).toBe('hidden');
    expect(m.groups).toEqual([['hidden', 0], ['< 5', '< 5', '< 5', '< 5', '< 5', '< 5', '< 5']]);
  });

  it('leaves a table with no small group as it is', () => {
    expect(maskTable(20, [[12, 8], [5, 15, 0, 0, 0, 0, 0]])).toEqual({ total: 20, groups: [[12, 8], [5, 15, 0, 0, 0, 0, 0]] });
  });
});
