import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exampleNoticeDocumentInput, seedMouDocumentInput } from './fixtures/seed-mou.ts';
import {
  buildMouLayout,
  buildNoticeLayout,
  defaultMouPreamble,
  keepUnitTogether,
  mouTitleLines,
  parseInline,
  plainText,
  verificationUrl,
  type Block,
  type DocumentLayout,
  type ParagraphBlock,
} from './layout.ts';

/** Every paragraph of a layout, tables included, in order. */
function paragraphs(layout: DocumentLayout): ParagraphBlock[] {
  const out: ParagraphBlock[] = [];
  const visit = (b: Block): void => {
    if (b.kind === 'paragraph') out.push(b);
    else if (b.kind === 'table') for (const r of b.rows) for (const c of r.cells) c.forEach(visit);
  };
  layout.body.forEach(visit);
  return out;
}
/** Text of a paragraph, no-break spaces shown as spaces. */
const textOf = (p: ParagraphBlock): string => p.runs.map((r) => r.text).join('').replace(/\u00a0/gu, ' ');

describe('parseInline', () => {
  it('reads *italic* and **bold** and keeps \\* literal', () => {
    expect(parseInline('phong trào "*Nhà trường*" giai đoạn')).toEqual([
      { text: 'phong trào "' },
      { text: 'Nhà trường', italic: true },
      { text: '" giai đoạn' },
    ]);
    expect(parseInline('**Điều 1.** Mục tiêu')).toEqual([{ text: 'Điều 1.', bold: true }, { text: ' Mục tiêu' }]);
    expect(parseInline('a \\* b')).toEqual([{ text: 'a * b' }]);
  });

  it('toggles against an italic base (emphasis inside italics is upright)', () => {
    expect(parseInline('Căn cứ *Kế hoạch*', { italic: true })).toEqual([
      { text: 'Căn cứ ', italic: true },
      { text: 'Kế hoạch' },
    ]);
  });

  it('normalises to NFC and collapses whitespace', () => {
    const nfd = 'Tha\u0302\u0300y  co\u0302\n'; // "Thầy cô" decomposed, with stray spaces
    expect(plainText(nfd)).toBe('Thầy cô');
  });
});

