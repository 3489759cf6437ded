import { describe, expect, it } from 'vitest';
import { changeLines, diffJson, MAX_CHANGES } from './diff.ts';

describe('diffJson: what an audit row changed', () => {
  it('lists changed, added and removed leaves with their paths', () => {
    const { changes } = diffJson(
      { name: 'Trường Tiểu học Ái Mộ B', students: 700, contacts: [{ phone: '024 1' }], old: 'x' },
      { name: 'Trường Tiểu học Ái Mộ B', students: 720, contacts: [{ phone: '024 2' }, { phone: '024 3' }], added: true },
    );
    expect(changes).toEqual([
      { path: 'students', kind: 'changed', before: 700, after: 720 },
      { path: 'contacts.0.phone', kind: 'changed', before: '024 1', after: '024 2' },
      { path: 'contacts.1', kind: 'added', after: { phone: '024 3' } },
      { path: 'old', kind: 'removed', before: 'x' },
      { path: 'added', kind: 'added', after: true },
    ]);
  });

  it('a row with only an "after" (a creation) lists every field as added; nothing on either side, nothing', () => {
    expect(diffJson(null, { state: 'proposed' }).changes).toEqual([{ path: 'state', kind: 'added', after: 'proposed' }]);
    expect(diffJson(null, null).changes).toEqual([]);
    expect(diffJson({ a: 1 }, { a: 1 }).changes).toEqual([]);
  });

  it('a scalar replaced by an object is one change, not a walk', () => {
    expect(diffJson({ a: 'x' }, { a: { b: 1 } }).changes).toEqual([{ path: 'a', kind: 'changed', before: 'x', after: { b: 1 } }]);
  });

  it('cuts a huge diff and says so', () => {
    const big = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const d = diffJson(null, big);
    expect(d.changes).toHaveLength(MAX_CHANGES);
    expect(d.truncated).toBe(true);
  });

  it('writes readable lines', () => {
    expect(changeLines(diffJson({ state: 'proposed', x: 1 }, { state: 'accepted', y: 'b' }).changes)).toEqual(['state: proposed → accepted', 'x: 1 → ∅', 'y: ∅ → b']);
  });
});
