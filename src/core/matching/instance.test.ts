import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRawInstance, validateInstance, type InstanceIssue } from './instance.ts';
import { parseInstanceText, tryFastParse } from './parse.ts';

const base = () => ({
  left: [{ id: 'L1', capacity: 1 }, { id: 'L2' }],
  right: [{ id: 'R1', capacity: 2 }],
  edges: [
    { left: 'L1', right: 'R1', cost: 12.5 },
    { left: 'L2', right: 'R1', cost: -3 },
  ],
});

function errorsOf(raw: unknown): InstanceIssue[] {
  const v = validateInstance(raw);
  expect(v.ok).toBe(false);
  const fromText = parseInstanceText(JSON.stringify(raw));
  if (!v.ok && !fromText.ok && !Number.isNaN((raw as { edges?: Array<{ cost?: unknown }> }).edges?.[0]?.cost)) {
    // the text path reports the same problems (NaN/Infinity cannot be written in JSON)
    expect(fromText.errors).toEqual(v.errors);
  }
  return v.ok ? [] : v.errors;
}

describe('validateInstance', () => {
  it('accepts a valid instance and defaults capacity to 1', () => {
    const v = validateInstance(base());
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(Array.from(v.instance.leftCapacity)).toEqual([1, 1]);
    expect(Array.from(v.instance.rightCapacity)).toEqual([2]);
    expect(Array.from(v.instance.edgeCost)).toEqual([12.5, -3]);
  });

  it('refuses unknown ids, naming the edge', () => {
    const raw = base();
    raw.edges[1]!.right = 'R9';
    const errs = errorsOf(raw);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.path).toBe('edges[1].right');
    expect(errs[0]!.message).toContain('unknown right id "R9"');
    expect(errs[0]!.messageVi).toContain('"R9"');
  });

  it('refuses duplicate ids and duplicate edges', () => {
    const raw = base();
    raw.left.push({ id: 'L1' });
    expect(errorsOf(raw).map((e) => e.path)).toEqual(['left[2].id']);
    const raw2 = base();
    raw2.edges.push({ left: 'L1', right: 'R1', cost: 1 });
    const errs = errorsOf(raw2);
    expect(errs.map((e) => e.path)).toEqual(['edges[2]']);
    expect(errs[0]!.message).toContain('already given at edges[0]');
    expect(errs[0]!.messageVi).toContain('bị trùng');
  });

  it('refuses NaN, Infinity and non-number costs', () => {
    for (const bad of [NaN, Infinity, -Infinity, '12', null, undefined]) {
      const raw = base() as { edges: Array<{ cost: unknown }> };
      raw.edges[0]!.cost = bad;
      const errs = validateInstance(raw);
      expect(errs.ok).toBe(false);
      if (!errs.ok) expect(errs.errors.map((e) => e.path)).toEqual(['edges[0].cost']);
    }
    // 1e400 overflows to Infinity when parsed
    const text = JSON.stringify(base()).replace('12.5', '1e400');
    const v = parseInstanceText(text);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]!.path).toBe('edges[0].cost');
  });

  it('refuses non-integer, zero, negative and non-number capacities', () => {
    for (const bad of [1.5, 0, -1, '2', NaN]) {
      const raw = base() as { right: Array<{ capacity: unknown }> };
      raw.right[0]!.capacity = bad;
      const v = validateInstance(raw);
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.errors.map((e) => e.path)).toEqual(['right[0].capacity']);
        expect(v.errors[0]!.message).toContain('positive integer');
        expect(v.errors[0]!.messageVi).toContain('số nguyên dương');
      }
    }
  });

  it('refuses wrong shapes and invalid JSON with clear messages', () => {
    expect(errorsOf([]).map((e) => e.path)).toEqual(['']);
    expect(errorsOf({ left: [], right: [] }).map((e) => e.path)).toEqual(['edges']);
    expect(errorsOf({ left: [{ id: '' }], right: [], edges: [] }).map((e) => e.path)).toEqual(['left[0].id']);
    expect(errorsOf({ left: [], right: [7], edges: [] }).map((e) => e.path)).toEqual(['right[0]']);
    const v = parseInstanceText('{"left": [');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors[0]!.message).toMatch(/not valid JSON/);
  });

  it('lists at most 100 problems and summarises the rest', () => {
    const raw = { left: [{ id: 'A' }], right: [{ id: 'B' }], edges: Array.from({ length: 250 }, () => ({ left: 'A', right: 'B', cost: NaN })) };
    const v = validateInstance(raw);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.errors).toHaveLength(101);
      expect(v.errors[100]!.message).toContain('150 more');
    }
  });
});

describe('fast text parser', () => {
  it('gives exactly what JSON.parse + validateInstance give, or steps aside', () => {
    const num = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 100),
    );
    const id = fc.oneof(fc.constantFrom('A', 'B', 'C', 'Trường Ái Mộ', 'x"y', 'a\\b', ''), fc.string({ maxLength: 4 }));
    const arb = fc.record({
      left: fc.array(fc.record({ id, capacity: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 3 }), fc.constant(1.5)) }, { requiredKeys: ['id'] }), { maxLength: 4 }),
      right: fc.array(fc.record({ id, capacity: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: ['id'] }), { maxLength: 4 }),
      edges: fc.array(fc.record({ left: id, right: id, cost: num }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(arb, fc.constantFrom(0, 2), (raw, indent) => {
        const text = JSON.stringify(raw, null, indent);
        const ref = validateInstance(JSON.parse(text));
        const got = parseInstanceText(text);
        expect(got).toEqual(ref);
        const fast = tryFastParse(new TextEncoder().encode(text));
        if (fast) {
          expect(ref.ok).toBe(true);
          if (ref.ok) expect(toRawInstance(fast)).toEqual(toRawInstance(ref.instance));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads numbers exactly like JSON.parse', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer().map((k) => k / 1000)), (x) => {
        const text = `{"left":[{"id":"A"}],"right":[{"id":"B"}],"edges":[{"left":"A","right":"B","cost":${JSON.stringify(x)}}]}`;
        const fast = tryFastParse(new TextEncoder().encode(text));
        expect(fast).not.toBeNull();
        expect(Object.is(fast!.edgeCost[0], JSON.parse(text).edges[0].cost)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
