import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDecree30Docx, expectDecree30Pdf, sha256 } from './decree30-checks.testing.ts';
import { renderHandoverDocx, renderHandoverPdf, type HandoverDocumentInput } from './handover.ts';

/** The demo's hand-over: 4 televisions from THPT Nhân Chính to PTDTNT Hà Nội (invented people). */
const input: HandoverDocumentInput = {
  number: { seq: 1, symbol: 'BB-THPTNC' },
  issuer: 'Trường THPT Nhân Chính',
  place: 'Thanh Xuân',
  date: { year: 2023, month: 10, day: 25 },
  bases: ['Căn cứ Kế hoạch số 4340/KH-SGDĐT ngày 12/12/2022 của Sở Giáo dục và Đào tạo Hà Nội;'],
  giver: { name: 'Trường THPT Nhân Chính', person: 'Bà Trịnh Thu Hằng, Phó Hiệu trưởng' },
  receiver: { name: 'Trường Phổ thông dân tộc nội trú Hà Nội', person: 'Ông Hà Văn Khánh, Hiệu trưởng' },
  items: [{ description: 'Ti vi 55 inch', quantity: '4', unit: 'chiếc', value: '41.000.000 ₫' }],
  kindLabel: 'Thiết bị',
  acknowledgedAt: '2023-10-25T09:00:00Z',
};

const expectations = { numberLine: 'Số: 01/BB-THPTNC', dateLine: 'Thanh Xuân, ngày 25 tháng 10 năm 2023' };

describe('hand-over minutes DOCX (the same Decree 30 checks as the MoU)', () => {
  it('is A4 in Times New Roman with the national title, the number, the date line, and opens in an XML parser', async () => {
    expectDecree30Docx(await renderHandoverDocx(input), { ...expectations, texts: ['BIÊN BẢN BÀN GIAO', 'ĐẠI DIỆN BÊN NHẬN'] });
  });

  it('gives the same bytes for the same input', async () => {
    expect(sha256(await renderHandoverDocx(structuredClone(input)))).toBe(sha256(await renderHandoverDocx(input)));
  });
});

describe('hand-over minutes PDF', () => {
  it('is A4 with fixed metadata dated by the document, every word read back with its diacritics, only Tinos embedded, reproducible', async () => {
    const pdf = await renderHandoverPdf(input);
    await expectDecree30Pdf(pdf, {
      ...expectations,
      title: 'Biên bản bàn giao 01/BB-THPTNC',
      createdIso: '2023-10-25T00:00:00.000Z',
      texts: [
        'BIÊN BẢN BÀN GIAO',
        'BÊN GIAO: TRƯỜNG THPT NHÂN CHÍNH',
        'Ti vi 55 inch: số lượng 4 chiếc, trị giá 41.000.000 ₫.',
        'Trịnh Thu Hằng',
        'Hà Văn Khánh',
        '(Đã xác nhận trên Chung Tay lúc',
      ],
    });
    expect(sha256(await renderHandoverPdf(structuredClone(input)))).toBe(sha256(pdf));
  });
});

describe('hand-over minutes signatures', () => {
  it("put both signers' names on one line, however many lines each school's name takes", async () => {
    // Not yet acknowledged: the giver's block and the receiver's (a three-line school name) differ in height above the names.
    const pdf = await renderHandoverPdf({ ...input, acknowledgedAt: null });
    const dir = mkdtempSync(join(tmpdir(), 'ct-handover-'));
    try {
      writeFileSync(join(dir, 'm.pdf'), pdf);
      const html = execFileSync('pdftotext', ['-bbox', join(dir, 'm.pdf'), '-'], { encoding: 'utf8' });
      const yOf = (word: string) => Number(new RegExp(`yMin="([\\d.]+)"[^>]*>${word}</word>`, 'u').exec(html)?.[1]);
      expect(yOf('Hằng')).toBeGreaterThan(0);
      expect(Math.abs(yOf('Hằng') - yOf('Khánh'))).toBeLessThan(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