describe('buildMouLayout (seed MoU)', () => {
  const layout = buildMouLayout(seedMouDocumentInput);
  const paras = paragraphs(layout);
  const find = (text: string): ParagraphBlock | undefined => paras.find((p) => textOf(p) === text);

  it('has the Decree 30 header: schools left, national title and motto right, number and date line', () => {
    const header = layout.body[0];
    expect(header?.kind).toBe('table');
    if (header?.kind !== 'table') return;
    expect(header.role).toBe('header');
    const [left, right] = header.rows[0]?.cells ?? [];
    const texts = (cells: readonly Block[] | undefined): string[] =>
      (cells ?? []).flatMap((b) => (b.kind === 'paragraph' ? [textOf(b)] : []));
    expect(texts(left)).toEqual(['TRƯỜNG TH CHU PHAN', 'TRƯỜNG TH ÁI MỘ B']);
    expect(texts(right)).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(find('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')?.runs[0]).toMatchObject({ bold: true });
    expect(find('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')?.sizePt).toBe(13);
    expect(find('Độc lập - Tự do - Hạnh phúc')?.runs[0]).toMatchObject({ bold: true, underline: true });
    expect(find('Số: 01/GN-THCP')).toBeDefined();
    expect(find('Mê Linh, ngày 13 tháng 3 năm 2023')?.runs[0]).toMatchObject({ italic: true });
  });

  it('has the title lines of the seed, with "sẻ chia" corrected', () => {
    expect(mouTitleLines(seedMouDocumentInput)).toEqual([
      'BIÊN BẢN GHI NHỚ',
      'GIỮA',
      'TRƯỜNG TH CHU PHAN HUYỆN MÊ LINH',
      'VÀ',
      'TRƯỜNG TH ÁI MỘ B QUẬN LONG BIÊN',
      'VỀ',
      'CHƯƠNG TRÌNH KẾT NGHĨA, TRIỂN KHAI PHONG TRÀO',
      '"NHÀ TRƯỜNG CÙNG CHUNG TAY PHÁT TRIỂN -',
      'THẦY CÔ CÙNG SẺ CHIA TRÁCH NHIỆM"',
      'GIAI ĐOẠN 2023-2025',
      'THÁNG 3 NĂM 2023',
    ]);
  });

  it('has the preamble in italics, the meeting line, the parties and the articles', () => {
    const preamble = paras.find((p) => textOf(p).startsWith('Căn cứ Kế hoạch số 4340/KH-SGDĐT'));
    expect(preamble?.runs.every((r) => r.italic)).toBe(true);
    expect(find('Hôm nay, ngày 13 tháng 3 năm 2023 tại huyện Mê Linh, TP. Hà Nội, chúng tôi gồm:')).toBeDefined();
    expect(find('* ĐẠI DIỆN LÃNH ĐẠO TRƯỜNG TH CHU PHAN HUYỆN MÊ LINH')?.runs[0]?.bold).toBe(true);
    expect(find('* ĐẠI DIỆN LÃNH ĐẠO TRƯỜNG TH ÁI MỘ B QUẬN LONG BIÊN')).toBeDefined();
    for (const [n, title] of [
      [1, 'Mục tiêu'],
      [2, 'Nội dung và cách thức triển khai'],
      [3, 'Thời gian thực hiện'],
      [4, 'Cơ chế hợp tác và trao đổi thông tin'],
      [5, 'Cơ chế thực hiện'],
    ] as const) {
      const heading = find(`Điều ${n}. ${title}`);
      expect(heading?.keepWithNext).toBe(true);
      expect(heading?.runs.every((r) => r.bold)).toBe(true);
    }
    // Numbered clauses, except the single clause of Điều 3.
    expect(paras.some((p) => textOf(p).startsWith('1. Vận động toàn thể cán bộ'))).toBe(true);
    expect(paras.some((p) => textOf(p).startsWith('Từ tháng 3/2023 đến hết tháng 12/2025.'))).toBe(true);
    const body = paras.find((p) => textOf(p).startsWith('2. Huy động các nguồn lực'));
    expect(body).toMatchObject({ align: 'justify', firstLineIndentMm: 10, sizePt: 14 });
  });

  it('has the signature blocks side by side, Ái Mộ B left and Chu Phan right', () => {
    const sig = layout.body.find((b) => b.kind === 'table' && b.role === 'signatures');
    if (sig?.kind !== 'table') throw new Error('no signature table');
    const cells = sig.rows[0]?.cells ?? [];
    expect(cells).toHaveLength(2);
    const texts = cells.map((c) => c.flatMap((b) => (b.kind === 'paragraph' ? [textOf(b)] : [])));
    expect(texts[0]).toEqual(['ĐẠI DIỆN', 'TRƯỜNG TH ÁI MỘ B Q. LONG BIÊN', 'HIỆU TRƯỞNG', 'Hoàng Thị Bích Thu']);
    expect(texts[1]).toEqual(['ĐẠI DIỆN', 'TRƯỜNG TH CHU PHAN H. MÊ LINH', 'HIỆU TRƯỞNG', 'Nguyễn Văn Tuấn']);
    // No footer while unsigned.
    expect(layout.body.some((b) => b.kind === 'table' && b.role === 'verification')).toBe(false);
  });

  it('adds the signing status, the hash and the QR code once signed', () => {
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const signed = buildMouLayout({
      ...seedMouDocumentInput,
      signatures: [
        { signatory: 1, signedAt: '2023-03-13T02:41:00Z', versionSha256: hash },
        { signatory: 0, signedAt: '2023-03-13T02:30:00Z', versionSha256: hash },
      ],
      verification: { code: 'CT7K-Q29X', url: verificationUrl('https://chungtay.example.vn/', 'CT7K-Q29X') },
    });
    const texts = paragraphs(signed).map(textOf);
    expect(texts).toContain(
      'Đã ký điện tử bởi Hoàng Thị Bích Thu (Hiệu trưởng, Trường TH Ái Mộ B Q. Long Biên) lúc 13/03/2023 09:30',
    );
    expect(texts).toContain(
      'Đã ký điện tử bởi Nguyễn Văn Tuấn (Hiệu trưởng, Trường TH Chu Phan H. Mê Linh) lúc 13/03/2023 09:41',
    );
    expect(texts).toContain(`SHA-256 của phiên bản đã ký: ${hash}`);
    expect(texts).toContain('Mã xác thực: CT7K-Q29X');
    expect(texts).toContain('Kiểm tra tại: https://chungtay.example.vn/verify/CT7K-Q29X');
    expect(texts.filter((t) => t === '(Đã ký điện tử)')).toHaveLength(2);
    const footer = signed.body.find((b) => b.kind === 'table' && b.role === 'verification');
    if (footer?.kind !== 'table') throw new Error('no footer');
    expect(footer.rows[0]?.cells[0]?.[0]).toMatchObject({ kind: 'qr', url: 'https://chungtay.example.vn/verify/CT7K-Q29X' });
  });

  it('refuses an MoU with fewer than two schools and signatures of unknown signatories', () => {
    expect(() => buildMouLayout({ ...seedMouDocumentInput, schools: seedMouDocumentInput.schools.slice(0, 1) })).toThrow(
      RangeError,
    );
    expect(() =>
      buildMouLayout({
        ...seedMouDocumentInput,
        signatures: [{ signatory: 5, signedAt: '2023-03-13T02:30:00Z', versionSha256: 'ab' }],
      }),
    ).toThrow(RangeError);
  });

  it('sets the signatures of a group of three two by two, keeping each signature with its signatory', () => {
    const layout = buildMouLayout({
      ...seedMouDocumentInput,
      signatories: [
        ...seedMouDocumentInput.signatories,
        { schoolName: 'Trường TH Ba Vì H. Ba Vì', title: 'HIỆU TRƯỞNG', name: 'Trần Thị Hồng Nhung' },
      ],
      signatures: [{ signatory: 2, signedAt: '2023-03-13T02:30:00Z', versionSha256: 'ab'.repeat(32) }],
    });
    const tables = layout.body.filter((b) => b.kind === 'table' && b.role === 'signatures');
    expect(tables.map((t) => (t.kind === 'table' ? t.columnWidthsMm.length : 0))).toEqual([2, 1]);
    const last = tables[1];
    const texts = last?.kind === 'table' ? (last.rows[0]?.cells[0] ?? []).flatMap((b) => (b.kind === 'paragraph' ? [textOf(b)] : [])) : [];
    expect(texts).toContain('(Đã ký điện tử)');
    expect(texts).toContain('Trần Thị Hồng Nhung');
    // The last clause is kept with the signatures.
    const i = layout.body.indexOf(tables[0] as Block);
    expect(layout.body[i - 1]).toMatchObject({ kind: 'paragraph', keepWithNext: true });
  });

  it('titles a group of three schools', () => {
    const third = { name: 'Trường TH Ba Vì', unitLine: 'huyện Ba Vì', shortName: 'TH Ba Vì' };
    const lines = mouTitleLines({ ...seedMouDocumentInput, schools: [...seedMouDocumentInput.schools, third] });
    expect(lines.slice(1, 6)).toEqual([
      'GIỮA',
      'TRƯỜNG TH CHU PHAN HUYỆN MÊ LINH,',
      'TRƯỜNG TH ÁI MỘ B QUẬN LONG BIÊN',
      'VÀ',
      'TRƯỜNG TH BA VÌ HUYỆN BA VÌ',
    ]);
  });
});

