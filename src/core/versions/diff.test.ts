import { describe, expect, it } from 'vitest';
import { diffWords } from './diff.ts';

const side = (ops: ReturnType<typeof diffWords>, drop: 'insert' | 'delete') => ops.filter((o) => o.op !== drop).map((o) => o.text).join('');

describe('diffWords', () => {
  it('reads a replaced run of words as one struck phrase and one new phrase, not word against word', () => {
    const before = 'Ông Nguyễn Đức Thắng, Tổ trưởng tổ Toán';
    const after = 'Bà Vũ Thị Lan, Tổ trưởng tổ Toán';
    const ops = diffWords(before, after);
    expect(ops).toEqual([
      { op: 'delete', text: 'Ông Nguyễn Đức Thắng,' },
      { op: 'insert', text: 'Bà Vũ Thị Lan,' },
      { op: 'equal', text: ' Tổ trưởng tổ Toán' },
    ]);
    expect(side(ops, 'insert')).toBe(before);
    expect(side(ops, 'delete')).toBe(after);
  });

  it('keeps both texts whole when a run removes more words than it adds, and keeps unchanged words between runs', () => {
    for (const [before, after] of [
      ['Giao lưu Liên đội hai trường tháng 3', 'Giao lưu Chi đoàn tháng 3'],
      ['a b c d e', 'x b y d'],
      ['Tổ chức  hội thảo', 'Tổ chức hội nghị chuyên đề'],
      ['', 'Mới'],
      ['Cũ', ''],
    ] as const) {
      const ops = diffWords(before, after);
      expect(side(ops, 'insert')).toBe(before);
      expect(side(ops, 'delete')).toBe(after);
      // Never two ops of one kind in a row, nor an insertion before its deletion.
      for (let k = 1; k < ops.length; k++) {
        expect(ops[k]!.op === ops[k - 1]!.op).toBe(false);
        expect(ops[k - 1]!.op === 'insert' && ops[k]!.op === 'delete').toBe(false);
      }
    }
    expect(diffWords('a b c d e', 'x b y d').filter((o) => o.op === 'equal').map((o) => o.text.trim())).toEqual(['b', 'd']);
  });
});
