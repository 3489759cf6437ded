import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeUtf8Length, utf8Chunks } from './utf8-safe-reader.ts';

async function* pieces(bytes: Buffer, cuts: number[]) {
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(from, c);
    from = c;
  }
  yield bytes.subarray(from);
}

describe('re-cutting chunks at character boundaries', () => {
  it('keeps every byte, and each chunk decodes on its own to the right text, wherever the input was cut', async () => {
    const text = fc.string({ unit: fc.constantFrom(...Array.from('aĐđƯươờữỹ€😀 <>"Trường Tiểu học')), minLength: 1, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(
        text.chain((s) => {
          const n = Buffer.byteLength(s);
          return fc.tuple(fc.constant(s), fc.uniqueArray(fc.integer({ min: 0, max: n }), { maxLength: 8 }));
        }),
        async ([s, cuts]) => {
          const bytes = Buffer.from(s, 'utf8');
          const out: Buffer[] = [];
          for await (const c of utf8Chunks(pieces(bytes, cuts))) out.push(c);
          expect(Buffer.concat(out).equals(bytes)).toBe(true);
          expect(out.map((c) => new TextDecoder().decode(c)).join('')).toBe(s);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds where the last whole character ends', () => {
    const b = Buffer.from('Điểm', 'utf8'); // Đ(2) i(1) ể(3) m(1)
    expect(completeUtf8Length(b)).toBe(b.length);
    expect(completeUtf8Length(b.subarray(0, 4))).toBe(3); // cut inside ể
    expect(completeUtf8Length(b.subarray(0, 5))).toBe(3);
    expect(completeUtf8Length(b.subarray(0, 1))).toBe(0); // cut inside Đ
    expect(completeUtf8Length(Buffer.from('😀', 'utf8').subarray(0, 3))).toBe(0);
    expect(completeUtf8Length(Buffer.alloc(0))).toBe(0);
  });
});
