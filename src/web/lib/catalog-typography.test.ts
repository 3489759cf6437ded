import { describe, expect, it } from 'vitest';
import vi from '../locales/vi.json' with { type: 'json' };

function strings(o: unknown, path = ''): [string, string][] {
  if (typeof o === 'string') return [[path, o]];
  if (o && typeof o === 'object') return Object.entries(o).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

describe('the Vietnamese catalog of the pages', () => {
  it('quotes words with “ ”, not typewriter quotes ("công khai là \\"ẩn danh\\"" on the support page)', () => {
    // a straight " around a word or words; the inch mark of coordinates (21°01'42.6"N) is not a quote
    const straight = strings(vi).filter(([, s]) => /"[^"\d°'][^"]*"/u.test(s.replace(/\d"[NSEW]/gu, '')));
    expect(straight).toEqual([]);
  });
});
