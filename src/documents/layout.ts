/**
 * A small layout model for Vietnamese administrative documents (Decree 30/2020/NĐ-CP,
 * Appendix I), shared by the DOCX and the PDF writers, and the builders that turn an
 * MoU (biên bản ghi nhớ) or a written notice (thông báo bằng văn bản) into it.
 *
 * Pure: plain data in, plain data out. No fonts, no I/O, no clock. All text is
 * NFC-normalised here, so both writers get the same characters.
 *
 * Inline markup in free text (articles, clauses, preamble, reasons): `*italic*` and
 * `**bold**`; `\*` is a literal asterisk.
 */
import {
  formatDateDmy,
  formatDocumentNumber,
  formatPlaceDateLine,
  formatVietnamDateTime,
  formatVietnameseDate,
  type CalendarDate,
} from '../core/vn/date-line.ts';

// ---------------------------------------------------------------------------
// The layout model
// ---------------------------------------------------------------------------

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
}

export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly runs: readonly TextRun[];
  readonly align: Align;
  readonly sizePt: number;
  readonly firstLineIndentMm?: number;
  readonly spaceBeforePt?: number;
  readonly spaceAfterPt?: number;
  /** Line spacing as a multiple of single spacing (1 when absent). */
  readonly lineSpacing?: number;
  /** Keep on the same page as the start of the next block (headings). */
  readonly keepWithNext?: boolean;
}

/** A short centred horizontal line, as under the issuer's name. */
export interface RuleBlock {
  readonly kind: 'rule';
  readonly widthMm: number;
  readonly spaceBeforePt?: number;
  readonly spaceAfterPt?: number;
}

export interface SpacerBlock {
  readonly kind: 'spacer';
  readonly heightPt: number;
}

/** A QR code for `url`, `sizeMm` wide and high. */
export interface QrBlock {
  readonly kind: 'qr';
  readonly url: string;
  readonly sizeMm: number;
  readonly align: 'left' | 'center';
}

export type CellBlock = ParagraphBlock | RuleBlock | SpacerBlock | QrBlock;

export interface TableRow {
  /** One list of blocks per column. */
  readonly cells: readonly (readonly CellBlock[])[];
}

/**
 * A borderless table used for side-by-side blocks (the header, the signatures, the
 * verification footer). A row is never split across pages.
 */
export interface TableBlock {
  readonly kind: 'table';
  readonly role: 'header' | 'signatures' | 'verification' | 'recipients';
  readonly columnWidthsMm: readonly number[];
  /** Inner left/right padding of every cell. */
  readonly cellPaddingMm: number;
  /** A thin line above the table (the verification footer). */
  readonly topBorder?: boolean;
  readonly spaceBeforePt?: number;
  readonly rows: readonly TableRow[];
}

export type Block = ParagraphBlock | RuleBlock | SpacerBlock | QrBlock | TableBlock;

export interface PageSetup {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly marginTopMm: number;
  readonly marginBottomMm: number;
  readonly marginLeftMm: number;
  readonly marginRightMm: number;
  /** Distance from the top edge of the page to the page-number header. */
  readonly headerDistanceMm: number;
  readonly pageNumberSizePt: number;
}

export interface DocumentMeta {
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  readonly keywords: readonly string[];
  readonly language: 'vi-VN';
  /** The document's own date; used as the creation date of the files (no clock). */
  readonly date: CalendarDate;
}

export interface DocumentLayout {
  readonly meta: DocumentMeta;
  readonly page: PageSetup;
  /** Page numbers are shown centred at the top from page 2 (Decree 30). */
  readonly body: readonly Block[];
}

/** A4 with the margins of Decree 30 (top/bottom 20 mm, left 30 mm, right 15 mm). */
export const DECREE_30_PAGE: PageSetup = {
  widthMm: 210,
  heightMm: 297,
  marginTopMm: 20,
  marginBottomMm: 20,
  marginLeftMm: 30,
  marginRightMm: 15,
  headerDistanceMm: 10,
  pageNumberSizePt: 14,
};

