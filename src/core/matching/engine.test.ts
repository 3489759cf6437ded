import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, haversineKm, type EngineSchool, type Wish } from './criteria.ts';
import { buildProblem, MatchingInputError, runEngine, solveProblem, stableInstanceOf, type EngineConstraints, type EngineInput } from './engine.ts';
import { explainPair, type AreaName } from './explain.ts';
import { findBlockingPairs } from './stable.ts';

const areas = new Map<string, AreaName>([
  ['english', { nameVi: 'Tiếng Anh (Ngoại ngữ 1)', nameEn: 'English (foreign language 1)' }],
  ['informatics', { nameVi: 'Tin học', nameEn: 'Informatics' }],
  ['local-education', { nameVi: 'Nội dung giáo dục địa phương', nameEn: 'Local education content' }],
]);

function school(id: string, over: Partial<EngineSchool> = {}): EngineSchool {
  return {
    id,
    name: `Trường Tiểu học ${id}`,
    shortName: `TH ${id}`,
    level: 'primary',
    areaType: 'inner-city',
    latitude: null,
    longitude: null,
    students: null,
    strengths: [],
    needs: [],
    ...over,
  };
}

const aimob = school('aimob', {
  shortName: 'TH Ái Mộ B',
  latitude: 21.043,
  longitude: 105.874,
  students: 1200,
  strengths: [{ area: 'english', level: 3 }],
  needs: [{ area: 'local-education', level: 1 }],
});
const chuphan = school('chuphan', {
  shortName: 'TH Chu Phan',
  areaType: 'suburban',
  latitude: 21.177,
  longitude: 105.712,
  students: 1000,
  strengths: [{ area: 'local-education', level: 2 }],
  needs: [{ area: 'english', level: 3 }],
});

const baseConstraints: EngineConstraints = {
  sameLevel: true,
  leftAreaTypes: ['inner-city'],
  rightAreaTypes: ['suburban', 'mountainous'],
  leftCapacity: 1,
  rightCapacity: 1,
  maxDistanceKm: null,
  locked: [],
  forbidden: [],
  existing: [],
  alreadyPaired: 'exclude',
};

const input = (schools: EngineSchool[], over: Partial<EngineConstraints> = {}, wishes: Wish[] = []): EngineInput => ({
  schools,
  wishes,
  weights: DEFAULT_WEIGHTS,
  constraints: { ...baseConstraints, ...over },
});

/** A random small city: schools with random profiles, coordinates, sizes and wishes. */
const cityArb = fc
  .record({
    nL: fc.integer({ min: 1, max: 6 }),
    nR: fc.integer({ min: 1, max: 7 }),
    capL: fc.integer({ min: 1, max: 3 }),
    capR: fc.integer({ min: 1, max: 2 }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ nL, nR, capL, capR, seed }) => {
    let x = seed;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const codes = ['english', 'informatics', 'local-education'];
    const make = (id: string, areaType: EngineSchool['areaType']): EngineSchool =>
      school(id, {
        areaType,
        latitude: 21 + rnd() * 0.3,
        longitude: 105.5 + rnd() * 0.4,
        students: 300 + Math.floor(rnd() * 1500),
        strengths: codes.filter(() => rnd() < 0.4).map((area) => ({ area, level: 1 + Math.floor(rnd() * 3) })),
        needs: codes.filter(() => rnd() < 0.4).map((area) => ({ area, level: 1 + Math.floor(rnd() * 3) })),
      });
    const schools = [
      ...Array.from({ length: nL }, (_, i) => make(`L${i}`, 'inner-city')),
      ...Array.from({ length: nR }, (_, i) => make(`R${i}`, i % 2 ? 'mountainous' : 'suburban')),
    ];
    const wishes: Wish[] = [];
    for (const s of schools) {
      const others = schools.filter((o) => (o.areaType === 'inner-city') !== (s.areaType === 'inner-city') && rnd() < 0.5).slice(0, 3);
      others.forEach((o, k) => wishes.push({ schoolId: s.id, partnerId: o.id, rank: k + 1 }));
    }
    const forbidden = rnd() < 0.7 ? [{ a: `L0`, b: `R0` }] : [];
    const locked = nL > 1 && nR > 1 && rnd() < 0.6 ? [{ a: `R1`, b: `L1` }] : [];
    return input(schools, { leftCapacity: capL, rightCapacity: capR, forbidden, locked }, wishes);
  });

