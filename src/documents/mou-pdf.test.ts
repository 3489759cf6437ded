import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleNoticeDocumentInput, seedMouDocumentInput } from './fixtures/seed-mou.ts';
import { plainText, verificationUrl, type MouDocumentInput } from './layout.ts';
import { renderMouPdf, renderNoticePdf } from './mou-pdf.ts';
import { alignGlyphs } from './ttf-align.ts';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const signed: MouDocumentInput = {
  ...seedMouDocumentInput,
  signatures: [
    { signatory: 0, signedAt: '2023-03-13T02:30:00Z', versionSha256: 'ab'.repeat(32) },
    { signatory: 1, signedAt: '2023-03-13T02:41:00Z', versionSha256: 'ab'.repeat(32) },
  ],
  verification: { code: 'CT7K-Q29X', url: verificationUrl('https://chungtay.example.vn', 'CT7K-Q29X') },
};

describe('MoU PDF (seed)', () => {
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderMouPdf(seedMouDocumentInput);
  });

  it('is A4, several pages, with fixed metadata dated by the document', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(2);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    expect(doc.getTitle()).toBe('Biên bản ghi nhớ 01/GN-THCP');
    expect(doc.getCreator()).toBe('Chung Tay');
    expect(doc.getProducer()).toBe('Chung Tay (pdf-lib)');
    expect(doc.getCreationDate()?.toISOString()).toBe('2023-03-13T00:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2023-03-13T00:00:00.000Z');
  });

  it('gives the same bytes for the same input', async () => {
    const again = await renderMouPdf(structuredClone(seedMouDocumentInput));
    expect(sha256(again)).toBe(sha256(pdf));
    // The clock must not reach the bytes: render again a day and a second later (a fake
    // clock, only Date: the zip and font code keep their real timers).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-13T09:30:00Z'));
      const s1 = await renderMouPdf(signed);
      vi.setSystemTime(new Date('2026-03-14T09:30:01Z'));
      const s2 = await renderMouPdf(signed);
      expect(sha256(s1)).toBe(sha256(s2));
      expect(sha256(s1)).not.toBe(sha256(pdf));
    } finally {
      vi.useRealTimers();
    }
  });

  it('embeds the QR code once signed', async () => {
    const doc = await PDFDocument.load(await renderMouPdf(signed));
    const hasImage = doc.context
      .enumerateIndirectObjects()
      .some(([, o]) => 'dict' in o && String((o as { dict: { toString(): string } }).dict).includes('/Subtype /Image'));
    expect(hasImage).toBe(true);
  });
});