export const textWidthMm = (page: PageSetup): number => page.widthMm - page.marginLeftMm - page.marginRightMm;

/** Font sizes (pt) of the parts of a Decree 30 document. */
export const SIZES = {
  issuer: 13,
  nationalTitle: 13,
  motto: 14,
  number: 13,
  dateLine: 14,
  title: 14,
  body: 14,
  signatureTitle: 13,
  signerName: 14,
  recipients: 12,
  recipientsList: 11,
  footer: 10,
} as const;

const BODY_INDENT_MM = 10;
const BODY_SPACE_AFTER_PT = 6;
/** Decree 30 allows single to 1.5 lines; a little more than single reads better. */
const BODY_LINE_SPACING = 1.1;

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

export interface DocumentNumber {
  /** The sequence within the issuer's year; null for a draft not yet numbered. */
  readonly seq: number | null;
  /** The symbol after the slash, e.g. "GN-THCP". */
  readonly symbol: string;
}

export interface Representative {
  /** "Ông", "Bà", "Đồng chí"… (optional). */
  readonly honorific?: string;
  readonly name: string;
  /** "Hiệu trưởng", "Phó Hiệu trưởng", "Chủ tịch Công đoàn"… */
  readonly position: string;
}

export interface SchoolParty {
  /** "Trường TH Chu Phan" */
  readonly name: string;
  /** The administrative unit as of the document's date: "huyện Mê Linh". */
  readonly unitLine: string;
  /** "TH Chu Phan" */
  readonly shortName: string;
  readonly representatives?: readonly Representative[];
}

export interface CampaignRef {
  /** "4340/KH-SGDĐT" */
  readonly number: string;
  /** "Sở GDĐT Hà Nội" */
  readonly issuer: string;
  readonly date: CalendarDate;
  /** "Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm" */
  readonly movementTitle: string;
  /** "2023-2025" */
  readonly phase: string;
}

export interface Article {
  readonly number: number;
  readonly title: string;
  readonly clauses: readonly string[];
  /** Number the clauses "1.", "2."…; defaults to true when there is more than one. */
  readonly numbered?: boolean;
}

export interface Signatory {
  /** As it appears in the signature block: "Trường TH Ái Mộ B Q. Long Biên". */
  readonly schoolName: string;
  readonly title: 'HIỆU TRƯỞNG' | 'PHÓ HIỆU TRƯỞNG' | 'KT. HIỆU TRƯỞNG';
  readonly name: string;
}

export interface SignatureRecord {
  /** Index into `signatories`. */
  readonly signatory: number;
  /** ISO 8601 instant; shown in Vietnam's time. */
  readonly signedAt: string;
  /** SHA-256 (hex) of the exact version signed. */
  readonly versionSha256: string;
  /**
   * A signature made on paper and recorded in the app on the school's behalf: the date
   * under the handwritten signature, who recorded it and when (ISO 8601).
   */
  readonly onPaper?: { readonly signedOn: CalendarDate; readonly recordedBy: string; readonly recordedAt: string };
}

export interface Verification {
  readonly code: string;
  /** `${publicUrl}/verify/${code}` — see `verificationUrl`. */
  readonly url: string;
}

export interface MouDocumentInput {
  readonly number: DocumentNumber;
  /** Place in the date line: "Mê Linh". */
  readonly place: string;
  /** Where the meeting took place, in the body: "huyện Mê Linh, TP. Hà Nội" (defaults to place). */
  readonly venue?: string;
  readonly date: CalendarDate;
  /** The parties, in the order of the title and of "chúng tôi gồm". */
  readonly schools: readonly SchoolParty[];
  readonly campaign: CampaignRef;
  /** "Căn cứ…" paragraphs. */
  readonly preamble: readonly string[];
  /** Sentence after the parties; defaults to the seed's wording built from the campaign. */
  readonly agreementLine?: string;
  readonly articles: readonly Article[];
  /** Signature blocks, left to right. */
  readonly signatories: readonly Signatory[];
  readonly signatures?: readonly SignatureRecord[];
  readonly verification?: Verification;
  /** Replaces the generated title lines (first line is the document type). */
  readonly titleLines?: readonly string[];
}