describe('defaultMouPreamble', () => {
  it("rebuilds the seed's bases from the campaign", () => {
    expect(defaultMouPreamble(seedMouDocumentInput.campaign)).toEqual([...seedMouDocumentInput.preamble]);
    const layout = buildMouLayout({ ...seedMouDocumentInput, preamble: [] });
    expect(paragraphs(layout).map(textOf)).toContain('Căn cứ vào nhu cầu, năng lực và nguyện vọng của hai nhà trường,');
  });
});

describe('keepUnitTogether', () => {
  it('joins the unit at the end of a name with no-break spaces', () => {
    expect(keepUnitTogether('TRƯỜNG TH ÁI MỘ B Q. LONG BIÊN')).toBe('TRƯỜNG TH ÁI MỘ B Q.\u00a0LONG\u00a0BIÊN');
    expect(keepUnitTogether('TRƯỜNG TH CHU PHAN HUYỆN MÊ LINH')).toBe('TRƯỜNG TH CHU PHAN HUYỆN\u00a0MÊ\u00a0LINH');
    expect(keepUnitTogether('TRƯỜNG THPT NHÂN CHÍNH')).toBe('TRƯỜNG THPT NHÂN CHÍNH');
  });
});

describe('buildNoticeLayout', () => {
  it('renders a supplement notice with the same header and the sender only', () => {
    const layout = buildNoticeLayout(exampleNoticeDocumentInput);
    const texts = paragraphs(layout).map(textOf);
    expect(texts.slice(0, 5)).toEqual([
      'TRƯỜNG TH CHU PHAN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 03/TB-THCP',
      'Mê Linh, ngày 05 tháng 02 năm 2024',
    ]);
    expect(texts).toContain('THÔNG BÁO');
    expect(texts).toContain('Về việc đề nghị bổ sung Biên bản ghi nhớ số 01/GN-THCP ngày 13/03/2023');
    expect(texts).toContain('Kính gửi: Trường TH Ái Mộ B quận Long Biên.');
    expect(texts).toContain('2. Nội dung đề nghị bổ sung:');
    expect(texts).toContain('Nơi nhận:');
    expect(texts).toContain('Nguyễn Văn Tuấn');
  });

  it('addresses a school that has no unit line without a stray space before the full stop', () => {
    const layout = buildNoticeLayout({
      ...exampleNoticeDocumentInput,
      recipient: { ...exampleNoticeDocumentInput.recipient, name: 'Trường TH Tản Lĩnh', unitLine: '' },
    });
    const texts = paragraphs(layout).map(textOf);
    expect(texts).toContain('Kính gửi: Trường TH Tản Lĩnh.');
    expect(texts.filter((t) => / [.,;]/u.test(t))).toEqual([]);
  });

  it('states the end date of a cancellation', () => {
    const layout = buildNoticeLayout({
      ...exampleNoticeDocumentInput,
      kind: 'cancel',
      proposedText: [],
      effectiveDate: { year: 2024, month: 6, day: 1 },
    });
    const texts = paragraphs(layout).map(textOf);
    expect(texts).toContain('Về việc đề nghị hủy bỏ Biên bản ghi nhớ số 01/GN-THCP ngày 13/03/2023');
    expect(texts).toContain('2. Thời điểm chấm dứt: ngày 01 tháng 6 năm 2024.');
  });
});

