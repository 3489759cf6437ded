import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm } from './criteria.ts';
import { nearbyIndex, type Located } from './nearby.ts';

const point = (latRange: [number, number], lonRange: [number, number]) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.record({ latitude: fc.double({ min: latRange[0], max: latRange[1], noNaN: true }), longitude: fc.double({ min: lonRange[0], max: lonRange[1], noNaN: true }) }) },
    { weight: 1, arbitrary: fc.constant<Located>({ latitude: null, longitude: null }) },
  );

/** What a loop over every pair keeps: every point within maxKm, and those without coordinates. */
function brute(points: Located[], q: Located, maxKm: number): number[] {
  const out: number[] = [];
  points.forEach((p, i) => {
    if (p.latitude === null || p.longitude === null || q.latitude === null || q.longitude === null) out.push(i);
    else if (haversineKm(q.latitude, q.longitude, p.latitude, p.longitude) <= maxKm) out.push(i);
  });
  return out;
}

describe('candidates within a distance', () => {
  for (const [name, lat, lon] of [
    ['Viet Nam', [8, 23.5], [102, 117.9]],
    ['a city, points packed near cell edges', [20.9, 21.2], [105.6, 106]],
    ['up to 60° of latitude', [-60, 60], [-170, 170]],
  ] as const) {
    it(`never loses a school within the limit (${name}), in increasing order`, () => {
      fc.assert(
        fc.property(
          fc.array(point([...lat], [...lon]), { maxLength: 60 }),
          fc.array(point([...lat], [...lon]), { minLength: 1, maxLength: 10 }),
          fc.double({ min: 0.5, max: 499, noNaN: true }),
          (points, queries, maxKm) => {
            const index = nearbyIndex(points, queries, maxKm);
            const out: number[] = [];
            for (const q of queries) {
              const got = index.candidates(q.latitude, q.longitude, out);
              expect([...got]).toEqual([...got].sort((a, b) => a - b));
              const within = brute(points, q, maxKm);
              const kept = new Set(got);
              for (const i of within) expect(kept.has(i), `point ${i} within ${maxKm} km`).toBe(true);
            }
          },
        ),
        { numRuns: 1500 },
      );
    });
  }

  it('narrows a city down to the neighbourhood', () => {
    const grid: Located[] = [];
    for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) grid.push({ latitude: 20.5 + i * 0.01, longitude: 105.3 + j * 0.01 });
    const out: number[] = [];
    const near = nearbyIndex(grid, [{ latitude: 21, longitude: 105.8 }], 5).candidates(21, 105.8, out);
    expect(near.length).toBeLessThan(grid.length / 10);
    expect(nearbyIndex(grid, [], null).candidates(21, 105.8, out)).toHaveLength(grid.length);
  });
});