export type NoticeKind = 'amend' | 'supplement' | 'cancel';

export interface NoticeDocumentInput {
  readonly number: DocumentNumber;
  readonly place: string;
  readonly date: CalendarDate;
  readonly kind: NoticeKind;
  /** The school sending the notice (the issuer). */
  readonly sender: SchoolParty;
  /** The other party. */
  readonly recipient: SchoolParty;
  /** The MoU the notice is about. */
  readonly mou: { readonly number: string; readonly date: CalendarDate; readonly campaign: CampaignRef };
  /** One or more paragraphs. */
  readonly reason: readonly string[];
  /** The proposed text (amend/supplement), one paragraph per entry. */
  readonly proposedText: readonly string[];
  /** For a cancellation: the date the MoU ends. */
  readonly effectiveDate?: CalendarDate;
  readonly signatory: Signatory;
  readonly signatures?: readonly SignatureRecord[];
  readonly verification?: Verification;
}

/** The public verification address for a code: `${publicUrl}/verify/${code}`. */
export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/u, '')}/verify/${encodeURIComponent(code)}`;
}

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

const nfc = (s: string): string => s.normalize('NFC');
/** NFC, whitespace collapsed, trimmed: every text of a document goes through it. */
export const clean = (s: string): string => nfc(s).replace(/[ \t\r\n]+/gu, ' ').trim();
export const upper = (s: string): string => clean(s).toLocaleUpperCase('vi-VN');

/** Parses `*italic*` / `**bold**` markup into runs (NFC, whitespace collapsed). */
export function parseInline(text: string, base: Omit<TextRun, 'text'> = {}): TextRun[] {
  const src = clean(text);
  const runs: TextRun[] = [];
  let bold = false;
  let italic = false;
  let buf = '';
  const flush = (): void => {
    if (buf === '') return;
    const b = (base.bold ?? false) !== bold;
    const i = (base.italic ?? false) !== italic;
    runs.push({
      text: buf,
      ...(b ? { bold: true } : {}),
      ...(i ? { italic: true } : {}),
      ...(base.underline ? { underline: true } : {}),
    });
    buf = '';
  };
  for (let k = 0; k < src.length; k++) {
    const ch = src[k];
    if (ch === '\\' && src[k + 1] === '*') {
      buf += '*';
      k++;
    } else if (ch === '*' && src[k + 1] === '*') {
      flush();
      bold = !bold;
      k++;
    } else if (ch === '*') {
      flush();
      italic = !italic;
    } else {
      buf += ch;
    }
  }
  flush();
  return mergeRuns(runs);
}

/** Plain text of some markup (for metadata and hashes). */
export const plainText = (text: string): string =>
  parseInline(text)
    .map((r) => r.text)
    .join('');

function mergeRuns(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && !!last.bold === !!r.bold && !!last.italic === !!r.italic && !!last.underline === !!r.underline) {
      out[out.length - 1] = { ...last, text: last.text + r.text };
    } else {
      out.push(r);
    }
  }
  return out;
}

function para(
  runs: TextRun[] | string,
  opts: Partial<Omit<ParagraphBlock, 'kind' | 'runs'>> & { style?: Omit<TextRun, 'text'> } = {},
): ParagraphBlock {
  const { style, ...rest } = opts;
  const r = typeof runs === 'string' ? [{ text: clean(runs), ...style }] : runs;
  return { kind: 'paragraph', align: 'justify', sizePt: SIZES.body, runs: r, ...rest };
}

/** A body paragraph: justified, first line indented, Decree 30 spacing (shared by every document). */
export const bodyPara = (text: string | TextRun[], extra: Partial<ParagraphBlock> = {}): ParagraphBlock =>
  para(typeof text === 'string' ? parseInline(text) : text, {
    align: 'justify',
    firstLineIndentMm: BODY_INDENT_MM,
    spaceAfterPt: BODY_SPACE_AFTER_PT,
    lineSpacing: BODY_LINE_SPACING,
    ...extra,
  });

const italicPara = (text: string): ParagraphBlock => bodyPara(parseInline(text, { italic: true }));

export const centred = (text: string, style: Omit<TextRun, 'text'>, sizePt: number, extra: Partial<ParagraphBlock> = {}): ParagraphBlock =>
  para([{ text: clean(text), ...style }], { align: 'center', sizePt, ...extra });

// ---------------------------------------------------------------------------
// Shared parts: header, signatures, verification footer
// ---------------------------------------------------------------------------

const HEADER_COLUMNS_MM = [62, 103] as const;

/**
 * The Decree 30 header: issuers top left (capitals, bold, a short line below), the
 * national title and motto top right; then the number (left) and the italic
 * place-and-date line (right).
 */
export function headerTable(issuers: readonly string[], number: DocumentNumber, place: string, date: CalendarDate): TableBlock {
  const left: CellBlock[] = issuers.map((name) => centred(upper(name), { bold: true }, SIZES.issuer));
  left.push({ kind: 'rule', widthMm: 22, spaceBeforePt: 4 });
  const right: CellBlock[] = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }, SIZES.nationalTitle),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true }, SIZES.motto),
  ];
  return {
    kind: 'table',
    role: 'header',
    columnWidthsMm: HEADER_COLUMNS_MM,
    cellPaddingMm: 0,
    rows: [
      { cells: [left, right] },
      {
        cells: [
          [centred(formatDocumentNumber(number.seq, number.symbol), {}, SIZES.number, { spaceBeforePt: 6 })],
          [centred(formatPlaceDateLine(place, date), { italic: true }, SIZES.dateLine, { spaceBeforePt: 6 })],
        ],
      },
    ],
  };
}

/**
 * Joins the administrative unit at the end of a name with no-break spaces, so that a
 * line too long for its column breaks before it: "TRƯỜNG TH ÁI MỘ B" / "Q. LONG BIÊN".
 */
export function keepUnitTogether(name: string): string {
  const m = /^(.*\S)\s+((?:Q|H|TX|TP|P|X|TT|QUẬN|HUYỆN|THỊ XÃ|THÀNH PHỐ|PHƯỜNG|XÃ|THỊ TRẤN)\.?\s+\S.*)$/iu.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined) return name;
  return `${m[1]} ${m[2].replace(/ /gu, '\u00a0')}`;
}

/**
 * "ĐẠI DIỆN / TRƯỜNG … / HIỆU TRƯỞNG / (status) / name" for an MoU party; a notice,
 * whose issuer is already in the header, shows only "HIỆU TRƯỞNG / (status) / name".
 */
function signatureCell(s: Signatory, signed: SignatureRecord | undefined, mode: 'party' | 'issuer'): CellBlock[] {
  const cell: CellBlock[] = [];
  if (mode === 'party') {
    cell.push(centred('ĐẠI DIỆN', { bold: true }, SIZES.signatureTitle));
    cell.push(centred(keepUnitTogether(upper(s.schoolName)), { bold: true }, SIZES.signatureTitle));
  }
  cell.push(centred(upper(s.title), { bold: true }, SIZES.signatureTitle, mode === 'issuer' ? { spaceBeforePt: 6 } : {}));
  if (signed?.onPaper) {
    cell.push({ kind: 'spacer', heightPt: 18 });
    cell.push(centred('(Xác nhận trên giấy)', { italic: true }, 12));
    cell.push(centred(`ký ngày ${formatDateDmy(signed.onPaper.signedOn)}`, { italic: true }, 12));
    cell.push({ kind: 'spacer', heightPt: 18 });
  } else if (signed) {
    cell.push({ kind: 'spacer', heightPt: 18 });
    cell.push(centred('(Đã ký điện tử)', { italic: true }, 12));
    cell.push(centred(formatVietnamDateTime(signed.signedAt), { italic: true }, 12));
    cell.push({ kind: 'spacer', heightPt: 18 });
  } else {
    // Room for a handwritten signature and the seal.
    cell.push({ kind: 'spacer', heightPt: 80 });
  }
  cell.push(centred(clean(s.name), { bold: true }, SIZES.signerName));
  return cell;
}

/**
 * The parties' signature blocks, two side by side per table (a group of three or more
 * gets further rows; an odd last one is centred on its own).
 */
export function signatureTables(signatories: readonly Signatory[], signatures: readonly SignatureRecord[] | undefined): TableBlock[] {
  const total = 165;
  const tables: TableBlock[] = [];
  for (let start = 0; start < signatories.length; start += 2) {
    const group = signatories.slice(start, start + 2);
    tables.push({
      kind: 'table',
      role: 'signatures',
      columnWidthsMm: group.map(() => total / group.length),
      cellPaddingMm: 2,
      spaceBeforePt: start === 0 ? 12 : 18,
      rows: [
        {
          cells: group.map((s, k) =>
            signatureCell(
              s,
              signatures?.find((r) => r.signatory === start + k),
              'party',
            ),
          ),
        },
      ],
    });
  }
  return tables;
}

export function verificationFooter(
  signatories: readonly Signatory[],
  signatures: readonly SignatureRecord[] | undefined,
  verification: Verification | undefined,
): Block[] {
  const sigs = [...(signatures ?? [])].sort((a, b) => a.signatory - b.signatory);
  if (sigs.length === 0 && !verification) return [];
  const text: CellBlock[] = [];
  const line = (runs: TextRun[]): ParagraphBlock =>
    para(runs, { align: 'left', sizePt: SIZES.footer, spaceAfterPt: 2 });
  for (const s of sigs) {
    const who = signatories[s.signatory];
    if (!who) throw new RangeError(`Signature for unknown signatory ${s.signatory}`);
    const role = ` (${clean(who.title).toLocaleLowerCase('vi-VN').replace(/^./u, (c) => c.toLocaleUpperCase('vi-VN'))}, ${clean(who.schoolName)})`;
    if (s.onPaper) {
      text.push(
        line([
          { text: 'Xác nhận trên giấy: ' },
          { text: clean(who.name), bold: true },
          { text: `${role} ký ngày ${formatDateDmy(s.onPaper.signedOn)}; ghi nhận bởi ${clean(s.onPaper.recordedBy)} lúc ${formatVietnamDateTime(s.onPaper.recordedAt)}` },
        ]),
      );
      continue;
    }
    text.push(
      line([
        { text: 'Đã ký điện tử bởi ' },
        { text: clean(who.name), bold: true },
        { text: ` (${clean(who.title).toLocaleLowerCase('vi-VN').replace(/^./u, (c) => c.toLocaleUpperCase('vi-VN'))}, ${clean(who.schoolName)}) lúc ${formatVietnamDateTime(s.signedAt)}` },
      ]),
    );
  }
  const hashes = [...new Set(sigs.map((s) => s.versionSha256.toLowerCase()))];
  for (const h of hashes) {
    text.push(line([{ text: hashes.length === 1 ? 'SHA-256 của phiên bản đã ký: ' : 'SHA-256 của một phiên bản đã ký: ' }, { text: h }]));
  }
  if (verification) {
    text.push(line([{ text: 'Mã xác thực: ' }, { text: clean(verification.code), bold: true }]));
    text.push(line([{ text: 'Kiểm tra tại: ' }, { text: nfc(verification.url) }]));
  }
  const qrSize = 22;
  const cells: CellBlock[][] = verification
    ? [[{ kind: 'qr', url: nfc(verification.url), sizeMm: qrSize, align: 'left' }], text]
    : [text];
  return [
    {
      kind: 'table',
      role: 'verification',
      columnWidthsMm: verification ? [qrSize + 4, 165 - qrSize - 4] : [165],
      cellPaddingMm: 0,
      topBorder: true,
      spaceBeforePt: 12,
      rows: [{ cells }],
    },
  ];
}

/** "Trường TH Ái Mộ B quận Long Biên"; the name alone when the school has no unit line (no stray space). */
export const partyTitle = (s: SchoolParty): string => [clean(s.name), clean(s.unitLine)].filter(Boolean).join(' ');

function representativesBlocks(s: SchoolParty): ParagraphBlock[] {
  return (s.representatives ?? []).map((r) =>
    bodyPara([{ text: `- ${r.honorific ? `${clean(r.honorific)} ` : ''}${clean(r.name)}, ${clean(r.position)};` }], {
      spaceAfterPt: 3,
    }),
  );
}

export function keepLastWithNext(body: Block[]): void {
  const last = body[body.length - 1];
  if (last?.kind === 'paragraph') body[body.length - 1] = { ...last, keepWithNext: true };
}

/** "A", "A và B", "A, B và C" */
export const joinVi = (parts: readonly string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} và ${parts[parts.length - 1] ?? ''}`;

