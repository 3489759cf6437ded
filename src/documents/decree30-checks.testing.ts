/**
 * The checks every Decree 30 document passes (first written for the MoU's DOCX and PDF tests),
 * shared by the tests of each document built on the layout model: A4 with the Decree 30
 * margins, Times New Roman everywhere in the DOCX and only embedded Tinos subsets in the PDF,
 * the national title and motto, the number line, the italic place-and-date line, every word
 * given back with its diacritics (poppler's pdftotext), the files opening in a real parser
 * (an XML parser for the DOCX parts, pdf-lib for the PDF), and the same bytes for the same input.
 * For tests only.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { expect } from 'vitest';
import { readZip } from './zip.ts';

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The <w:p> element whose text (all its w:t joined) is exactly `text`. */
export function docxParagraph(xml: string, text: string): string {
  for (const m of xml.matchAll(/<w:p>.*?<\/w:p>/gsu)) {
    const p = m[0];
    const t = [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((x) => x[1]).join('');
    if (t.replace(/&quot;/gu, '"').replace(/&amp;/gu, '&') === text) return p;
  }
  throw new Error(`No paragraph with text ${JSON.stringify(text)}`);
}

/** The text of an XML part as a real parser reads it (throws if it is not well-formed XML). */
export function parsedXmlText(xml: string): string {
  const parser = new SaxesParser({ xmlns: true });
  let text = '';
  parser.on('text', (t) => {
    text += t;
  });
  parser.write(xml).close();
  return text;
}

export interface Decree30Expectations {
  /** "Số: 01/KH-THCP" */
  numberLine: string;
  /** "Mê Linh, ngày 05 tháng 9 năm 2025" */
  dateLine: string;
  /** Further texts the document must show (with their diacritics). */
  texts: readonly string[];
}

/** A DOCX in the Decree 30 format: page, fonts, national title and motto, number and date lines, parseable parts. */
export function expectDecree30Docx(docx: Buffer, e: Decree30Expectations): { xml: string; files: Map<string, Buffer> } {
  const files = readZip(docx);
  const xml = files.get('word/document.xml')?.toString('utf8') ?? '';
  const styles = files.get('word/styles.xml')?.toString('utf8') ?? '';
  expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
  const mar = /<w:pgMar ([^>]*)\/>/u.exec(xml)?.[1] ?? '';
  for (const m of ['w:top="1134"', 'w:bottom="1134"', 'w:left="1701"', 'w:right="850"']) expect(mar).toContain(m);
  const fonts = new Set([...(xml + styles).matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/gu)].map((m) => m[1]));
  expect([...fonts]).toEqual(['Times New Roman']);
  expect(styles).toContain('<w:lang w:val="vi-VN"/>');
  const title = docxParagraph(xml, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(title).toContain('<w:b/>');
  expect(title).toContain('<w:sz w:val="26"/>');
  const motto = docxParagraph(xml, 'Độc lập - Tự do - Hạnh phúc');
  expect(motto).toContain('<w:u w:val="single"/>');
  expect(motto).toContain('<w:sz w:val="28"/>');
  expect(docxParagraph(xml, e.numberLine)).toContain('<w:sz w:val="26"/>');
  const date = docxParagraph(xml, e.dateLine);
  expect(date).toContain('<w:i/>');
  expect(date).not.toContain('<w:b/>');
  for (const name of ['word/document.xml', 'docProps/core.xml', 'word/styles.xml']) parsedXmlText(files.get(name)?.toString('utf8') ?? '');
  const text = parsedXmlText(xml).normalize('NFC');
  for (const s of e.texts) expect(text).toContain(s);
  return { xml, files };
}

export const popplerInstalled = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdffonts');

/** A PDF in the Decree 30 format: A4 pages, its title and date as metadata, every text read back by poppler, only Tinos embedded. */
export async function expectDecree30Pdf(pdf: Buffer, e: Decree30Expectations & { title: string; createdIso: string }): Promise<void> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  for (const page of doc.getPages()) {
    expect(page.getWidth()).toBeCloseTo(595.28, 1);
    expect(page.getHeight()).toBeCloseTo(841.89, 1);
  }
  expect(doc.getTitle()).toBe(e.title);
  expect(doc.getCreationDate()?.toISOString()).toBe(e.createdIso);
  if (!popplerInstalled) return;
  const dir = mkdtempSync(join(tmpdir(), 'chungtay-decree30-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const all = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/[\s\u00a0]+/gu, ' ');
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', e.numberLine, e.dateLine, ...e.texts]) expect(all).toContain(s.replace(/[\s\u00a0]+/gu, ' '));
    const fonts = execFileSync('/usr/bin/pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const line of fonts) {
      const cols = line.trim().split(/\s+/u);
      expect(cols[0]).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)$/u);
      expect(cols.slice(4, 7)).toEqual(['yes', 'yes', 'yes']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
