import { describe, expect, it } from 'vitest';
import { describeChanges, diffMou, diffWords, noticeKindOf } from './diff.ts';
import { fillMouTemplate, SEED_MOU_TEMPLATE } from './seed-template.ts';
import type { MouContent } from './types.ts';

const seed = fillMouTemplate(SEED_MOU_TEMPLATE, { parties: ['Trường TH Chu Phan huyện Mê Linh', 'Trường TH Ái Mộ B quận Long Biên'], phase: '2023 - 2025' });

function edit(f: (c: MouContent) => void): MouContent {
  const c = structuredClone(seed);
  f(c);
  return c;
}

describe('diffWords', () => {
  it('marks the changed words only', () => {
    expect(diffWords('Từ tháng 3/2023 đến hết tháng 12/2025.', 'Từ tháng 3/2023 đến hết tháng 5/2026.')).toEqual([
      { op: 'equal', text: 'Từ tháng 3/2023 đến hết tháng ' },
      { op: 'delete', text: '12/2025.' },
      { op: 'insert', text: '5/2026.' },
    ]);
  });
});

describe('diffMou', () => {
  it('finds nothing between equal versions', () => {
    expect(diffMou(seed, structuredClone(seed))).toEqual([]);
  });

  it('shows an inserted clause as one addition, not as every later clause changed', () => {
    const after = edit((c) => c.articles[1]!.clauses.splice(1, 0, 'Tổ chức giao lưu Liên đội giữa học sinh hai trường.'));
    expect(diffMou(seed, after)).toEqual([
      expect.objectContaining({ article: 2, clause: 2, change: 'added', after: 'Tổ chức giao lưu Liên đội giữa học sinh hai trường.' }),
    ]);
  });

  it('pairs a rewritten clause as a change with word marks, and sees removals and titles', () => {
    const after = edit((c) => {
      c.articles[2]!.clauses[0] = c.articles[2]!.clauses[0]!.replace('12/2025', '5/2026');
      c.articles[0]!.clauses.splice(3, 1);
      c.articles[3]!.title = 'Cơ chế phối hợp';
    });
    const changes = diffMou(seed, after);
    expect(changes.map((c) => [c.article, c.clause, c.change])).toEqual([
      [1, 4, 'removed'],
      [3, 1, 'changed'],
      [4, null, 'changed'],
    ]);
    expect(changes[1]!.words.filter((w) => w.op !== 'equal').map((w) => w.text)).toEqual(['12/2025.', '5/2026.']);
  });

  it('sees whole articles added and removed', () => {
    const after = edit((c) => {
      c.articles.pop();
      c.articles.push({ number: 6, title: 'Điều khoản thi hành', clauses: ['Có hiệu lực từ ngày ký.'] });
    });
    expect(diffMou(seed, after).map((c) => [c.article, c.clause, c.change])).toEqual([
      [5, null, 'removed'],
      [6, null, 'added'],
      [6, 1, 'added'],
    ]);
  });
});

describe('describeChanges (the proposed text of a notice)', () => {
  it('words supplements, amendments and repeals as amendments are written', () => {
    const after = edit((c) => {
      c.articles[1]!.clauses.push('Tổ chức giao lưu Liên đội giữa học sinh hai nhà trường ít nhất một (01) lần mỗi năm học.');
      c.articles[2]!.clauses[0] = 'Từ tháng 3/2023 đến hết tháng 5/2026.';
      c.articles[0]!.clauses.splice(3, 1);
    });
    expect(describeChanges(seed, after)).toEqual([
      'Bãi bỏ khoản 4 Điều 1.',
      'Bổ sung khoản 6 Điều 2 như sau: "6. Tổ chức giao lưu Liên đội giữa học sinh hai nhà trường ít nhất một (01) lần mỗi năm học."',
      'Sửa đổi Điều 3 như sau: "Từ tháng 3/2023 đến hết tháng 5/2026."',
    ]);
  });
});

describe('noticeKindOf (a notice says what it proposes)', () => {
  it('is a supplement when the text only gains clauses, articles or bases, an amendment otherwise', () => {
    const added = edit((c) => {
      c.articles[1]!.clauses.push('Tổ chức giao lưu Liên đội giữa học sinh hai nhà trường.');
      c.articles.push({ number: 6, title: 'Điều khoản bổ sung', clauses: ['Hai bên gặp mặt mỗi học kỳ.'] });
    });
    expect(noticeKindOf(seed, added)).toBe('supplement');
    expect(noticeKindOf(seed, edit((c) => (c.articles[2]!.clauses[0] = 'Từ tháng 3/2023 đến hết tháng 5/2026.')))).toBe('amend');
    expect(noticeKindOf(seed, edit((c) => c.articles[0]!.clauses.splice(3, 1)))).toBe('amend');
    // An addition with a change is an amendment (the notice lists both).
    expect(noticeKindOf(seed, edit((c) => {
      c.articles[1]!.clauses.push('Thêm.');
      c.articles[1]!.title = 'Nội dung';
    }))).toBe('amend');
  });
});