// ---------------------------------------------------------------------------
// MoU
// ---------------------------------------------------------------------------

/** Splits "A - B" after the dash, as the seed sets the movement's name on two lines. */
function splitMovement(title: string): string[] {
  const t = upper(title);
  const k = t.indexOf(' - ');
  if (k < 0) return [`"${t}"`];
  return [`"${t.slice(0, k)} -`, `${t.slice(k + 3)}"`];
}

export function mouTitleLines(input: MouDocumentInput): string[] {
  if (input.titleLines && input.titleLines.length > 0) return input.titleLines.map(clean);
  const lines = ['BIÊN BẢN GHI NHỚ', 'GIỮA'];
  input.schools.forEach((s, i) => {
    if (i > 0) lines.push(i === input.schools.length - 1 ? 'VÀ' : ',');
    lines.push(upper(partyTitle(s)));
  });
  // "," markers (groups of three or more) join onto the previous line.
  const joined: string[] = [];
  for (const l of lines) {
    if (l === ',' && joined.length > 0) joined[joined.length - 1] += ',';
    else joined.push(l);
  }
  joined.push('VỀ', 'CHƯƠNG TRÌNH KẾT NGHĨA, TRIỂN KHAI PHONG TRÀO', ...splitMovement(input.campaign.movementTitle));
  joined.push(`GIAI ĐOẠN ${upper(input.campaign.phase)}`);
  joined.push(`THÁNG ${input.date.month} NĂM ${input.date.year}`);
  return joined;
}

