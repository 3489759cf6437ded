import { beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleNoticeDocumentInput, seedMouDocumentInput } from './fixtures/seed-mou.ts';
import { verificationUrl, type MouDocumentInput } from './layout.ts';
import { mmToTwip, renderMouDocx, renderNoticeDocx } from './mou-docx.ts';
import { readZip, zipEntryDates } from './zip.ts';
// The checks shared by every Decree 30 document's tests (plans, hand-over minutes) live there.
import { docxParagraph as paragraph, sha256 } from './decree30-checks.testing.ts';

const signed: MouDocumentInput = {
  ...seedMouDocumentInput,
  signatures: [
    { signatory: 0, signedAt: '2023-03-13T02:30:00Z', versionSha256: 'ab'.repeat(32) },
    { signatory: 1, signedAt: '2023-03-13T02:41:00Z', versionSha256: 'ab'.repeat(32) },
  ],
  verification: { code: 'CT7K-Q29X', url: verificationUrl('https://chungtay.example.vn', 'CT7K-Q29X') },
};

describe('MoU DOCX (seed)', () => {
  let docx: Buffer;
  let files: Map<string, Buffer>;
  let xml: string;
  beforeAll(async () => {
    docx = await renderMouDocx(seedMouDocumentInput);
    files = readZip(docx);
    xml = files.get('word/document.xml')?.toString('utf8') ?? '';
  });

  it('is A4 with the Decree 30 margins (20/20/30/15 mm), in twips', () => {
    expect([mmToTwip(20), mmToTwip(30), mmToTwip(15)]).toEqual([1134, 1701, 850]);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const mar = /<w:pgMar ([^>]*)\/>/u.exec(xml)?.[1] ?? '';
    expect(mar).toContain('w:top="1134"');
    expect(mar).toContain('w:bottom="1134"');
    expect(mar).toContain('w:left="1701"');
    expect(mar).toContain('w:right="850"');
  });

  it('uses Times New Roman everywhere (defaults and every run)', () => {
    const styles = files.get('word/styles.xml')?.toString('utf8') ?? '';
    expect(styles).toMatch(
      /<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"\/>/u,
    );
    expect(styles).toContain('<w:lang w:val="vi-VN"/>');
    const fonts = new Set([...(xml + styles).matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/gu)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Times New Roman']);
    expect(styles).not.toMatch(/Theme="/u);
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gsu)].map((m) => m[1] ?? '').filter((r) => r.includes('<w:t'));
    expect(runs.length).toBeGreaterThan(50);
    for (const r of runs) expect(r).toContain('<w:rFonts w:ascii="Times New Roman"');
  });

  it('has the national title (13 pt, bold, capitals) and the motto (14 pt, bold, underlined)', () => {
    const title = paragraph(xml, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(title).toContain('<w:b/>');
    expect(title).toContain('<w:sz w:val="26"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
    const motto = paragraph(xml, 'Độc lập - Tự do - Hạnh phúc');
    expect(motto).toContain('<w:b/>');
    expect(motto).toContain('<w:u w:val="single"/>');
    expect(motto).toContain('<w:sz w:val="28"/>');
    // Both in the right-hand cell of the borderless header table, after the schools.
    const headerTable = /<w:tbl>.*?<\/w:tbl>/su.exec(xml)?.[0] ?? '';
    expect(headerTable).toContain('<w:tblBorders><w:top w:val="none"');
    const cells = [...headerTable.matchAll(/<w:tc>.*?<\/w:tc>/gsu)].map((m) => m[0]);
    expect(cells[0]).toContain('TRƯỜNG TH CHU PHAN');
    expect(cells[0]).toContain('TRƯỜNG TH ÁI MỘ B');
    expect(cells[1]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('has the number and the italic place-and-date line', () => {
    expect(paragraph(xml, 'Số: 01/GN-THCP')).toContain('<w:sz w:val="26"/>');
    const date = paragraph(xml, 'Mê Linh, ngày 13 tháng 3 năm 2023');
    expect(date).toContain('<w:i/>');
    expect(date).not.toContain('<w:b/>');
  });

  it('has a justified 14 pt body with a 1 cm first-line indent, and the five articles', () => {
    const clause = paragraph(
      xml,
      '5. Tổ chức tham quan học tập, trao đổi sáng kiến kinh nghiệm, mô hình sáng tạo trong quản lý giáo dục, trong dạy học.',
    );
    expect(clause).toContain('<w:jc w:val="both"/>');
    expect(clause).toContain('<w:ind w:firstLine="567"/>');
    expect(clause).toContain('<w:sz w:val="28"/>');
    for (const n of [1, 2, 3, 4, 5]) expect(xml).toContain(`Điều ${n}. </w:t>`);
    expect(paragraph(xml, 'Điều 3. Thời gian thực hiện')).toContain('<w:keepNext/>');
  });

  it('numbers pages at the top from page 2 only (different first page)', () => {
    expect(xml).toContain('<w:titlePg/>');
    const first = /<w:headerReference w:type="first" r:id="(rId\d+)"\/>/u.exec(xml)?.[1];
    const dflt = /<w:headerReference w:type="default" r:id="(rId\d+)"\/>/u.exec(xml)?.[1];
    const rels = files.get('word/_rels/document.xml.rels')?.toString('utf8') ?? '';
    const target = (id: string | undefined): string =>
      new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`, 'u')
        .exec(rels)
        ?.slice(1)
        .find(Boolean) ?? '';
    const firstXml = files.get(`word/${target(first)}`)?.toString('utf8') ?? '';
    const defaultXml = files.get(`word/${target(dflt)}`)?.toString('utf8') ?? '';
    expect(defaultXml).toMatch(/PAGE/u);
    expect(defaultXml).toContain('<w:jc w:val="center"/>');
    expect(firstXml).not.toMatch(/PAGE/u);
  });

  it('has the signature blocks side by side in a borderless table', () => {
    const tables = [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gsu)].map((m) => m[0]);
    const sig = tables.find((t) => t.includes('Hoàng Thị Bích Thu'));
    expect(sig).toBeDefined();
    const cells = [...(sig ?? '').matchAll(/<w:tc>.*?<\/w:tc>/gsu)].map((m) => m[0]);
    expect(cells).toHaveLength(2);
    expect(cells[0]).toContain('ĐẠI DIỆN');
    expect(cells[0]).toContain('TRƯỜNG TH ÁI MỘ B');
    expect(cells[0]).toContain('HIỆU TRƯỞNG');
    expect(cells[0]).toContain('Hoàng Thị Bích Thu');
    expect(cells[1]).toContain('Nguyễn Văn Tuấn');
    expect(sig).toContain('<w:cantSplit/>');
  });

  it('carries no clock: fixed core.xml dates and zip entry dates from the document date', () => {
    const core = files.get('docProps/core.xml')?.toString('utf8') ?? '';
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2023-03-13T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2023-03-13T00:00:00Z</dcterms:modified>');
    expect(core).toContain('<dc:title>Biên bản ghi nhớ 01/GN-THCP</dc:title>');
    const dosDate = ((2023 - 1980) << 9) | (3 << 5) | 13;
    for (const [date, time] of zipEntryDates(docx)) {
      expect(date).toBe(dosDate);
      expect(time).toBe(0);
    }
  });

  it('gives the same bytes for the same input', async () => {
    const again = await renderMouDocx(structuredClone(seedMouDocumentInput));
    expect(sha256(again)).toBe(sha256(docx));
    // The clock must not reach the bytes: render again a day and a second later (a fake
    // clock, only Date: the zip and font code keep their real timers).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-13T09:30:00Z'));
      const s1 = await renderMouDocx(signed);
      vi.setSystemTime(new Date('2026-03-14T09:30:01Z'));
      const s2 = await renderMouDocx(signed);
      expect(sha256(s1)).toBe(sha256(s2));
      expect(sha256(s1)).not.toBe(sha256(docx));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('signed MoU DOCX', () => {
  it('embeds the QR image and shows the signing status, hash and verification code', async () => {
    const files = readZip(await renderMouDocx(signed));
    const xml = files.get('word/document.xml')?.toString('utf8') ?? '';
    const png = [...files.keys()].find((k) => k.startsWith('word/media/') && k.endsWith('.png'));
    expect(png).toBeDefined();
    expect(files.get(png ?? '')?.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(xml).toContain('<wp:docPr id="1" name="QR 1"');
    expect(xml).toContain('https://chungtay.example.vn/verify/CT7K-Q29X');
    expect(xml).toContain('(Đã ký điện tử)');
    expect(xml).toContain(' (Hiệu trưởng, Trường TH Ái Mộ B Q. Long Biên) lúc 13/03/2023 09:30');
    expect(xml).toContain('ab'.repeat(32));
    expect(xml).toContain('CT7K-Q29X');
  });
});

describe('notice DOCX', () => {
  it('renders in the same format', async () => {
    const docx = await renderNoticeDocx(exampleNoticeDocumentInput);
    const xml = readZip(docx).get('word/document.xml')?.toString('utf8') ?? '';
    expect(paragraph(xml, 'Độc lập - Tự do - Hạnh phúc')).toContain('<w:u w:val="single"/>');
    expect(paragraph(xml, 'Mê Linh, ngày 05 tháng 02 năm 2024')).toContain('<w:i/>');
    expect(paragraph(xml, 'Số: 03/TB-THCP')).toBeDefined();
    expect(paragraph(xml, 'THÔNG BÁO')).toContain('<w:b/>');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(sha256(await renderNoticeDocx(exampleNoticeDocumentInput))).toBe(sha256(docx));
  });
});

describe('DOCX with characters XML cannot carry', () => {
  it('still opens: document.xml and core.xml parse as XML, the text kept around them', async () => {
    const { SaxesParser } = await import('saxes');
    const hostile = '\u0000NUL \u0001\u0008\u000b\u000c\u001b\u007f \ufffe\uffff lone \ud800 & <w:t> "quoted" ';
    const input: MouDocumentInput = {
      ...seedMouDocumentInput,
      place: `Mê Linh${hostile}`,
      articles: [{ number: 1, title: `Mục tiêu${hostile}`, clauses: [`Điều khoản${hostile}cuối`] }],
    };
    const files = readZip(await renderMouDocx(input));
    for (const name of ['word/document.xml', 'docProps/core.xml']) {
      const xml = files.get(name)?.toString('utf8') ?? '';
      const parser = new SaxesParser({ xmlns: true });
      let text = '';
      parser.on('text', (t) => {
        text += t;
      });
      parser.write(xml).close();
      if (name === 'word/document.xml') expect(text).toContain('Điều khoản');
      if (name === 'word/document.xml') expect(text).toContain('& <w:t> "quoted" cuối');
    }
  });
});
