import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ChainVerifier, GENESIS_HASH, checkSegment, canonicalEntry, canonicalJson, entryHash, nextEntry, type CanonicalValue, type LedgerEntry, type StoredLedgerEntry } from './ledger.ts';
import { pledgeState } from './contribution.ts';

const chain = (n: number): StoredLedgerEntry[] => {
  const out: StoredLedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push(nextEntry(out[i - 1] ?? null, { kind: 'delivery', correctsSeq: null, recordedAt: '2026-03-02T03:00:00.000Z', payload: { valueVnd: 1000 * (i + 1), donor: 'Trường THPT Nhân Chính' } }));
  }
  return out;
};

/** The specification written plainly (docs/support.md): the fast serialiser must match it byte for byte. */
function reference(v: CanonicalValue): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return JSON.stringify(v);
  if (typeof v === 'string') return JSON.stringify(v.normalize('NFC'));
  if (Array.isArray(v)) return `[${v.map((x) => reference(x as CanonicalValue)).join(',')}]`;
  const o = v as { readonly [k: string]: CanonicalValue };
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k.normalize('NFC'))}:${reference(o[k]!)}`)
    .join(',')}}`;
}

describe('the ledger chain', () => {
  it('serialises entries exactly as the specification, whatever the key order and however many shapes', () => {
    const keys = ['valueVnd', 'donor', 'kind', 'schoolName', 'minutesNumber', 'quantity', 'deliveryId', 'Ánh', 'z\t'];
    for (let i = 0; i < 300; i++) {
      // Shapes come and go (more than the cache holds), keys in a different order each time.
      const picked = keys.filter((_, k) => (i >> k) & 1 || k === i % keys.length);
      const ordered = i % 2 ? picked : [...picked].reverse();
      const payload: Record<string, CanonicalValue> = {};
      for (const k of ordered) payload[k] = k === 'valueVnd' ? 41_000_000 + i : k === 'donor' && i % 3 === 0 ? null : `Trường "Nhân Chính"\n${i}`.normalize(i % 2 ? 'NFD' : 'NFC');
      if (i % 5 === 0) payload.nested = { b: [1, 'Mộ'.normalize('NFD'), { y: true, x: null }], a: 'x' };
      const e: LedgerEntry = { seq: i + 1, kind: i % 4 ? 'delivery' : 'correction', correctsSeq: i % 4 ? null : i, recordedAt: '2026-03-02T03:00:00.000Z', payload, prevHash: GENESIS_HASH };
      const text = reference({ correctsSeq: e.correctsSeq, kind: e.kind, payload: e.payload, prevHash: e.prevHash, recordedAt: e.recordedAt, seq: e.seq });
      expect(canonicalEntry(e)).toBe(text);
      expect(entryHash(e)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('names an entry whose content no writer could have hashed instead of failing', () => {
    const c = chain(3).map((e) => (e.seq === 2 ? { ...e, payload: { ...e.payload, valueVnd: 0.5 } } : e));
    const v = new ChainVerifier();
    for (const e of c) v.push(e);
    expect(v.finish()).toEqual({ seq: 2, problem: 'hash-mismatch' });
  });

  it('serialises canonically: sorted keys, no whitespace, NFC strings', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'Mộ'.normalize('NFD')] })).toBe('{"a":[true,null,"Mộ"],"b":1}');
    expect(() => canonicalJson({ v: 0.5 })).toThrow(RangeError);
  });

  it('links each entry to the previous one', () => {
    const c = chain(3);
    expect(c[0]!.prevHash).toBe(GENESIS_HASH);
    expect(c[1]!.prevHash).toBe(c[0]!.hash);
    expect(entryHash(c[2]!)).toBe(c[2]!.hash);
  });

  it('finds the first bad entry: an edit, a gap, a rewritten head, a truncation', () => {
    const ok = new ChainVerifier();
    for (const e of chain(5)) ok.push(e);
    expect(ok.finish()).toBeNull();

    const edited = chain(5).map((e) => (e.seq === 3 ? { ...e, payload: { ...e.payload, valueVnd: 1 } } : e));
    const v1 = new ChainVerifier();
    for (const e of edited) v1.push(e);
    expect(v1.finish()).toEqual({ seq: 3, problem: 'hash-mismatch' });

    const gap = chain(5).filter((e) => e.seq !== 2);
    const v2 = new ChainVerifier();
    for (const e of gap) v2.push(e);
    expect(v2.finish()).toEqual({ seq: 2, problem: 'missing' });

    const full = chain(5);
    const v3 = new ChainVerifier([{ seq: 5, hash: full[4]!.hash, publishedOn: '2026-03-02' }]);
    for (const e of full.slice(0, 3)) v3.push(e);
    expect(v3.finish()).toMatchObject({ seq: 4, problem: 'truncated' });

    const v4 = new ChainVerifier([], full[4]!.hash);
    for (const e of full.slice(0, 4)) v4.push(e);
    expect(v4.finish()).toMatchObject({ problem: 'head-not-found' });
  });
});