/**
 * The bases of the seed MoU, built from the campaign: used when an MoU has no preamble
 * of its own (the campaign's template usually provides one).
 */
export function defaultMouPreamble(c: CampaignRef, schoolCount = 2): string[] {
  const parties = schoolCount === 2 ? 'hai nhà trường' : 'các nhà trường';
  return [
    `Căn cứ Kế hoạch số ${clean(c.number)} ngày ${formatDateDmy(c.date)} của ${clean(c.issuer)} về việc tổ chức phong trào ` +
      `"${clean(c.movementTitle)}" giai đoạn ${clean(c.phase)};`,
    `Căn cứ vào nhu cầu, năng lực và nguyện vọng của ${parties},`,
  ];
}

function defaultAgreementLine(c: CampaignRef): string {
  const phase = clean(c.phase).replace(/\s*[-–]\s*/u, ' - ');
  return (
    'Đã tiến hành trao đổi và đồng thuận nhất trí ký kết Biên bản ghi nhớ về Chương trình kết nghĩa, ' +
    `triển khai phong trào "*${clean(c.movementTitle)}*" giai đoạn ${phase}, cụ thể:`
  );
}

function articleBlocks(a: Article): ParagraphBlock[] {
  const out: ParagraphBlock[] = [
    bodyPara([{ text: `Điều ${a.number}. `, bold: true }, ...parseInline(a.title, { bold: true })], {
      keepWithNext: true,
      spaceBeforePt: 6,
    }),
  ];
  const numbered = a.numbered ?? a.clauses.length > 1;
  a.clauses.forEach((c, i) => {
    const runs = parseInline(c);
    out.push(bodyPara(numbered ? [{ text: `${i + 1}. ` }, ...runs] : runs));
  });
  return out;
}

