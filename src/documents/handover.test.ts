import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHandoverDocx, renderHandoverPdf, type HandoverDocumentInput } from './handover.ts';
import { readZip } from './zip.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

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

describe('hand-over minutes DOCX (the same Decree 30 checks as the MoU)', () => {
  let xml: string;
  let styles: string;
  beforeAll(async () => {
    const files = readZip(await renderHandoverDocx(input));
    xml = files.get('word/document.xml')?.toString('utf8') ?? '';
    styles = files.get('word/styles.xml')?.toString('utf8') ?? '';
  });

  it('is A4 with the Decree 30 margins (20/20/30/15 mm)', () => {
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const mar = /<w:pgMar ([^>]*)\/>/u.exec(xml)?.[1] ?? '';
    for (const m of ['w:top="1134"', 'w:bottom="1134"', 'w:left="1701"', 'w:right="850"']) expect(mar).toContain(m);
  });

  it('uses Times New Roman everywhere and has the national title, the number and the date line', () => {
    const fonts = new Set([...(xml + styles).matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/gu)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Times New Roman']);
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('\n');
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 01/BB-THPTNC', 'Thanh Xuân, ngày 25 tháng 10 năm 2023', 'BIÊN BẢN BÀN GIAO', 'ĐẠI DIỆN BÊN NHẬN']) {
      expect(text).toContain(s);
    }
  });

  it('gives the same bytes for the same input', async () => {
    expect(sha256(await renderHandoverDocx(structuredClone(input)))).toBe(sha256(await renderHandoverDocx(input)));
  });
});

describe('hand-over minutes PDF', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderHandoverPdf(input);
  });

  it('is A4 with fixed metadata dated by the document, and reproducible', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    expect(doc.getTitle()).toBe('Biên bản bàn giao 01/BB-THPTNC');
    expect(doc.getCreationDate()?.toISOString()).toBe('2023-10-25T00:00:00.000Z');
    expect(sha256(await renderHandoverPdf(structuredClone(input)))).toBe(sha256(pdf));
  });

  const poppler = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdffonts');
  describe.runIf(poppler)('read back with poppler', () => {
    let dir: string;
    let file: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'chungtay-handover-'));
      file = join(dir, 'bb.pdf');
      writeFileSync(file, pdf);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('gives back every word with its diacritics and embeds only Tinos', () => {
      const all = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/[\s\u00a0]+/gu, ' ');
      for (const s of [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Số: 01/BB-THPTNC',
        'Thanh Xuân, ngày 25 tháng 10 năm 2023',
        'BIÊN BẢN BÀN GIAO',
        'BÊN GIAO: TRƯỜNG THPT NHÂN CHÍNH',
        'Ti vi 55 inch: số lượng 4 chiếc, trị giá 41.000.000 ₫.',
        'Trịnh Thu Hằng',
        'Hà Văn Khánh',
        '(Đã xác nhận trên Chung Tay lúc',
      ]) {
        expect(all).toContain(s);
      }
      const fonts = execFileSync('/usr/bin/pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
      for (const line of fonts) expect(line.trim().split(/\s+/u)[0]).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)$/u);
    });
  });
});
