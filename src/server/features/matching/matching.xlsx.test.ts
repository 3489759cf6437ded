import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runDetailDto } from '#src/core/matching/dto.ts';
import { writeRunWorkbook } from './matching.xlsx.ts';

// A run whose schools' names and codes a spreadsheet would take for formulas (an officer may name a school so).
const run = runDetailDto.parse(JSON.parse(readFileSync(new URL('./matching-xlsx.fixture.json', import.meta.url), 'utf8')));

describe('the matching run workbook', () => {
  it('writes text that looks like a formula after an apostrophe, as every other export does', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeRunWorkbook(run, 'MH-01/KH-SGDĐT', 'vi')) as unknown as ArrayBuffer);
    const pairs = wb.getWorksheet('Các cặp đề xuất')!;
    const row = pairs.getRow(6);
    expect(row.getCell(2).value).toBe("'+84-1");
    expect(row.getCell(3).value).toBe('\'=HYPERLINK("http://x","Trường A")');
    expect(row.getCell(9).value).toBe("'-1 cách 3 km");
    expect(row.getCell(6).value).toBe(run.pairs[0]!.score);
    const others = wb.getWorksheet('Trường chưa ghép')!.getRow(2);
    expect([others.getCell(2).value, others.getCell(3).value]).toEqual(["'@SUM(1)", "'=1+1"]);
  });
});
