/**
 * PDF writer for the Decree 30 layout model (`layout.ts`), with pdf-lib and a small text
 * layout engine of its own: word wrapping, justification, first-line indent, bold/italic
 * runs, underline, centred blocks, side-by-side table cells, keep-with-next and
 * widow/orphan control, page numbers centred at the top from page 2, QR images.
 *
 * Fonts: Tinos (metric-compatible with Times New Roman, every Vietnamese glyph) from
 * `@expo-google-fonts/tinos`, embedded as subsets with fixed subset tags.
 *
 * Deterministic: fixed subset names, creation/modification dates = the document's date,
 * fixed producer and creator, no document id — the same input gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import {
  buildMouLayout,
  buildNoticeLayout,
  textWidthMm,
  type Align,
  type Block,
  type CellBlock,
  type DocumentLayout,
  type MouDocumentInput,
  type NoticeDocumentInput,
  type ParagraphBlock,
  type TableBlock,
  type TextRun,
} from './layout.ts';
import { qrImagesOf } from './qr.ts';
import { alignGlyphs } from './ttf-align.ts';

// ---------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------

type StyleKey = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FONT_FILES: Record<StyleKey, { file: string; name: string }> = {
  regular: { file: '400Regular/Tinos_400Regular.ttf', name: 'CTAAAA+Tinos-Regular' },
  bold: { file: '700Bold/Tinos_700Bold.ttf', name: 'CTAAAB+Tinos-Bold' },
  italic: { file: '400Regular_Italic/Tinos_400Regular_Italic.ttf', name: 'CTAAAC+Tinos-Italic' },
  boldItalic: { file: '700Bold_Italic/Tinos_700Bold_Italic.ttf', name: 'CTAAAD+Tinos-BoldItalic' },
};

interface Glyph {
  readonly advanceWidth: number;
  codePoints: number[];
}
interface FontkitFont {
  getGlyph(id: number, codePoints?: number[]): Glyph;
  readonly unitsPerEm: number;
  readonly underlinePosition: number;
  readonly underlineThickness: number;
  layout(text: string, features?: unknown): { glyphs: readonly Glyph[]; positions: readonly unknown[] };
  glyphsForString(text: string): Glyph[];
}

/**
 * Tinos's GSUB has only `ccmp` (composition of combining marks) and `dlig` (off by
 * default), and positions are not used by pdf-lib; so text without combining marks
 * (all NFC Vietnamese) maps one character to its cmap glyph, exactly as a full shaping
 * would, at a fraction of the cost. Anything with a combining mark is shaped in full.
 */
function withFastLayout(font: FontkitFont): FontkitFont {
  // fontkit keeps one glyph object per id, with the characters of its first request. A
  // composite glyph's part (the "A" of "Ả") is first asked for without characters when a
  // document's subset is written; the font being shared, the next document would draw that
  // glyph with no character in its ToUnicode map (shown, but not read back or searched).
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = getGlyph(id, codePoints);
    if (codePoints.length && !glyph.codePoints.length) glyph.codePoints = codePoints;
    return glyph;
  };
  const full = font.layout.bind(font);
  font.layout = (text: string, features?: unknown) =>
    /\p{M}/u.test(text) ? full(text, features) : { glyphs: font.glyphsForString(text), positions: [] };
  return font;
}

interface LoadedFont {
  readonly bytes: Uint8Array;
  readonly metrics: FontkitFont;
  /** Widths at 1 pt, by text. */
  readonly widths: Map<string, number>;
}

const require = createRequire(import.meta.url);
const fontDir = (): string => {
  const pkg = require.resolve('@expo-google-fonts/tinos/package.json');
  return pkg.slice(0, pkg.length - 'package.json'.length);
};

const loaded = new Map<StyleKey, LoadedFont>();

function loadFont(style: StyleKey): LoadedFont {
  let f = loaded.get(style);
  if (!f) {
    // Padded glyphs: see ttf-align.ts (fontkit's subsetter breaks odd-length glyphs).
    const bytes = alignGlyphs(new Uint8Array(readFileSync(fontDir() + FONT_FILES[style].file)));
    const metrics = withFastLayout((fontkit as unknown as { create(b: Uint8Array): FontkitFont }).create(bytes));
    f = { bytes, metrics, widths: new Map() };
    loaded.set(style, f);
  }
  return f;
}

/**
 * A fontkit for pdf-lib that hands out the fonts already parsed for measuring, instead
 * of parsing the 0.5 MB TTFs (and their GSUB/GPOS tables) again for every document: a
 * render goes from ~350 ms to a few tens. fontkit fonts are only read, never changed,
 * by pdf-lib (each document makes its own subset), and every call is synchronous.
 */
