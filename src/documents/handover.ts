/**
 * Hand-over minutes (biên bản bàn giao) of a delivery of support, in the Decree 30 layout
 * model shared with the MoU and the written notice (`layout.ts`: header, body paragraphs,
 * page): the same DOCX and PDF writers render it. Pure.
 */
import { formatVietnamDateTime, formatVietnameseDate, type CalendarDate } from '../core/vn/date-line.ts';
import {
  DECREE_30_PAGE,
  SIZES,
  bodyPara,
  centred,
  clean,
  headerTable,
  keepLastWithNext,
  upper,
  type Block,
  type CellBlock,
  type DocumentLayout,
  type DocumentNumber,
} from './layout.ts';
import { renderLayoutDocx } from './mou-docx.ts';
import { renderLayoutPdf } from './mou-pdf.ts';

export interface HandoverParty {
  /** "Trường THPT Nhân Chính", "Công ty TNHH Ánh Dương", "Ông Nguyễn Văn A". */
  readonly name: string;
  /** The person who hands over / receives, with the position: "Bà Lê Thị Hồng, Phó Hiệu trưởng". */
  readonly person: string;
}

export interface HandoverItem {
  /** "Ti vi Samsung 55 inch" */
  readonly description: string;
  /** "4" */
  readonly quantity: string;
  /** "chiếc" */
  readonly unit: string;
  /** "41.000.000 ₫" */
  readonly value: string;
}

export interface HandoverDocumentInput {
  readonly number: DocumentNumber;
  /** The school whose register numbers the minutes (header, top left). */
  readonly issuer: string;
  readonly place: string;
  readonly date: CalendarDate;
  /** "Căn cứ…" lines (the campaign, the MoU); may be empty. */
  readonly bases: readonly string[];
  readonly giver: HandoverParty;
  readonly receiver: HandoverParty;
  readonly items: readonly HandoverItem[];
  /** "Thiết bị", "Sách"… */
  readonly kindLabel: string;
  /** The receiving school's acknowledgement in the app (ISO instant), if given. */
  readonly acknowledgedAt?: string | null;
}

/**
 * A party's signature block in two parts, laid out as two table rows: the titles (and the
 * acknowledgement note) above, the signer's name below — so that both names stand on one line
 * even when one school's name takes more lines than the other's.
 */
function signature(title: string, party: HandoverParty, note: string | null): { top: CellBlock[]; name: CellBlock[] } {
  const top: CellBlock[] = [centred(title, { bold: true }, SIZES.signatureTitle), centred(upper(party.name), { bold: true }, SIZES.signatureTitle)];
  if (note) {
    top.push({ kind: 'spacer', heightPt: 18 }, centred(note, { italic: true }, 12), { kind: 'spacer', heightPt: 18 });
  } else {
    top.push({ kind: 'spacer', heightPt: 80 });
  }
  return { top, name: [centred(clean(party.person.split(',')[0] ?? party.person), { bold: true }, SIZES.signerName)] };
}

export function buildHandoverLayout(input: HandoverDocumentInput): DocumentLayout {
  if (input.items.length === 0) throw new RangeError('Hand-over minutes need at least one item');
  const body: Block[] = [];
  body.push(headerTable([input.issuer], input.number, input.place, input.date));
  body.push(centred('BIÊN BẢN BÀN GIAO', { bold: true }, SIZES.title, { spaceBeforePt: 24, keepWithNext: true }));
  body.push(centred(`Về việc bàn giao ${clean(input.kindLabel).toLocaleLowerCase('vi-VN')} hỗ trợ ${clean(input.receiver.name)}`, { bold: true }, SIZES.title, { keepWithNext: true }));
  body.push({ kind: 'rule', widthMm: 40, spaceBeforePt: 5, spaceAfterPt: 12 });
  for (const b of input.bases) body.push(bodyPara([{ text: clean(b), italic: true }]));
  body.push(bodyPara(`Hôm nay, ${formatVietnameseDate(input.date)} tại ${clean(input.place)}, chúng tôi gồm:`));
  body.push(bodyPara([{ text: `BÊN GIAO: ${upper(input.giver.name)}`, bold: true }], { keepWithNext: true, align: 'left' }));
  body.push(bodyPara(`- Đại diện: ${clean(input.giver.person)};`, { spaceAfterPt: 3 }));
  body.push(bodyPara([{ text: `BÊN NHẬN: ${upper(input.receiver.name)}`, bold: true }], { keepWithNext: true, align: 'left' }));
  body.push(bodyPara(`- Đại diện: ${clean(input.receiver.person)};`, { spaceAfterPt: 3 }));
  body.push(bodyPara('Hai bên thống nhất tiến hành bàn giao như sau:'));
  input.items.forEach((it, i) => {
    body.push(
      bodyPara(`${i + 1}. ${clean(it.description)}: số lượng ${clean(it.quantity)} ${clean(it.unit)}, trị giá ${clean(it.value)}.`),
    );
  });
  body.push(bodyPara('Bên nhận đã nhận đủ số lượng, đúng chủng loại nêu trên và có trách nhiệm quản lý, sử dụng đúng mục đích.'));
  body.push(bodyPara('Biên bản được lập thành 02 bản có giá trị pháp lý như nhau, mỗi bên giữ 01 bản./.'));
  keepLastWithNext(body);
  const ack = input.acknowledgedAt ? `(Đã xác nhận trên Chung Tay lúc ${formatVietnamDateTime(input.acknowledgedAt)})` : null;
  body.push({
    kind: 'table',
    role: 'signatures',
    columnWidthsMm: [82.5, 82.5],
    cellPaddingMm: 2,
    spaceBeforePt: 12,
    rows: (() => {
      const giver = signature('ĐẠI DIỆN BÊN GIAO', input.giver, null);
      const receiver = signature('ĐẠI DIỆN BÊN NHẬN', input.receiver, ack);
      return [{ cells: [giver.top, receiver.top] }, { cells: [giver.name, receiver.name] }];
    })(),
  });
  const num = `${String(input.number.seq ?? '').padStart(2, '0')}/${input.number.symbol}`;
  return {
    meta: {
      title: `Biên bản bàn giao ${num}`,
      subject: `Bàn giao ${clean(input.kindLabel).toLocaleLowerCase('vi-VN')} từ ${clean(input.giver.name)} cho ${clean(input.receiver.name)}`,
      author: clean(input.issuer),
      keywords: ['Biên bản bàn giao', 'hỗ trợ', 'kết nghĩa'],
      language: 'vi-VN',
      date: input.date,
    },
    page: DECREE_30_PAGE,
    body,
  };
}

export const renderHandoverDocx = (input: HandoverDocumentInput): Promise<Buffer> => renderLayoutDocx(buildHandoverLayout(input));
export const renderHandoverPdf = (input: HandoverDocumentInput): Promise<Buffer> => renderLayoutPdf(buildHandoverLayout(input));