// The fixture must be the seed's text: every clause, stripped of markup, is in the seed
// file (after the two documented corrections). The seed document is a copy kept in the
// repository (fixtures/, from the programme's shared seeds), so this runs in a clean clone;
// a missing copy fails the test, it never skips it.
const seedPath = fileURLToPath(new URL('./fixtures/mou-chu-phan-ai-mo-b.md', import.meta.url));
describe('seed MoU fixture', () => {
  it('has the five articles of the seed verbatim', () => {
    expect(existsSync(seedPath), `${seedPath} is missing: the seed document must be in the repository`).toBe(true);
    const seed = readFileSync(seedPath, 'utf8')
      .normalize('NFC')
      .replace(/\*/gu, '')
      .replace(/Chu phan/gu, 'Chu Phan')
      .replace(/\s+/gu, ' ');
    expect(seedMouDocumentInput.articles).toHaveLength(5);
    for (const a of seedMouDocumentInput.articles) {
      expect(seed).toContain(`Điều ${a.number}. ${a.title}`);
      a.clauses.forEach((c, i) => {
        const prefix = a.clauses.length > 1 ? `${i + 1}. ` : '';
        expect(seed).toContain(prefix + plainText(c));
      });
    }
    for (const p of seedMouDocumentInput.preamble) expect(seed).toContain(plainText(p));
  });
});