export function buildMouLayout(input: MouDocumentInput): DocumentLayout {
  if (input.schools.length < 2) throw new RangeError('An MoU needs at least two schools');
  if (input.signatories.length < 1) throw new RangeError('An MoU needs signatories');
  const body: Block[] = [];
  body.push(headerTable(input.schools.map((s) => s.name), input.number, input.place, input.date));

  const title = mouTitleLines(input);
  title.forEach((line, i) =>
    body.push(
      centred(line, { bold: true }, SIZES.title, {
        spaceBeforePt: i === 0 ? 24 : 0,
        spaceAfterPt: i === title.length - 1 ? 12 : 0,
        keepWithNext: true,
      }),
    ),
  );

  // Decree 30: the bases ("Căn cứ…") are in italics, one per line, ending with ";" and the last with ",".
  const preamble = input.preamble.length > 0 ? input.preamble : defaultMouPreamble(input.campaign, input.schools.length);
  for (const p of preamble) body.push(bodyPara(parseInline(p, { italic: true })));
  body.push(
    bodyPara(
      `Hôm nay, ${formatVietnameseDate(input.date)} tại ${clean(input.venue ?? input.place)}, chúng tôi gồm:`,
    ),
  );
  for (const s of input.schools) {
    body.push(
      bodyPara([{ text: `* ĐẠI DIỆN LÃNH ĐẠO ${keepUnitTogether(upper(partyTitle(s)))}`, bold: true }], {
        keepWithNext: true,
        align: 'left',
      }),
    );
    body.push(...representativesBlocks(s));
  }
  body.push(bodyPara(input.agreementLine ?? defaultAgreementLine(input.campaign)));
  for (const a of input.articles) body.push(...articleBlocks(a));

  keepLastWithNext(body); // the signatures never stand alone on a page
  body.push(...signatureTables(input.signatories, input.signatures));
  body.push(...verificationFooter(input.signatories, input.signatures, input.verification));

  const names = input.schools.map((s) => clean(s.name));
  const num = formatDocumentNumber(input.number.seq, input.number.symbol).replace(/^Số:\s*/u, '');
  return {
    meta: {
      title: `Biên bản ghi nhớ ${num}`,
      subject: `Biên bản ghi nhớ giữa ${joinVi(names)} về Chương trình kết nghĩa giai đoạn ${clean(input.campaign.phase)}`,
      author: joinVi(names),
      keywords: ['Biên bản ghi nhớ', 'kết nghĩa', clean(input.campaign.number)],
      language: 'vi-VN',
      date: input.date,
    },
    page: DECREE_30_PAGE,
    body,
  };
}

