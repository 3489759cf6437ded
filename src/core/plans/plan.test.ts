import { describe, expect, it } from 'vitest';
import { diffPlan, goalLine, monthLabelVi, planContentProblem, planMonths, type PlanContent } from './plan.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const k = (n: number) => `10000000-0000-4000-8000-00000000000${n}`;
const base: PlanContent = {
  place: 'Mê Linh',
  datedOn: '2025-09-05',
  goals: [{ text: 'Nâng cao chất lượng đội ngũ', mouClauses: [3, 1] }],
  items: [
    { key: k(1), month: '2025-10', kind: 'seminar', title: 'Chuyên đề môn Toán', hostSchoolId: A, responsible: 'Bà Hoa' },
    { key: k(2), month: '2026-03', kind: 'student-exchange', title: 'Giao lưu Liên đội', hostSchoolId: B, responsible: 'Ông Nam' },
  ],
  closing: [],
};
const labels = { kind: (c: string) => ({ seminar: 'Chuyên đề', 'student-exchange': 'Giao lưu', 'study-visit': 'Tham quan học tập' })[c] ?? c, school: (id: string) => (id === A ? 'TH Chu Phan' : 'TH Ái Mộ B') };
const ctx = { schoolYear: '2025-2026', memberSchoolIds: [A, B], kindCodes: ['seminar', 'student-exchange', 'study-visit'], mouObjectives: 4 };

describe('the months of a school year', () => {
  it('run from September to May', () => {
    expect(planMonths('2025-2026')).toEqual(['2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(monthLabelVi('2026-03')).toBe('Tháng 3/2026');
  });
});

describe('a plan checked against its pair', () => {
  it('names the field at fault', () => {
    expect(planContentProblem(base, ctx)).toBeNull();
    expect(planContentProblem({ ...base, items: [{ ...base.items[0]!, month: '2026-06' }] }, ctx)?.field).toBe('items.0.month');
    expect(planContentProblem({ ...base, goals: [{ text: 'x', mouClauses: [5] }] }, ctx)?.field).toBe('goals.0.mouClauses.0');
    expect(planContentProblem({ ...base, items: [base.items[0]!, base.items[0]!] }, ctx)?.field).toBe('items.1.key');
    expect(planContentProblem({ ...base, items: [{ ...base.items[1]!, hostSchoolId: k(9) }] }, ctx)?.field).toBe('items.0.hostSchoolId');
  });

  it('writes a goal with the MoU clauses it serves, in order', () => {
    expect(goalLine(base.goals[0]!)).toBe('Nâng cao chất lượng đội ngũ (Điều 1, khoản 1, 3 của Biên bản ghi nhớ)');
  });
});

describe('the difference between two versions', () => {
  it('matches items by key: a moved and retitled item is one change, with the words marked', () => {
    const after: PlanContent = {
      ...base,
      items: [{ ...base.items[0]!, month: '2025-11', title: 'Chuyên đề môn Tiếng Việt' }, { key: k(3), month: '2025-12', kind: 'study-visit', title: 'Tham quan', hostSchoolId: B, responsible: 'Ông Nam' }],
    };
    const d = diffPlan(base, after, labels);
    expect(d.items.map((i) => [i.change, i.title])).toEqual([
      ['changed', 'Chuyên đề môn Tiếng Việt'],
      ['added', 'Tham quan'],
      ['removed', 'Giao lưu Liên đội'],
    ]);
    expect(d.items[0]!.fields.map((f) => [f.field, f.before, f.after])).toEqual([
      ['month', 'Tháng 10/2025', 'Tháng 11/2025'],
      ['title', 'Chuyên đề môn Toán', 'Chuyên đề môn Tiếng Việt'],
    ]);
    expect(d.items[0]!.fields[1]!.words.filter((w) => w.op !== 'equal').map((w) => w.text)).toEqual(['Toán', 'Tiếng Việt']);
    expect(d.items[1]!.fields.find((f) => f.field === 'hostSchool')?.after).toBe('TH Ái Mộ B');
    expect(diffPlan(base, structuredClone(base), labels)).toEqual({ meta: [], goals: [], items: [], closing: [] });
  });
});