describe('checking stretches of the chain apart (worker threads) and joining them', () => {
  it('gives the verdict, the count and the head of checking entry by entry, wherever the stretches are cut', () => {
    const n = 12;
    const base = (): StoredLedgerEntry[] => {
      const out: StoredLedgerEntry[] = [];
      for (let i = 0; i < n; i++) {
        const correction = i % 5 === 4;
        out.push(nextEntry(out[i - 1] ?? null, { kind: correction ? 'correction' : 'delivery', correctsSeq: correction ? i : null, recordedAt: '2026-03-02T03:00:00.000Z', payload: { valueVnd: 1000 * (i + 1) } }));
      }
      return out;
    };
    const good = base();
    const published = [{ seq: 6, hash: good[5]!.hash, publishedOn: '2026-03-02' }];
    // Each chain as it may be found in the database, and the published heads or the head asked about.
    const cases: { name: string; entries: StoredLedgerEntry[]; heads?: typeof published; given?: string }[] = [
      { name: 'intact', entries: good, heads: published, given: good[3]!.hash },
      { name: 'intact, the head asked about is the first', entries: good, given: good[0]!.hash },
      { name: 'a head nobody wrote', entries: good, given: 'f'.repeat(64) },
      ...Array.from({ length: n }, (_, k) => ({ name: `entry ${k + 1} edited`, entries: good.map((e, i) => (i === k ? { ...e, payload: { valueVnd: 1 } } : e)) })),
      ...Array.from({ length: n }, (_, k) => ({ name: `entry ${k + 1} deleted`, entries: good.filter((_, i) => i !== k) })),
      ...Array.from({ length: n - 1 }, (_, k) => ({ name: `entries ${k + 1} and ${k + 2} swapped`, entries: good.map((e, i) => (i === k ? good[k + 1]! : i === k + 1 ? good[k]! : e)) })),
      // Rewritten with its own hash recomputed: found by the next entry's link.
      ...Array.from({ length: n }, (_, k) => ({ name: `entry ${k + 1} rewritten with its hash`, entries: good.map((e, i) => (i === k ? { ...e, hash: entryHash({ ...e, payload: { valueVnd: 2 } }), payload: { valueVnd: 2 } } : e)) })),
      { name: 'a correction pointing forward', entries: good.map((e, i) => (i === 4 ? (() => { const x = { ...e, correctsSeq: 9 }; return { ...x, hash: entryHash(x) }; })() : e)) },
      { name: 'a published head rewritten', entries: good, heads: [{ ...published[0]!, hash: 'a'.repeat(64) }] },
      { name: 'truncated before a published head', entries: good.slice(0, 4), heads: published },
    ];
    for (const c of cases) {
      const one = new ChainVerifier(c.heads ?? [], c.given ?? null);
      for (const e of c.entries) {
        one.push(e);
        if (one.problem) break;
      }
      const expected = { problem: one.finish(), entries: one.entries, head: one.head };
      for (let size = 1; size <= c.entries.length; size++) {
        const joined = new ChainVerifier(c.heads ?? [], c.given ?? null);
        const { heads, givenHead } = joined.segmentOptions;
        for (let at = 0; at < c.entries.length && !joined.problem; at += size) joined.pushSegment(checkSegment(c.entries.slice(at, at + size), heads, givenHead)!);
        expect({ problem: joined.finish(), entries: joined.entries, head: joined.head }, `${c.name}, stretches of ${size}`).toEqual(expected);
      }
    }
  });
});

describe('the state of a pledge', () => {
  it('goes pledged → partly delivered → delivered → acknowledged', () => {
    const p = { kind: 'equipment' as const, quantity: 4, valueVnd: 41_000_000, cancelled: false };
    expect(pledgeState(p, [])).toBe('pledged');
    expect(pledgeState(p, [{ quantity: 2, valueVnd: 20_500_000, acknowledged: true }])).toBe('partly-delivered');
    expect(pledgeState(p, [{ quantity: 4, valueVnd: 41_000_000, acknowledged: false }])).toBe('delivered');
    expect(pledgeState(p, [{ quantity: 4, valueVnd: 41_000_000, acknowledged: true }])).toBe('acknowledged');
    expect(pledgeState({ ...p, cancelled: true }, [])).toBe('cancelled');
  });
});

/** The specification, written plainly: the fast canonicalJson must give the same text, byte for byte. */
function referenceCanonical(value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.normalize('NFC'));
  if (Array.isArray(value)) return `[${value.map(referenceCanonical).join(',')}]`;
  const obj = value as { readonly [k: string]: CanonicalValue };
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k.normalize('NFC'))}:${referenceCanonical(obj[k]!)}`).join(',')}}`;
}

describe('canonicalJson (fast) equals the plain reference', () => {
  it('on every kind of value, NFD text, escapes, nested objects and repeated shapes', () => {
    const nfd = 'Tru\u031bo\u031b\u0300ng Nha\u0302n Chi\u0301nh';
    const values: CanonicalValue[] = [
      null,
      true,
      0,
      -41_000_000,
      '',
      'plain ascii',
      'quote " and backslash \\ and tab \t and newline \n and \u0000',
      nfd,
      'Trường Phổ thông dân tộc nội trú Hà Nội',
      '\u2028 \ud83d\ude00 ẩn danh',
      [1, 'a', null, [nfd, { b: 1, a: 2 }]],
      { z: 1, a: { y: [nfd], x: null }, ['A']: 'upper', ['é']: 'e', [nfd]: 'key in NFD', ['a\u0000b']: 1 },
      { b: 1, a: 2 },
      { a: 2, b: 1 },
      { 'a\u0000b': 'x' },
      { a: 'x', b: 'y' },
    ];
    for (let round = 0; round < 2; round++) for (const v of values) expect(canonicalJson(v)).toBe(referenceCanonical(v));
  });
});
