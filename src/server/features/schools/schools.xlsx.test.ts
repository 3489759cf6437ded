import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFirstSheet } from './schools.xlsx.ts';

/** Vietnamese names, every one different, enough to fill many 16 kB chunks of the unzipped XML. */
function names(n: number): string[] {
  const parts = ['Trường Tiểu học', 'Ánh Dương', 'Nguyễn Trãi', 'Đoàn Thị Điểm', 'Lê Quý Đôn', 'Tư vấn tâm lý học đường', 'Hỗ trợ', 'Phù Đổng', 'Yên Lãng', 'Ngữ văn'];
  return Array.from({ length: n }, (_, i) => `${parts[0]} ${parts[1 + (i % 9)]} ${parts[1 + ((i * 7) % 9)]} số ${i} — ${'ữ'.repeat(1 + (i % 5))}`);
}

async function workbook(values: string[], sharedStrings: boolean): Promise<Buffer> {
  if (!sharedStrings) {
    // The streaming writer writes inline strings (as this app's own export does).
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet('DS');
    values.forEach((v, i) => ws.getRow(i + 1).values = [i + 1, v]);
    ws.commit();
    await wb.commit();
    return Buffer.concat(chunks);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DS');
  values.forEach((v, i) => (ws.getRow(i + 1).values = [i + 1, v]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading an uploaded list', () => {
  for (const sharedStrings of [true, false]) {
    it(`reads every Vietnamese character exactly, however the file is cut into chunks (${sharedStrings ? 'shared' : 'inline'} strings)`, async () => {
      const values = names(3000);
      const file = await workbook(values, sharedStrings);
      const read: string[] = [];
      await readFirstSheet(file, (_row, cells) => void read.push(String(cells[1])));
      expect(read.length).toBe(values.length);
      const wrong = read.filter((v, i) => v !== values[i]);
      expect(wrong.slice(0, 3)).toEqual([]);
      expect(read.join('')).not.toContain('\uFFFD');
    });
  }
});