describe('the pairing engine', () => {
  it('explains a pair by naming the criteria that scored, in Vietnamese and English', () => {
    const out = runEngine(input([aimob, chuphan], {}, [
      { schoolId: 'aimob', partnerId: 'chuphan', rank: 1 },
      { schoolId: 'chuphan', partnerId: 'aimob', rank: 2 },
    ]));
    expect(out.optimal.pairs).toHaveLength(1);
    const pair = out.optimal.pairs[0]!;
    const names = { left: 'TH Ái Mộ B', right: 'TH Chu Phan', areas };
    const vi = explainPair(pair.evaluation, names, 'vi');
    expect(vi).toBe(
      'TH Ái Mộ B mạnh về Tiếng Anh, TH Chu Phan cần hỗ trợ Tiếng Anh; TH Chu Phan mạnh về Nội dung giáo dục địa phương, TH Ái Mộ B cần hỗ trợ Nội dung giáo dục địa phương; cách 23 km; cả hai trường đều chọn nhau (nguyện vọng 1 và 2); quy mô tương đương (1.200 và 1.000 học sinh)',
    );
    expect(explainPair(pair.evaluation, names, 'en')).toContain('TH Ái Mộ B is strong in English, TH Chu Phan needs support with English');
    expect(pair.evaluation.points.complement).toBeGreaterThan(0);
    expect(pair.score).toBeCloseTo(
      pair.evaluation.points.complement + pair.evaluation.points.wishes + pair.evaluation.points.distance + pair.evaluation.points.size,
      1,
    );
  });

  it('names only what scored: no wishes, no coordinates, no sizes → only the strengths', () => {
    const a = { ...aimob, latitude: null, students: null };
    const out = runEngine(input([a, chuphan]));
    const ev = out.optimal.pairs[0]!.evaluation;
    expect(ev.points).toMatchObject({ wishes: 0, distance: 0, size: 0 });
    const vi = explainPair(ev, { left: 'TH Ái Mộ B', right: 'TH Chu Phan', areas }, 'vi');
    expect(vi).not.toMatch(/km|nguyện vọng|học sinh/u);
    expect(vi).toMatch(/^TH Ái Mộ B mạnh về Tiếng Anh/u);
    const nothing = runEngine({ ...input([school('x'), school('y', { areaType: 'suburban' })]) });
    expect(explainPair(nothing.optimal.pairs[0]!.evaluation, { left: 'X', right: 'Y', areas }, 'vi')).toMatch(/^Không tiêu chí nào ghi điểm/u);
  });

  it('says the distance when the run weighs it even if it scored nothing, and names a school without coordinates', () => {
    const far = { ...chuphan, latitude: 21.6, longitude: 105.2 }; // 93 km: past the 60 km scale
    const ev = runEngine(input([aimob, far])).optimal.pairs[0]!.evaluation;
    expect(ev.points.distance).toBe(0);
    const names = { left: 'TH Ái Mộ B', right: 'TH Chu Phan', areas };
    expect(explainPair(ev, names, 'vi')).not.toContain('km');
    expect(explainPair(ev, { ...names, distanceMatters: true }, 'vi')).toMatch(/; cách 93 km;/u);
    const unplaced = runEngine(input([aimob, { ...chuphan, latitude: null, longitude: null }])).optimal.pairs[0]!.evaluation;
    expect(explainPair(unplaced, { ...names, distanceMatters: true, withoutPosition: ['TH Chu Phan'] }, 'vi')).toContain(
      'chưa có tọa độ của TH Chu Phan nên chưa tính được khoảng cách',
    );
    expect(explainPair(unplaced, { ...names, distanceMatters: true, withoutPosition: ['TH Chu Phan'] }, 'en')).toContain('no coordinates for TH Chu Phan');
  });

  it('reads well with area names that have "và" or start with "Hỗ trợ"', () => {
    const named = new Map<string, AreaName>([
      ['history-geography', { nameVi: 'Lịch sử và Địa lý', nameEn: 'History and Geography' }],
      ['hardship', { nameVi: 'Hỗ trợ học sinh có hoàn cảnh khó khăn', nameEn: 'Support for students in hardship' }],
      ['literature', { nameVi: 'Ngữ văn / Tiếng Việt', nameEn: 'Literature / Vietnamese' }],
    ]);
    const a = school('a', { strengths: [{ area: 'literature', level: 3 }, { area: 'history-geography', level: 2 }, { area: 'hardship', level: 2 }] });
    const b = school('b', { areaType: 'suburban', needs: [{ area: 'literature', level: 2 }, { area: 'history-geography', level: 2 }, { area: 'hardship', level: 2 }] });
    const ev = runEngine(input([a, b])).optimal.pairs[0]!.evaluation;
    expect(explainPair(ev, { left: 'TH A', right: 'TH B', areas: named }, 'vi')).toBe(
      'TH A mạnh về Ngữ văn / Tiếng Việt, “Lịch sử và Địa lý” và Hỗ trợ học sinh có hoàn cảnh khó khăn, TH B cần hỗ trợ Ngữ văn / Tiếng Việt, “Lịch sử và Địa lý” và học sinh có hoàn cảnh khó khăn',
    );
  });

  it('measures distances with the haversine formula', () => {
    // Hà Nội (Hoàn Kiếm) – Hồ Chí Minh City (Bến Thành): about 1,140 km as the crow flies.
    expect(haversineKm(21.0285, 105.8542, 10.7725, 106.698)).toBeGreaterThan(1130);
    expect(haversineKm(21.0285, 105.8542, 10.7725, 106.698)).toBeLessThan(1150);
    expect(haversineKm(21, 105, 21, 105)).toBe(0);
  });

  it('keeps locked pairs, never proposes forbidden ones, respects capacities, in both modes', () => {
    fc.assert(
      fc.property(cityArb, (inp) => {
        const out = runEngine(inp);
        for (const mode of [out.optimal, out.stable]) {
          const keys = mode.pairs.map((p) => `${p.left}|${p.right}`);
          for (const l of inp.constraints.locked) expect(keys).toContain(l.a.startsWith('L') ? `${l.a}|${l.b}` : `${l.b}|${l.a}`);
          for (const f of inp.constraints.forbidden) expect(keys).not.toContain(`${f.a}|${f.b}`);
          expect(new Set(keys).size).toBe(keys.length);
          const load = new Map<string, number>();
          for (const p of mode.pairs) {
            load.set(p.left, (load.get(p.left) ?? 0) + 1);
            load.set(p.right, (load.get(p.right) ?? 0) + 1);
            expect(p.left.startsWith('L') && p.right.startsWith('R')).toBe(true);
          }
          for (const [id, n] of load) expect(n).toBeLessThanOrEqual(id.startsWith('L') ? inp.constraints.leftCapacity : inp.constraints.rightCapacity);
        }
        // Best overall has the most pairs and, among those, the highest total score.
        expect(out.optimal.matched).toBeGreaterThanOrEqual(out.stable.matched);
        if (out.optimal.matched === out.stable.matched) expect(out.optimal.totalScore).toBeGreaterThanOrEqual(out.stable.totalScore - 1e-6);
      }),
      { numRuns: 400 },
    );
  });

  it('shares partners out evenly when asked: most pairs, then the evenest loads, then the best score (brute force)', () => {
    const spreadArb = cityArb.map((inp) => ({
      ...inp,
      constraints: { ...inp.constraints, rightCapacity: 1, leftCapacity: Math.max(2, inp.constraints.leftCapacity), spread: true },
    }));
    fc.assert(
      fc.property(spreadArb, (inp) => {
        const problem = buildProblem(inp);
        if (problem.edgeCount > 14) return; // keep the brute force small
        const out = solveProblem(problem);
        // Brute force over the problem's edges: (pairs ↑, Σ load·(load−1)/2 ↓, cost ↓), costs in cents.
        const cost = Array.from(problem.edgeScore, (s) => Math.round((100 - s) * 100));
        let best: [number, number, number] = [-1, 0, 0];
        const loadL = new Array<number>(problem.left.length).fill(0);
        const loadR = new Array<number>(problem.right.length).fill(0);
        const rec = (e: number, n: number, pen: number, c: number) => {
          if (e === problem.edgeCount) {
            if (n > best[0] || (n === best[0] && (pen < best[1] || (pen === best[1] && c < best[2])))) best = [n, pen, c];
            return;
          }
          rec(e + 1, n, pen, c);
          const l = problem.edgeLeft[e]!;
          const r = problem.edgeRight[e]!;
          if (loadL[l]! < problem.leftCap[l]! && loadR[r]! < problem.rightCap[r]!) {
            const extra = loadL[l]!;
            loadL[l]!++;
            loadR[r]!++;
            rec(e + 1, n + 1, pen + extra, c + cost[e]!);
            loadL[l]!--;
            loadR[r]!--;
          }
        };
        rec(0, 0, 0, 0);
        const free = out.optimal.pairs.filter((x) => !x.locked);
        const leftIndex = new Map(problem.left.map((s, i) => [s.school.id, i]));
        const loads = new Array<number>(problem.left.length).fill(0);
        for (const x of free) loads[leftIndex.get(x.left)!]!++;
        const pen = loads.reduce((a, n) => a + (n * (n - 1)) / 2, 0);
        const c = free.reduce((a, x) => a + Math.round((100 - x.score) * 100), 0);
        expect([free.length, pen, c]).toEqual(best);
      }),
      { numRuns: 500 },
    );
    const both = { ...input([aimob, chuphan], { leftCapacity: 2, rightCapacity: 2, spread: true }) };
    expect(() => runEngine(both)).toThrow(MatchingInputError);
  });

  it('gives a wish-stable result with no blocking pair', () => {
    fc.assert(
      fc.property(cityArb, (inp) => {
        const problem = buildProblem(inp);
        const out = solveProblem(problem);
        expect(out.stable.blockingPairs).toBe(0);
        const prefs = stableInstanceOf(problem);
        expect(findBlockingPairs(prefs, out.stable.pairs.filter((p) => !p.locked))).toEqual([]);
        // The engine's linear count agrees with the reference on the best-overall pairing too.
        expect(out.optimal.blockingPairs).toBe(findBlockingPairs(prefs, out.optimal.pairs.filter((p) => !p.locked)).length);
      }),
      { numRuns: 400 },
    );
  });

  it('shows the trade-off: the best overall pairing may leave a blocking pair that the wish-stable one avoids', () => {
    // A wishes X first; X wishes A first, but A–X scores little and pairing A–Y, B–X scores more.
    const A = school('A', { strengths: [{ area: 'english', level: 3 }] });
    const B = school('B', { strengths: [{ area: 'informatics', level: 3 }] });
    const X = school('X', { areaType: 'suburban', needs: [{ area: 'informatics', level: 3 }] });
    const Y = school('Y', { areaType: 'suburban', needs: [{ area: 'english', level: 3 }] });
    const wishes: Wish[] = [
      { schoolId: 'A', partnerId: 'X', rank: 1 },
      { schoolId: 'X', partnerId: 'A', rank: 1 },
    ];
    const out = runEngine({ ...input([A, B, X, Y], {}, wishes), weights: { complement: 10, wishes: 1, distance: 0, size: 0 } });
    expect(out.optimal.pairs.map((p) => `${p.left}-${p.right}`)).toEqual(['A-Y', 'B-X']);
    expect(out.optimal.blockingPairs).toBe(1);
    expect(out.stable.pairs.map((p) => `${p.left}-${p.right}`).sort()).toEqual(['A-X', 'B-Y']);
    expect(out.stable.blockingPairs).toBe(0);
    expect(out.stable.wishesHonoured).toBe(2);
    expect(out.optimal.wishesHonoured).toBe(0);
    expect(out.optimal.totalScore).toBeGreaterThan(out.stable.totalScore);
  });

  it('leaves out schools already paired in the campaign, or reduces their capacity', () => {
    const other = school('other', { areaType: 'mountainous' });
    const existing = [{ a: 'aimob', b: 'other' }];
    const excluded = runEngine(input([aimob, chuphan, other], { existing }));
    expect(excluded.optimal.pairs).toHaveLength(0);
    expect(excluded.excluded).toContainEqual({ schoolId: 'aimob', reason: 'already-paired' });
    const reduced = runEngine(input([aimob, chuphan, other], { existing, alreadyPaired: 'reduce', leftCapacity: 2 }));
    expect(reduced.optimal.pairs.map((p) => p.right)).toEqual(['chuphan']); // never again with `other`
    const full = runEngine(input([aimob, chuphan, other], { existing, alreadyPaired: 'reduce', leftCapacity: 1 }));
    expect(full.optimal.pairs).toHaveLength(0);
  });

  it('pairs only the same level and within the maximum distance when asked', () => {
    const thcs = { ...chuphan, id: 'thcs', level: 'lower-secondary' };
    expect(runEngine(input([aimob, thcs])).optimal.pairs).toHaveLength(0);
    expect(runEngine(input([aimob, thcs], { sameLevel: false })).optimal.pairs).toHaveLength(1);
    expect(runEngine(input([aimob, chuphan], { maxDistanceKm: 10 })).optimal.pairs).toHaveLength(0);
    expect(runEngine(input([aimob, chuphan], { maxDistanceKm: 30 })).optimal.pairs).toHaveLength(1);
  });

  it('proposes no pair scoring under the minimum, though more schools could be paired; locked pairs stay', () => {
    // Two schools with nothing in common but their size: 1 point of 11 → 9.09 points.
    const a = school('a', { students: 500 });
    const b = school('b', { areaType: 'suburban', students: 500 });
    const all = [aimob, chuphan, a, b];
    const open = runEngine(input(all));
    expect(open.optimal.pairs.map((p) => `${p.left}-${p.right}:${p.score}`).sort()).toEqual([expect.stringMatching(/^a-b:9\.09$/u), expect.stringMatching(/^aimob-chuphan:/u)]);
    const strict = runEngine(input(all, { minScore: 10 }));
    expect(strict.optimal.pairs.map((p) => `${p.left}-${p.right}`)).toEqual(['aimob-chuphan']);
    expect(strict.stable.pairs.map((p) => `${p.left}-${p.right}`)).toEqual(['aimob-chuphan']);
    const locked = runEngine(input(all, { minScore: 10, locked: [{ a: 'a', b: 'b' }] }));
    expect(locked.optimal.pairs.map((p) => `${p.left}-${p.right}:${p.locked}`).sort()).toEqual(['a-b:true', 'aimob-chuphan:false']);
  });

  it('refuses locked pairs that break a constraint, and overlapping sides', () => {
    const other = school('other', { areaType: 'mountainous' });
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(MatchingInputError);
        return (e as MatchingInputError).code;
      }
      return null;
    };
    expect(code(() => runEngine(input([aimob, chuphan], { locked: [{ a: 'aimob', b: 'chuphan' }], forbidden: [{ a: 'chuphan', b: 'aimob' }] })))).toBe('MATCHING_LOCKED_FORBIDDEN');
    expect(code(() => runEngine(input([aimob, chuphan, other], { locked: [{ a: 'aimob', b: 'chuphan' }, { a: 'aimob', b: 'other' }] })))).toBe('MATCHING_LOCKED_OVER_CAPACITY');
    expect(code(() => runEngine(input([aimob, chuphan, other], { locked: [{ a: 'other', b: 'chuphan' }] })))).toBe('MATCHING_LOCKED_SAME_SIDE');
    expect(code(() => runEngine(input([aimob, chuphan], { locked: [{ a: 'aimob', b: 'nobody' }] })))).toBe('MATCHING_LOCKED_NOT_SELECTED');
    expect(code(() => runEngine(input([aimob, chuphan], { rightAreaTypes: ['inner-city'] })))).toBe('MATCHING_SIDES_OVERLAP');
    // A locked pair that is allowed is kept even when the solver alone would not choose it.
    const out = runEngine(input([aimob, chuphan, other], { locked: [{ a: 'other', b: 'aimob' }] }));
    expect(out.optimal.pairs).toEqual([expect.objectContaining({ left: 'aimob', right: 'other', locked: true })]);
  });

  it('is deterministic: the same input in any order gives the same result', () => {
    fc.assert(
      fc.property(cityArb, fc.integer(), (inp, k) => {
        const shuffled = { ...inp, schools: [...inp.schools].sort((a, b) => ((a.id.charCodeAt(1) * 31 + k) % 7) - ((b.id.charCodeAt(1) * 31 + k) % 7)) };
        expect(runEngine(shuffled)).toEqual(runEngine(inp));
      }),
      { numRuns: 100 },
    );
  });
});