const sharedFontkit = {
  create(bytes: Uint8Array): unknown {
    for (const f of loaded.values()) if (f.bytes === bytes) return f.metrics;
    return (fontkit as unknown as { create(b: Uint8Array): unknown }).create(bytes);
  },
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];

/**
 * pdf-lib shapes every string it draws with fontkit (GSUB/GPOS), which is most of the
 * render time; the same words come back again and again, so encode each distinct string
 * once per document (the subset glyph ids are the document's own, so per document).
 */
function memoiseEncoding(font: PDFFont): PDFFont {
  const encode = font.encodeText.bind(font);
  const cache = new Map<string, ReturnType<PDFFont['encodeText']>>();
  font.encodeText = (text: string) => {
    let hex = cache.get(text);
    if (!hex) {
      hex = encode(text);
      cache.set(text, hex);
    }
    return hex;
  };
  return font;
}

const styleOf = (r: Pick<TextRun, 'bold' | 'italic'>): StyleKey =>
  r.bold ? (r.italic ? 'boldItalic' : 'bold') : r.italic ? 'italic' : 'regular';

/** Width of `text` at `size` pt, as drawn (glyph advances, as pdf-lib writes them). */
function widthOf(style: StyleKey, text: string, size: number): number {
  const f = loadFont(style);
  let w = f.widths.get(text);
  if (w === undefined) {
    w = 0;
    for (const g of f.metrics.layout(text).glyphs) w += g.advanceWidth;
    w /= f.metrics.unitsPerEm;
    if (f.widths.size > 50_000) f.widths.clear();
    f.widths.set(text, w);
  }
  return w * size;
}

// ---------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------

const PT_PER_MM = 72 / 25.4;
const mm = (v: number): number => v * PT_PER_MM;
/** Word's "single" line spacing for Times New Roman / Tinos. */
const LINE_FACTOR = 1.15;
/** Tinos ascent (1825/2048). */
const ASCENT = 1825 / 2048;

interface Ctx {
  readonly doc: PDFDocument;
  readonly fonts: Record<StyleKey, PDFFont | undefined>;
  readonly images: Map<string, PDFImage>;
}

const fontFor = (ctx: Ctx, style: StyleKey): PDFFont => {
  const f = ctx.fonts[style];
  if (!f) throw new Error(`Font ${style} was not embedded`);
  return f;
};

/** Something of a given height that can be drawn with its top at `top`. */
interface Box {
  readonly h: number;
  /** Space that is dropped at the top of a page. */
  readonly discardable?: boolean;
  /** Must be on the same page as the next box. */
  readonly keepWithNext?: boolean;
  readonly draw?: (page: PDFPage, x: number, top: number) => void;
}

// ---------------------------------------------------------------------------
// Paragraphs
// ---------------------------------------------------------------------------

interface Frag {
  readonly text: string;
  readonly style: StyleKey;
  readonly underline: boolean;
  readonly w: number;
}

interface Word {
  readonly frags: Frag[];
  w: number;
  /** Width of the space before the word (0 at the start of the paragraph). */
  space: number;
  /** The space before is underlined (inside an underlined run). */
  spaceUnderlined: boolean;
}

function wordsOf(runs: readonly TextRun[], size: number): Word[] {
  const words: Word[] = [];
  let cur: Word | null = null;
  let pendingSpace = 0;
  let pendingUnderline = false;
  for (const run of runs) {
    const style = styleOf(run);
    const text = run.text.normalize('NFC');
    for (const part of text.split(/( +)/u)) {
      if (part === '') continue;
      if (part.startsWith(' ')) {
        cur = null;
        pendingSpace = widthOf(style, ' ', size);
        pendingUnderline = !!run.underline;
        continue;
      }
      const frag: Frag = { text: part, style, underline: !!run.underline, w: widthOf(style, part, size) };
      if (!cur) {
        cur = { frags: [], w: 0, space: words.length === 0 ? 0 : pendingSpace, spaceUnderlined: pendingUnderline };
        words.push(cur);
        pendingSpace = 0;
      }
      cur.frags.push(frag);
      cur.w += frag.w;
    }
  }
  return words;
}

/**
 * Splits a word wider than `max` into pieces that fit: at its last no-break space that fits (a
 * unit name kept together, "X.\u00a0MƯỜNG\u00a0KHIÊNG…", wider than a signature column), else
 * between characters (long URLs, hashes).
 */
