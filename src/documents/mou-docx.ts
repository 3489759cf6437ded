/**
 * DOCX writer for the Decree 30 layout model (`layout.ts`), with the `docx` library.
 *
 * A4, margins 20/20/30/15 mm, Times New Roman everywhere (document defaults and every
 * run), page numbers centred at the top from page 2 (a different first-page header).
 *
 * Deterministic: the same input gives the same bytes. `docx` stamps the current time
 * into docProps/core.xml and into every zip entry; core.xml is replaced (through the
 * Packer's overrides) by one dated with the document's own date, and the zip entries'
 * DOS dates are rewritten to that date after packing. Image ids are fixed.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
} from 'docx';
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
} from './layout.ts';
import { qrImagesOf } from './qr.ts';
import { setZipEntryDates } from './zip.ts';

export const DOCX_FONT = 'Times New Roman';

/** Millimetres to twips (1/20 pt), rounded to the nearest twip: 20 mm → 1134, 30 mm → 1701, 15 mm → 850. */
export const mmToTwip = (mm: number): number => Math.round((mm * 1440) / 25.4);
const ptToTwip = (pt: number): number => Math.round(pt * 20);
/** docx's image sizes are in pixels at 96 dpi. */
const mmToPx = (mm: number): number => Math.round((mm / 25.4) * 96);

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

interface Ctx {
  readonly qr: Map<string, Buffer>;
  /** A unique, stable id for each drawing (docPr/@id). */
  nextDrawingId: number;
}

function paragraph(p: ParagraphBlock): Paragraph {
  return new Paragraph({
    alignment: ALIGN[p.align],
    ...(p.firstLineIndentMm ? { indent: { firstLine: mmToTwip(p.firstLineIndentMm) } } : {}),
    spacing: {
      before: ptToTwip(p.spaceBeforePt ?? 0),
      after: ptToTwip(p.spaceAfterPt ?? 0),
      line: Math.round(240 * (p.lineSpacing ?? 1)),
      lineRule: LineRuleType.AUTO,
    },
    ...(p.keepWithNext ? { keepNext: true } : {}),
    widowControl: true,
    children: p.runs.map(
      (r) =>
        new TextRun({
          text: r.text,
          font: DOCX_FONT,
          size: Math.round(p.sizePt * 2),
          ...(r.bold ? { bold: true } : {}),
          ...(r.italic ? { italics: true } : {}),
          ...(r.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
        }),
    ),
  });
}

/** An empty paragraph exactly `pt` high. */
const spacer = (pt: number): Paragraph =>
  new Paragraph({
    spacing: { before: 0, after: 0, line: Math.max(ptToTwip(pt), 20), lineRule: LineRuleType.EXACT },
    children: [new TextRun({ text: '', font: DOCX_FONT, size: 2 })],
  });

function block(b: CellBlock, containerMm: number, ctx: Ctx): Paragraph {
  switch (b.kind) {
    case 'paragraph':
      return paragraph(b);
    case 'spacer':
      return spacer(b.heightPt);
    case 'rule': {
      // A short centred line: the top border of an empty paragraph indented on both sides.
      const side = mmToTwip(Math.max(0, (containerMm - b.widthMm) / 2));
      return new Paragraph({
        indent: { left: side, right: side },
        spacing: {
          before: ptToTwip(b.spaceBeforePt ?? 0),
          after: ptToTwip(b.spaceAfterPt ?? 0),
          line: 40,
          lineRule: LineRuleType.EXACT,
        },
        border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
        children: [new TextRun({ text: '', font: DOCX_FONT, size: 2 })],
      });
    }
    case 'qr': {
      const png = ctx.qr.get(b.url);
      if (!png) throw new Error(`No QR image for ${b.url}`);
      const id = ctx.nextDrawingId++;
      const px = mmToPx(b.sizeMm);
      return new Paragraph({
        alignment: b.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: { before: 60, after: 0 },
        children: [
          new ImageRun({
            type: 'png',
            data: png,
            transformation: { width: px, height: px },
            // A fixed id (docx would otherwise take one from a process-wide counter).
            altText: { id: String(id), name: `QR ${id}`, title: 'Mã QR xác thực', description: b.url },
          }),
        ],
      });
    }
  }
}

function table(t: TableBlock, ctx: Ctx): (Paragraph | Table)[] {
  const widths = t.columnWidthsMm.map(mmToTwip);
  const total = widths.reduce((a, b) => a + b, 0);
  const pad = mmToTwip(t.cellPaddingMm);
  const out: (Paragraph | Table)[] = [];
  if (t.spaceBeforePt) out.push(spacer(t.spaceBeforePt));
  out.push(
    new Table({
      width: { size: total, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: {
        top: t.topBorder ? THIN : NO_BORDER,
        bottom: NO_BORDER,
        left: NO_BORDER,
        right: NO_BORDER,
        insideHorizontal: NO_BORDER,
        insideVertical: NO_BORDER,
      },
      margins: { left: pad, right: pad, top: t.topBorder ? 80 : 0, bottom: 0 },
      rows: t.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.cells.map(
              (cell, i) =>
                new TableCell({
                  width: { size: widths[i] ?? 0, type: WidthType.DXA },
                  verticalAlign: VerticalAlignTable.TOP,
                  children:
                    cell.length > 0
                      ? cell.map((b) => block(b, (t.columnWidthsMm[i] ?? 0) - 2 * t.cellPaddingMm, ctx))
                      : [spacer(1)],
                }),
            ),
          }),
      ),
    }),
  );
  return out;
}