describe('alignGlyphs (fontkit subset workaround)', () => {
  const require = createRequire(import.meta.url);
  const ttf = new Uint8Array(readFileSync(require.resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf')));
  type F = {
    head: { indexToLocFormat: number };
    loca: { offsets: number[] };
    numGlyphs: number;
    glyphForCodePoint(c: number): { id: number; advanceWidth: number; path: { toSVG(): string } };
  };
  const create = (b: Uint8Array): F => (fontkit as unknown as { create(b: Uint8Array): F }).create(b);

  it('pads every glyph to 4 bytes and keeps the glyphs', () => {
    const before = create(ttf);
    const after = create(alignGlyphs(ttf));
    expect(after.numGlyphs).toBe(before.numGlyphs);
    expect(after.head.indexToLocFormat).toBe(1);
    expect(after.loca.offsets.every((o) => o % 4 === 0)).toBe(true);
    for (const ch of 'TRƯỜNG Ái Mộ Hạnh phúc ỹẫ') {
      const a = before.glyphForCodePoint(ch.codePointAt(0) ?? 0);
      const b = after.glyphForCodePoint(ch.codePointAt(0) ?? 0);
      expect(b.id).toBe(a.id);
      expect(b.advanceWidth).toBe(a.advanceWidth);
      expect(b.path.toSVG()).toBe(a.path.toSVG());
    }
  });
});

const poppler = existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdffonts');

describe.runIf(poppler)('MoU PDF read back with poppler', () => {
  let dir: string;
  let file: string;
  let signedFile: string;
  const run = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
  const text = (f: string, ...args: string[]): string => run('/usr/bin/pdftotext', '-enc', 'UTF-8', ...args, f, '-');
  const flat = (s: string): string => s.normalize('NFC').replace(/[\s\u00a0]+/gu, ' ');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chungtay-pdf-'));
    file = join(dir, 'mou.pdf');
    signedFile = join(dir, 'signed.pdf');
    writeFileSync(file, await renderMouPdf(seedMouDocumentInput));
    writeFileSync(signedFile, await renderMouPdf(signed));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back every word with its diacritics', () => {
    const all = flat(text(file));
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'TRƯỜNG TH CHU PHAN',
      'TRƯỜNG TH ÁI MỘ B',
      'Số: 01/GN-THCP',
      'Mê Linh, ngày 13 tháng 3 năm 2023',
      'BIÊN BẢN GHI NHỚ',
      'THẦY CÔ CÙNG SẺ CHIA TRÁCH NHIỆM"',
      'Hôm nay, ngày 13 tháng 3 năm 2023 tại huyện Mê Linh, TP. Hà Nội, chúng tôi gồm:',
      'TRƯỜNG TH ÁI MỘ B Q. LONG BIÊN',
      'Hoàng Thị Bích Thu',
      'Nguyễn Văn Tuấn',
    ]) {
      expect(all).toContain(s);
    }
    for (const p of seedMouDocumentInput.preamble) expect(all).toContain(plainText(p));
    for (const a of seedMouDocumentInput.articles) {
      expect(all).toContain(`Điều ${a.number}. ${a.title}`);
      for (const c of a.clauses) expect(all).toContain(plainText(c));
    }
  });

  it('puts the page number at the top from page 2, none on page 1', () => {
    const pages = text(file, '-layout').split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const firstLine = (p: string): string => p.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
    expect(firstLine(pages[0] ?? '')).toMatch(/^TRƯỜNG TH CHU PHAN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/u);
    pages.slice(1).forEach((p, i) => expect(firstLine(p)).toBe(String(i + 2)));
  });

  it('embeds Tinos subsets (every glyph in the file)', () => {
    const fonts = run('/usr/bin/pdffonts', file)
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThanOrEqual(3);
    for (const line of fonts) {
      const cols = line.trim().split(/\s+/u);
      expect(cols[0]).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)$/u);
      // name, type (2 words), encoding, emb, sub, uni, object id
      expect(cols.slice(4, 7)).toEqual(['yes', 'yes', 'yes']);
    }
    expect(fonts.some((l) => l.includes('Tinos-Bold '))).toBe(true);
    expect(fonts.some((l) => l.includes('Tinos-Italic '))).toBe(true);
  });

  it('shows the signing status, hash and verification address once signed', () => {
    const all = flat(text(signedFile));
    expect(all).toContain('(Đã ký điện tử)');
    expect(all).toContain('Đã ký điện tử bởi Hoàng Thị Bích Thu');
    expect(all).toContain('ab'.repeat(32));
    expect(all).toContain('Mã xác thực: CT7K-Q29X');
    expect(all).toContain('https://chungtay.example.vn/verify/CT7K-Q29X');
  });

  it('renders a notice in the same format', async () => {
    const f = join(dir, 'notice.pdf');
    writeFileSync(f, await renderNoticePdf(exampleNoticeDocumentInput));
    const all = flat(text(f));
    expect(all).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(all).toContain('Số: 03/TB-THCP');
    expect(all).toContain('Mê Linh, ngày 05 tháng 02 năm 2024');
    expect(all).toContain('Về việc đề nghị bổ sung Biên bản ghi nhớ số 01/GN-THCP ngày 13/03/2023');
    expect(all).toContain('Kính gửi: Trường TH Ái Mộ B quận Long Biên.');
  });
});