function splitWord(word: Word, max: number, size: number): Word[] {
  const out: Word[] = [];
  let piece: Word = { frags: [], w: 0, space: word.space, spaceUnderlined: word.spaceUnderlined };
  for (const f of word.frags) {
    let buf = '';
    for (const ch of Array.from(f.text)) {
      const next = buf + ch;
      const w = widthOf(f.style, next, size);
      if (piece.w + w > max && (buf !== '' || piece.frags.length > 0)) {
        const at = buf.lastIndexOf('\u00a0');
        const head = at > 0 ? buf.slice(0, at) : buf;
        if (head !== '') piece.frags.push({ ...f, text: head, w: widthOf(f.style, head, size) });
        piece.w = piece.frags.reduce((a, x) => a + x.w, 0);
        out.push(piece);
        piece = { frags: [], w: 0, space: 0, spaceUnderlined: false };
        buf = at > 0 ? buf.slice(at + 1) + ch : ch;
      } else {
        buf = next;
      }
    }
    if (buf !== '') {
      const fr = { ...f, text: buf, w: widthOf(f.style, buf, size) };
      piece.frags.push(fr);
      piece.w += fr.w;
    }
  }
  if (piece.frags.length > 0) out.push(piece);
  return out;
}

interface Line {
  readonly words: Word[];
  readonly natural: number;
  readonly indent: number;
}

function breakLines(words: Word[], width: number, indent: number, size: number): Line[] {
  const lines: Line[] = [];
  let cur: Word[] = [];
  let natural = 0;
  let lineIndent = indent;
  const avail = (): number => width - lineIndent;
  const push = (): void => {
    lines.push({ words: cur, natural, indent: lineIndent });
    cur = [];
    natural = 0;
    lineIndent = 0;
  };
  const queue = [...words];
  while (queue.length > 0) {
    const w = queue.shift() as Word;
    const need = (cur.length === 0 ? 0 : w.space) + w.w;
    if (natural + need <= avail() + 0.01) {
      cur.push(cur.length === 0 ? { ...w, space: 0 } : w);
      natural += need;
    } else if (cur.length === 0) {
      // A single word wider than the line.
      queue.unshift(...splitWord({ ...w, space: 0 }, avail(), size));
      const first = queue.shift() as Word;
      cur.push(first);
      natural += first.w;
      push();
    } else {
      // Never start a line with a lone dash ("văn minh - hạnh phúc"): take the word
      // before it along to the next line.
      const loneDash = w.frags.length === 1 && /^[-–—]$/u.test(w.frags[0]?.text ?? '');
      const carried = loneDash && cur.length > 1 ? cur.pop() : undefined;
      if (carried) natural -= carried.space + carried.w;
      push();
      queue.unshift(w);
      if (carried) queue.unshift(carried);
    }
  }
  if (cur.length > 0 || lines.length === 0) push();
  return lines;
}

function paragraphBoxes(p: ParagraphBlock, width: number, ctx: Ctx): Box[] {
  const size = p.sizePt;
  const single = size * LINE_FACTOR;
  const lineH = single * (p.lineSpacing ?? 1);
  // Word puts the extra of a "multiple" line spacing above the text.
  const baselineDrop = lineH - single + ASCENT * size;
  const indent = p.firstLineIndentMm ? mm(p.firstLineIndentMm) : 0;
  const lines = breakLines(wordsOf(p.runs, size), width, indent, size);
  const boxes: Box[] = [];
  if (p.spaceBeforePt) boxes.push({ h: p.spaceBeforePt, discardable: true, keepWithNext: true });
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    // Keep-with-next for headings; widow/orphan control: never one line alone.
    const keep =
      !!p.keepWithNext || (lines.length > 1 && (i === 0 || i === lines.length - 2));
    boxes.push({
      h: lineH,
      keepWithNext: keep,
      draw: (page, x, top) => drawLine(page, ctx, line, p.align, last, x, top - baselineDrop, width, size),
    });
  });
  if (p.spaceAfterPt) boxes.push({ h: p.spaceAfterPt, discardable: true, keepWithNext: !!p.keepWithNext });
  return boxes;
}

