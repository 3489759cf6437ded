/**
 * The PDF renderer parses each font once per process and shares it between documents. A
 * document whose composite glyphs (Ả, Ữ…) pull their parts ("A", "U"…) into its subset must
 * not leave those glyphs without their characters for the next document: its text would
 * still show but no longer read back (copy, search, screen readers). Its own file, so that
 * the first document rendered in the process is that one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedMouDocumentInput } from './fixtures/seed-mou.ts';
import { DECREE_30_PAGE } from './layout.ts';
import { renderLayoutPdf, renderMouPdf } from './mou-pdf.ts';

const poppler = existsSync('/usr/bin/pdftotext');

describe.runIf(poppler)('a PDF rendered after another one', () => {
  it('reads back every word with its diacritics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chungtay-pdf-'));
    try {
      await renderLayoutPdf({
        meta: { title: 'x', subject: 'x', author: 'x', keywords: [], language: 'vi-VN', date: { year: 2023, month: 10, day: 25 } },
        page: DECREE_30_PAGE,
        body: [{ kind: 'paragraph', runs: [{ text: 'BẢN CHỤP DỮ LIỆU Trường chương', bold: true }], align: 'left', sizePt: 14 }],
      });
      const file = join(dir, 'after.pdf');
      writeFileSync(file, await renderMouPdf(seedMouDocumentInput));
      const all = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/gu, ' ');
      for (const s of ['TRƯỜNG TH CHU PHAN', 'TRƯỜNG TH ÁI MỘ B', 'Độc lập - Tự do - Hạnh phúc', 'BIÊN BẢN GHI NHỚ']) expect(all).toContain(s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