function bodyChildren(layout: DocumentLayout, ctx: Ctx): (Paragraph | Table)[] {
  const width = textWidthMm(layout.page);
  const out: (Paragraph | Table)[] = [];
  for (const b of layout.body as readonly Block[]) {
    if (b.kind === 'table') out.push(...table(b, ctx));
    else out.push(block(b, width, ctx));
  }
  // Word wants the body to end with a paragraph, not a table.
  out.push(spacer(1));
  return out;
}

const xmlEscape = (s: string): string =>
  s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

const isoDate = (layout: DocumentLayout): string => {
  const { year, month, day } = layout.meta.date;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`;
};

/** docProps/core.xml without the clock: created = modified = the document's date. */
function coreXml(layout: DocumentLayout): string {
  const m = layout.meta;
  const when = isoDate(layout);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlEscape(m.title)}</dc:title>` +
    `<dc:subject>${xmlEscape(m.subject)}</dc:subject>` +
    `<dc:creator>${xmlEscape(m.author)}</dc:creator>` +
    `<cp:keywords>${xmlEscape(m.keywords.join(', '))}</cp:keywords>` +
    `<dc:language>${m.language}</dc:language>` +
    '<cp:lastModifiedBy>Chung Tay</cp:lastModifiedBy>' +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** Characters XML 1.0 cannot carry at all (controls, U+FFFE/U+FFFF, lone surrogates). */
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The layout with every string made safe for XML: the last defence, whatever got into the text
 * (input refuses control characters, but older rows or other writers may hold them), so Word
 * never meets a document.xml it cannot open. Escaping `&`, `<` … is the docx library's.
 */
export function xmlSafeLayout<T>(value: T): T {
  if (typeof value === 'string') return value.replace(XML_INVALID, '') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => xmlSafeLayout(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafeLayout(v)])) as T;
  }
  return value;
}

/** Renders a layout to DOCX bytes. */
export async function renderLayoutDocx(unsafeLayout: DocumentLayout): Promise<Buffer> {
  const layout = xmlSafeLayout(unsafeLayout);
  const ctx: Ctx = { qr: await qrImagesOf(layout), nextDrawingId: 1 };
  const page = layout.page;
  const size = Math.round(layout.page.pageNumberSizePt * 2);
  const doc = new Document({
    creator: layout.meta.author,
    title: layout.meta.title,
    subject: layout.meta.subject,
    keywords: layout.meta.keywords.join(', '),
    lastModifiedBy: 'Chung Tay',
    revision: 1,
    styles: {
      default: {
        document: {
          run: { font: DOCX_FONT, size: 28, language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: mmToTwip(page.widthMm), height: mmToTwip(page.heightMm), orientation: PageOrientation.PORTRAIT },
            margin: {
              top: mmToTwip(page.marginTopMm),
              bottom: mmToTwip(page.marginBottomMm),
              left: mmToTwip(page.marginLeftMm),
              right: mmToTwip(page.marginRightMm),
              header: mmToTwip(page.headerDistanceMm),
              footer: mmToTwip(page.headerDistanceMm),
              gutter: 0,
            },
          },
        },
        headers: {
          // Decree 30: no number on the first page, then centred at the top.
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: DOCX_FONT, size })],
              }),
            ],
          }),
        },
        children: bodyChildren(layout, ctx),
      },
    ],
  });
  const bytes = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreXml(layout) }]);
  setZipEntryDates(bytes, layout.meta.date);
  return bytes;
}

export function renderMouDocx(input: MouDocumentInput): Promise<Buffer> {
  return renderLayoutDocx(buildMouLayout(input));
}

export function renderNoticeDocx(input: NoticeDocumentInput): Promise<Buffer> {
  return renderLayoutDocx(buildNoticeLayout(input));
}
