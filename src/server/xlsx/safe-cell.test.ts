import { describe, expect, it } from 'vitest';
import { safeCell } from './safe-cell.ts';

describe('safeCell', () => {
  it('escapes text a spreadsheet would read as a formula, and nothing else', () => {
    expect(['=1+1', '+84 912', '-2', '@SUM(A1)', '\t=x'].map(safeCell)).toEqual(["'=1+1", "'+84 912", "'-2", "'@SUM(A1)", "'\t=x"]);
    expect(['Hội nghị', 'a=b', '', null].map(safeCell)).toEqual(['Hội nghị', 'a=b', '', null]);
  });
});