function drawLine(
  page: PDFPage,
  ctx: Ctx,
  line: Line,
  align: Align,
  lastLine: boolean,
  x0: number,
  baseline: number,
  width: number,
  size: number,
): void {
  const free = width - line.indent - line.natural;
  let x = x0 + line.indent;
  let extra = 0;
  if (align === 'center') x = x0 + line.indent + free / 2;
  else if (align === 'right') x = x0 + line.indent + free;
  else if (align === 'justify' && !lastLine && line.words.length > 1) extra = free / (line.words.length - 1);

  const underlines: { from: number; to: number; style: StyleKey }[] = [];
  const addUnderline = (from: number, to: number, style: StyleKey): void => {
    const prev = underlines[underlines.length - 1];
    if (prev && Math.abs(prev.to - from) < 0.01) prev.to = to;
    else underlines.push({ from, to, style });
  };
  line.words.forEach((word, i) => {
    if (i > 0) {
      const gap = word.space + extra;
      if (word.spaceUnderlined && word.frags[0]?.underline) addUnderline(x, x + gap, word.frags[0].style);
      x += gap;
    }
    for (const f of word.frags) {
      page.drawText(f.text, { x, y: baseline, size, font: fontFor(ctx, f.style) });
      if (f.underline) addUnderline(x, x + f.w, f.style);
      x += f.w;
    }
  });
  for (const u of underlines) {
    const m = loadFont(u.style).metrics;
    const thickness = Math.max(0.5, (m.underlineThickness / m.unitsPerEm) * size);
    const y = baseline + (m.underlinePosition / m.unitsPerEm) * size;
    page.drawLine({ start: { x: u.from, y }, end: { x: u.to, y }, thickness, color: rgb(0, 0, 0) });
  }
}

// ---------------------------------------------------------------------------
// Other blocks
// ---------------------------------------------------------------------------

function cellBlockBoxes(b: CellBlock, width: number, ctx: Ctx): Box[] {
  switch (b.kind) {
    case 'paragraph':
      return paragraphBoxes(b, width, ctx);
    case 'spacer':
      return [{ h: b.heightPt, discardable: true }];
    case 'rule': {
      const out: Box[] = [];
      if (b.spaceBeforePt) out.push({ h: b.spaceBeforePt, discardable: true, keepWithNext: true });
      const w = mm(b.widthMm);
      out.push({
        h: 2,
        draw: (page, x, top) =>
          page.drawLine({
            start: { x: x + (width - w) / 2, y: top - 0.5 },
            end: { x: x + (width + w) / 2, y: top - 0.5 },
            thickness: 0.6,
            color: rgb(0, 0, 0),
          }),
      });
      if (b.spaceAfterPt) out.push({ h: b.spaceAfterPt, discardable: true });
      return out;
    }
    case 'qr': {
      const img = ctx.images.get(b.url);
      if (!img) throw new Error(`No QR image for ${b.url}`);
      const s = mm(b.sizeMm);
      return [
        {
          h: s + 3,
          draw: (page, x, top) =>
            page.drawImage(img, { x: b.align === 'center' ? x + (width - s) / 2 : x, y: top - 3 - s, width: s, height: s }),
        },
      ];
    }
  }
}

/** Boxes of a list of blocks stacked in a cell (no page breaks inside). */
function stack(blocks: readonly CellBlock[], width: number, ctx: Ctx): { h: number; draw: (page: PDFPage, x: number, top: number) => void } {
  const boxes = blocks.flatMap((b) => cellBlockBoxes(b, width, ctx));
  const h = boxes.reduce((a, b) => a + b.h, 0);
  return {
    h,
    draw: (page, x, top) => {
      let y = top;
      for (const b of boxes) {
        b.draw?.(page, x, y);
        y -= b.h;
      }
    },
  };
}

function tableBoxes(t: TableBlock, ctx: Ctx): Box[] {
  const pad = mm(t.cellPaddingMm);
  const widths = t.columnWidthsMm.map(mm);
  const total = widths.reduce((a, b) => a + b, 0);
  const out: Box[] = [];
  if (t.spaceBeforePt) out.push({ h: t.spaceBeforePt, discardable: true, keepWithNext: true });
  const topPad = t.topBorder ? 4 : 0;
  t.rows.forEach((row, ri) => {
    const cells = row.cells.map((c, i) => stack(c, (widths[i] ?? 0) - 2 * pad, ctx));
    const h = Math.max(0, ...cells.map((c) => c.h)) + (ri === 0 ? topPad : 0);
    out.push({
      h,
      // A header's rows, and a signature block's (titles above, names below), stay on one page.
      keepWithNext: (t.role === 'header' || t.role === 'signatures') && ri < t.rows.length - 1,
      draw: (page, x, top) => {
        if (ri === 0 && t.topBorder) {
          page.drawLine({ start: { x, y: top }, end: { x: x + total, y: top }, thickness: 0.5, color: rgb(0, 0, 0) });
        }
        let cx = x;
        cells.forEach((c, i) => {
          c.draw(page, cx + pad, top - (ri === 0 ? topPad : 0));
          cx += widths[i] ?? 0;
        });
      },
    });
  });
  return out;
}

function bodyBoxes(blocks: readonly Block[], width: number, ctx: Ctx): Box[] {
  return blocks.flatMap((b) => (b.kind === 'table' ? tableBoxes(b, ctx) : cellBlockBoxes(b, width, ctx)));
}

