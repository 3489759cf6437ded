/**
 * The yearly plan of a pair (Kế hoạch năm học) in the Decree 30 layout model shared with the
 * MoU, the written notice and the hand-over minutes (`layout.ts`: the header with the number
 * "Số: 01/KH-THCP" and the date line, body paragraphs, the parties' signature blocks and the
 * footer of electronic approvals); the same DOCX and PDF writers render it. Pure.
 */
import { formatDateDmy, formatDocumentNumber, type CalendarDate } from '../core/vn/date-line.ts';
import { goalLine, monthLabelVi, planMonths, type PlanGoal } from '../core/plans/plan.ts';
import {
  DECREE_30_PAGE,
  SIZES,
  bodyPara,
  centred,
  clean,
  headerTable,
  joinVi,
  keepLastWithNext,
  parseInline,
  partyTitle,
  signatureTables,
  verificationFooter,
  type Block,
  type CampaignRef,
  type DocumentLayout,
  type DocumentNumber,
  type SchoolParty,
  type Signatory,
  type SignatureRecord,
} from './layout.ts';
import { renderLayoutDocx } from './mou-docx.ts';
import { renderLayoutPdf } from './mou-pdf.ts';

export interface PlanDocumentItem {
  /** "2025-10" */
  readonly month: string;
  /** The kind's name: "Chuyên đề". */
  readonly kind: string;
  readonly title: string;
  /** The host school's name. */
  readonly host: string;
  readonly responsible: string;
  readonly note: string;
}

export interface PlanDocumentInput {
  readonly number: DocumentNumber;
  readonly place: string;
  readonly date: CalendarDate;
  /** "2025-2026" */
  readonly schoolYear: string;
  /** The parties, in the order of the title. */
  readonly schools: readonly SchoolParty[];
  readonly campaign: CampaignRef;
  /** The MoU the plan carries out, once numbered. */
  readonly mou: { readonly number: string; readonly date: CalendarDate } | null;
  readonly goals: readonly PlanGoal[];
  readonly items: readonly PlanDocumentItem[];
  /** "Tổ chức thực hiện" paragraphs; a standard one when empty. */
  readonly closing: readonly string[];
  /** Signature blocks, left to right. */
  readonly signatories: readonly Signatory[];
  /** Each leader's approval in the app (shown as the MoU shows electronic signatures). */
  readonly approvals?: readonly SignatureRecord[];
}

const heading = (text: string): Block => bodyPara([{ text, bold: true }], { keepWithNext: true, spaceBeforePt: 6, firstLineIndentMm: 0 });

export function buildPlanLayout(input: PlanDocumentInput): DocumentLayout {
  if (input.schools.length < 2) throw new RangeError('A plan needs at least two schools');
  if (input.goals.length === 0) throw new RangeError('A plan needs at least one goal');
  const names = input.schools.map((s) => clean(s.name));
  const parties = joinVi(input.schools.map(partyTitle));
  const body: Block[] = [];
  body.push(headerTable(names, input.number, input.place, input.date));

  body.push(centred('KẾ HOẠCH', { bold: true }, SIZES.title, { spaceBeforePt: 24, keepWithNext: true }));
  body.push(centred(`Thực hiện Chương trình kết nghĩa năm học ${clean(input.schoolYear)}`, { bold: true }, SIZES.title, { keepWithNext: true }));
  body.push(centred(`giữa ${joinVi(names)}`, { bold: true }, SIZES.title, { keepWithNext: true }));
  body.push({ kind: 'rule', widthMm: 40, spaceBeforePt: 5, spaceAfterPt: 12 });

  // Decree 30: the bases in italics, each ending with ";", the last with ",".
  const c = input.campaign;
  const bases = [
    `Căn cứ Kế hoạch số ${clean(c.number)} ngày ${formatDateDmy(c.date)} của ${clean(c.issuer)} về việc tổ chức phong trào "${clean(c.movementTitle)}" giai đoạn ${clean(c.phase)};`,
    ...(input.mou ? [`Căn cứ Biên bản ghi nhớ số ${clean(input.mou.number)} ngày ${formatDateDmy(input.mou.date)} giữa ${parties} về Chương trình kết nghĩa;`] : []),
  ];
  bases[bases.length - 1] = bases[bases.length - 1]!.replace(/;$/u, ',');
  for (const b of bases) body.push(bodyPara(parseInline(b, { italic: true })));
  body.push(bodyPara(`${parties} thống nhất xây dựng Kế hoạch thực hiện Chương trình kết nghĩa năm học ${clean(input.schoolYear)} như sau:`));

  body.push(heading('I. MỤC TIÊU'));
  input.goals.forEach((g, i) => body.push(bodyPara([{ text: `${i + 1}. ` }, ...parseInline(goalLine(g))])));

  body.push(heading('II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN'));
  if (input.items.length === 0) body.push(bodyPara('(Chưa có hoạt động nào được lên kế hoạch.)'));
  let n = 0;
  for (const month of planMonths(input.schoolYear)) {
    const items = input.items.filter((it) => it.month === month);
    if (items.length === 0) continue;
    body.push(bodyPara([{ text: monthLabelVi(month), bold: true, italic: true }], { keepWithNext: true }));
    for (const it of items) {
      n += 1;
      const note = clean(it.note);
      body.push(
        bodyPara([
          { text: `${n}. ` },
          { text: clean(it.title), bold: true },
          { text: ` (${clean(it.kind)}). Đơn vị chủ trì: ${clean(it.host)}. Người phụ trách: ${clean(it.responsible)}.${note ? ` ${note}` : ''}` },
        ]),
      );
    }
  }

  body.push(heading('III. TỔ CHỨC THỰC HIỆN'));
  const closing = input.closing.length
    ? input.closing
    : [
        'Ban chỉ đạo chương trình kết nghĩa của hai nhà trường chỉ đạo, phân công cán bộ, giáo viên thực hiện các nội dung của Kế hoạch; định kỳ trao đổi thông tin, sơ kết sau mỗi học kỳ và tổng kết cuối năm học.',
        'Trong quá trình thực hiện, nếu có nội dung cần điều chỉnh, hai bên trao đổi, thống nhất và ban hành kế hoạch điều chỉnh./.',
      ];
  for (const p of closing) body.push(bodyPara(p));

  keepLastWithNext(body); // the signatures never stand alone on a page
  body.push(...signatureTables(input.signatories, input.approvals));
  body.push(...verificationFooter(input.signatories, input.approvals, undefined));

  const num = formatDocumentNumber(input.number.seq, input.number.symbol).replace(/^Số:\s*/u, '');
  return {
    meta: {
      title: `Kế hoạch ${num}`,
      subject: `Kế hoạch thực hiện Chương trình kết nghĩa năm học ${clean(input.schoolYear)} giữa ${joinVi(names)}`,
      author: joinVi(names),
      keywords: ['Kế hoạch', 'kết nghĩa', clean(input.schoolYear), clean(c.number)],
      language: 'vi-VN',
      date: input.date,
    },
    page: DECREE_30_PAGE,
    body,
  };
}

export const renderPlanDocx = (input: PlanDocumentInput): Promise<Buffer> => renderLayoutDocx(buildPlanLayout(input));
export const renderPlanPdf = (input: PlanDocumentInput): Promise<Buffer> => renderLayoutPdf(buildPlanLayout(input));
