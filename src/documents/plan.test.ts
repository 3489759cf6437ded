import { describe, expect, it } from 'vitest';
import { docxParagraph, expectDecree30Docx, expectDecree30Pdf, parsedXmlText, sha256 } from './decree30-checks.testing.ts';
import { readZip } from './zip.ts';
import { renderPlanDocx, renderPlanPdf, type PlanDocumentInput } from './plan.ts';

/** A yearly plan of TH Chu Phan and TH Ái Mộ B (invented people), approved by both leaders. */
export const examplePlan: PlanDocumentInput = {
  number: { seq: 1, symbol: 'KH-THCP' },
  place: 'Mê Linh',
  date: { year: 2025, month: 9, day: 5 },
  schoolYear: '2025-2026',
  schools: [
    { name: 'Trường TH Chu Phan', unitLine: 'xã Mê Linh', shortName: 'TH Chu Phan' },
    { name: 'Trường TH Ái Mộ B', unitLine: 'phường Bồ Đề', shortName: 'TH Ái Mộ B' },
  ],
  campaign: {
    number: '4340/KH-SGDĐT',
    issuer: 'Sở GDĐT Hà Nội',
    date: { year: 2022, month: 12, day: 12 },
    movementTitle: 'Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm',
    phase: '2023-2025',
  },
  mou: { number: '01/GN-THCP', date: { year: 2023, month: 3, day: 13 } },
  goals: [
    { text: 'Nâng cao chất lượng đội ngũ qua sinh hoạt chuyên môn chung', mouClauses: [1] },
    { text: 'Hỗ trợ học sinh có hoàn cảnh khó khăn', mouClauses: [4, 2] },
  ],
  items: [
    { month: '2026-03', kind: 'Giao lưu', title: 'Giao lưu Liên đội chào mừng 26/3', host: 'Trường TH Ái Mộ B', responsible: 'Bà Ngô Thu Trang', note: '' },
    { month: '2025-10', kind: 'Chuyên đề', title: 'Chuyên đề dạy học môn Tiếng Việt theo CT GDPT 2018', host: 'Trường TH Chu Phan', responsible: 'Bà Trần Thị Hoa, Phó Hiệu trưởng', note: 'Dự giờ 2 tiết.' },
  ],
  closing: [],
  signatories: [
    { schoolName: 'Trường TH Ái Mộ B P. Bồ Đề', title: 'HIỆU TRƯỞNG', name: 'Hoàng Thị Bích Thu' },
    { schoolName: 'Trường TH Chu Phan X. Mê Linh', title: 'HIỆU TRƯỞNG', name: 'Nguyễn Văn Tuấn' },
  ],
  approvals: [
    { signatory: 0, signedAt: '2025-09-05T02:30:00Z', versionSha256: 'cd'.repeat(32) },
    { signatory: 1, signedAt: '2025-09-05T03:10:00Z', versionSha256: 'cd'.repeat(32) },
  ],
};

const expectations = {
  numberLine: 'Số: 01/KH-THCP',
  dateLine: 'Mê Linh, ngày 05 tháng 9 năm 2025',
  texts: [
    'KẾ HOẠCH',
    'Thực hiện Chương trình kết nghĩa năm học 2025-2026',
    'giữa Trường TH Chu Phan và Trường TH Ái Mộ B',
    'Căn cứ Biên bản ghi nhớ số 01/GN-THCP ngày 13/03/2023 giữa Trường TH Chu Phan xã Mê Linh và Trường TH Ái Mộ B phường Bồ Đề về Chương trình kết nghĩa,',
    'I. MỤC TIÊU',
    '2. Hỗ trợ học sinh có hoàn cảnh khó khăn (Điều 1, khoản 2, 4 của Biên bản ghi nhớ)',
    'Tháng 10/2025',
    'Đơn vị chủ trì: Trường TH Chu Phan. Người phụ trách: Bà Trần Thị Hoa, Phó Hiệu trưởng. Dự giờ 2 tiết.',
    'III. TỔ CHỨC THỰC HIỆN',
    'Hoàng Thị Bích Thu',
    'Nguyễn Văn Tuấn',
  ],
};

describe('yearly plan DOCX (the Decree 30 checks of the MoU)', () => {
  it('is A4 in Times New Roman with the national title, the number "Số: 01/KH-THCP", the date line, and opens in an XML parser', async () => {
    const { xml } = expectDecree30Docx(await renderPlanDocx(examplePlan), expectations);
    expect(docxParagraph(xml, 'KẾ HOẠCH')).toContain('<w:b/>');
  });

  it('lists the items by month, September to May, numbered across months', async () => {
    const text = parsedXmlText(readZip(await renderPlanDocx(examplePlan)).get('word/document.xml')!.toString('utf8'));
    const oct = text.indexOf('Tháng 10/2025');
    const mar = text.indexOf('Tháng 3/2026');
    expect(oct).toBeGreaterThan(0);
    expect(mar).toBeGreaterThan(oct);
    expect(text).toContain('1. Chuyên đề dạy học môn Tiếng Việt');
    expect(text).toContain('2. Giao lưu Liên đội chào mừng 26/3');
  });

  it('leaves the number blank for a draft and gives the same bytes for the same input', async () => {
    const draft = { ...examplePlan, number: { seq: null, symbol: 'KH-THCP' }, approvals: [] };
    expectDecree30Docx(await renderPlanDocx(draft), { ...expectations, numberLine: 'Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-THCP' });
    expect(sha256(await renderPlanDocx(structuredClone(examplePlan)))).toBe(sha256(await renderPlanDocx(examplePlan)));
  });
});

describe('yearly plan PDF', () => {
  it('is A4, dated by the document, every word read back with its diacritics, only Tinos embedded, reproducible', async () => {
    const pdf = await renderPlanPdf(examplePlan);
    await expectDecree30Pdf(pdf, {
      ...expectations,
      texts: [...expectations.texts, 'Đã ký điện tử bởi Hoàng Thị Bích Thu', 'cd'.repeat(32)],
      title: 'Kế hoạch 01/KH-THCP',
      createdIso: '2025-09-05T00:00:00.000Z',
    });
    expect(sha256(await renderPlanPdf(structuredClone(examplePlan)))).toBe(sha256(pdf));
  });
});