// ---------------------------------------------------------------------------
// Pagination and the document
// ---------------------------------------------------------------------------

function paginate(layout: DocumentLayout, boxes: Box[], ctx: Ctx): PDFPage[] {
  const pg = layout.page;
  const size: [number, number] = [mm(pg.widthMm), mm(pg.heightMm)];
  const left = mm(pg.marginLeftMm);
  const top = size[1] - mm(pg.marginTopMm);
  const bottom = mm(pg.marginBottomMm);
  const pageH = top - bottom;
  const pages: PDFPage[] = [];
  let page = ctx.doc.addPage(size);
  pages.push(page);
  let y = top;
  let atTop = true;
  const newPage = (): void => {
    page = ctx.doc.addPage(size);
    pages.push(page);
    y = top;
    atTop = true;
  };
  for (let i = 0; i < boxes.length; ) {
    const b = boxes[i] as Box;
    if (atTop && b.discardable) {
      i++;
      continue;
    }
    if (!atTop) {
      let k = i;
      let chain = b.h;
      while (boxes[k]?.keepWithNext && k + 1 < boxes.length) {
        k++;
        chain += (boxes[k] as Box).h;
      }
      if (chain > y - bottom + 0.01 && chain <= pageH) {
        newPage();
        continue;
      }
      if (b.h > y - bottom + 0.01) {
        if (b.discardable) i++;
        newPage();
        continue;
      }
    }
    b.draw?.(page, left, y);
    y -= b.h;
    if (!b.discardable) atTop = false;
    i++;
  }
  return pages;
}

function drawPageNumbers(layout: DocumentLayout, pages: PDFPage[], ctx: Ctx): void {
  const pg = layout.page;
  const size = pg.pageNumberSizePt;
  const font = fontFor(ctx, 'regular');
  pages.forEach((page, i) => {
    if (i === 0) return; // Decree 30: no number on the first page.
    const text = String(i + 1);
    const w = widthOf('regular', text, size);
    const left = mm(pg.marginLeftMm);
    const width = mm(textWidthMm(pg));
    page.drawText(text, {
      x: left + (width - w) / 2,
      y: mm(pg.heightMm) - mm(pg.headerDistanceMm) - ASCENT * size,
      size,
      font,
    });
  });
}

function stylesUsed(layout: DocumentLayout): Set<StyleKey> {
  const used = new Set<StyleKey>(['regular']);
  const visit = (b: Block): void => {
    if (b.kind === 'paragraph') for (const r of b.runs) used.add(styleOf(r));
    else if (b.kind === 'table') for (const r of b.rows) for (const c of r.cells) c.forEach(visit);
  };
  layout.body.forEach(visit);
  return used;
}

/** Renders a layout to PDF bytes. */
export async function renderLayoutPdf(layout: DocumentLayout): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(sharedFontkit);
  const fonts: Record<StyleKey, PDFFont | undefined> = {
    regular: undefined,
    bold: undefined,
    italic: undefined,
    boldItalic: undefined,
  };
  for (const style of (['regular', 'bold', 'italic', 'boldItalic'] as const).filter((s) => stylesUsed(layout).has(s))) {
    const font = await doc.embedFont(loadFont(style).bytes, { subset: true, customName: FONT_FILES[style].name });
    fonts[style] = memoiseEncoding(font);
  }
  const images = new Map<string, PDFImage>();
  for (const [url, png] of await qrImagesOf(layout)) images.set(url, await doc.embedPng(png));
  const ctx: Ctx = { doc, fonts, images };

  const pages = paginate(layout, bodyBoxes(layout.body, mm(textWidthMm(layout.page)), ctx), ctx);
  drawPageNumbers(layout, pages, ctx);

  const m = layout.meta;
  const when = new Date(Date.UTC(m.date.year, m.date.month - 1, m.date.day));
  doc.setTitle(m.title, { showInWindowTitleBar: true });
  doc.setAuthor(m.author);
  doc.setSubject(m.subject);
  doc.setKeywords([...m.keywords]);
  doc.setLanguage(m.language);
  doc.setCreator('Chung Tay');
  doc.setProducer('Chung Tay (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const bytes = await doc.save({ useObjectStreams: true, addDefaultPage: false });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function renderMouPdf(input: MouDocumentInput): Promise<Buffer> {
  return renderLayoutPdf(buildMouLayout(input));
}

export function renderNoticePdf(input: NoticeDocumentInput): Promise<Buffer> {
  return renderLayoutPdf(buildNoticeLayout(input));
}