// ---------------------------------------------------------------------------
// Written notice (Thông báo bằng văn bản, Điều 5 of the MoU)
// ---------------------------------------------------------------------------

const NOTICE_VERB: Record<NoticeKind, string> = {
  amend: 'sửa đổi',
  supplement: 'bổ sung',
  cancel: 'hủy bỏ',
};

export function buildNoticeLayout(input: NoticeDocumentInput): DocumentLayout {
  const verb = NOTICE_VERB[input.kind];
  const mouRef = `Biên bản ghi nhớ số ${clean(input.mou.number)} ngày ${formatDateDmy(input.mou.date)}`;
  const sender = partyTitle(input.sender);
  const recipient = partyTitle(input.recipient);
  const body: Block[] = [];
  body.push(headerTable([input.sender.name], input.number, input.place, input.date));

  body.push(centred('THÔNG BÁO', { bold: true }, SIZES.title, { spaceBeforePt: 24, keepWithNext: true }));
  body.push(centred(`Về việc đề nghị ${verb} ${mouRef}`, { bold: true }, SIZES.title, { keepWithNext: true }));
  body.push({ kind: 'rule', widthMm: 40, spaceBeforePt: 5, spaceAfterPt: 12 });
  body.push(centred(`Kính gửi: ${recipient}.`, {}, SIZES.body, { spaceAfterPt: 12 }));

  const c = input.mou.campaign;
  body.push(
    italicPara(
      `Căn cứ ${mouRef} giữa ${sender} và ${recipient} về Chương trình kết nghĩa, triển khai phong trào ` +
        `"*${clean(c.movementTitle)}*" giai đoạn ${clean(c.phase)};`,
    ),
  );
  body.push(
    italicPara(
      'Căn cứ quy định của Biên bản ghi nhớ: trong trường hợp một trong hai bên có ý định yêu cầu sửa đổi, ' +
        'bổ sung hoặc hủy bỏ cam kết thì thông báo cho bên kia bằng văn bản,',
    ),
  );
  body.push(bodyPara(`${sender} trân trọng thông báo đề nghị ${verb} ${mouRef} nêu trên, cụ thể như sau:`));

  body.push(bodyPara([{ text: '1. Lý do', bold: true }, { text: ':' }], { keepWithNext: true }));
  for (const r of input.reason) body.push(bodyPara(r));
  if (input.kind === 'cancel') {
    const when = input.effectiveDate ?? input.date;
    body.push(bodyPara([{ text: '2. Thời điểm chấm dứt', bold: true }, { text: `: ${formatVietnameseDate(when)}.` }]));
    for (const p of input.proposedText) body.push(bodyPara(p));
  } else {
    body.push(
      bodyPara([{ text: `2. Nội dung đề nghị ${verb}`, bold: true }, { text: ':' }], { keepWithNext: true }),
    );
    for (const p of input.proposedText) body.push(bodyPara(p));
  }
  body.push(
    bodyPara(`Đề nghị ${recipient} xem xét, phản hồi bằng văn bản để hai bên cùng thống nhất thực hiện./.`),
  );

  keepLastWithNext(body);
  const recipients: CellBlock[] = [
    para([{ text: 'Nơi nhận:', bold: true, italic: true }], { align: 'left', sizePt: SIZES.recipients, spaceBeforePt: 6 }),
    para('- Như trên;', { align: 'left', sizePt: SIZES.recipientsList }),
    para('- Lưu: VT.', { align: 'left', sizePt: SIZES.recipientsList }),
  ];
  const sig = signatureCell(input.signatory, input.signatures?.find((s) => s.signatory === 0), 'issuer');
  body.push({
    kind: 'table',
    role: 'signatures',
    columnWidthsMm: [75, 90],
    cellPaddingMm: 0,
    spaceBeforePt: 12,
    rows: [{ cells: [recipients, sig] }],
  });
  body.push(...verificationFooter([input.signatory], input.signatures, input.verification));

  return {
    meta: {
      title: `Thông báo ${formatDocumentNumber(input.number.seq, input.number.symbol).replace(/^Số:\s*/u, '')}`,
      subject: `Thông báo đề nghị ${verb} ${mouRef}`,
      author: clean(input.sender.name),
      keywords: ['Thông báo', 'Biên bản ghi nhớ', verb],
      language: 'vi-VN',
      date: input.date,
    },
    page: DECREE_30_PAGE,
    body,
  };
}
