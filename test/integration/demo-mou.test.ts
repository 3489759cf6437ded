/**
 * The demo's signed MoU Chu Phan – Ái Mộ B of 13/03/2023 (`chungtay demo`): what a new user
 * reads after `npm start`, in the app, as DOCX and PDF, and behind its verification code.
 * How MoUs are drafted, signed, numbered and scanned is tested on rows of the factories in
 * mou.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZip } from '#src/documents/zip.ts';
import { createTestApp } from '../helpers/app.ts';
import { demoIds } from '../helpers/pairs.ts';

const t = await createTestApp({ now: () => new Date('2024-03-05T03:00:00Z') });
const ids = await demoIds(t);
const chuphan = await t.signIn('chuphan.ht');
const aimob = await t.signIn('aimob.ht');

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ct-pdf-'));
  try {
    writeFileSync(join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the demo MoU Chu Phan – Ái Mộ B, signed on 13/03/2023', () => {
  it('is in force with the seed articles, both principals, its number and a verification code', async () => {
    const res = await t.as(chuphan)('GET', `/api/pairs/${ids.demoPairId}/mou`);
    expect(res.statusCode).toBe(200);
    const mou = res.json();
    expect(mou).toMatchObject({ version: 1, status: 'signed', number: '01/GN-THCP', datedOn: '2023-03-13', signedOn: '2023-03-13', place: 'Mê Linh', phase: '2023-2025' });
    expect(mou.parties.map((p: { name: string; unitLine: string; signatoryName: string }) => [p.name, p.unitLine, p.signatoryName])).toEqual([
      ['Trường TH Chu Phan', 'huyện Mê Linh', 'Nguyễn Văn Tuấn'],
      ['Trường TH Ái Mộ B', 'quận Long Biên', 'Hoàng Thị Bích Thu'],
    ]);
    expect(mou.content.articles.map((a: { title: string }) => a.title)).toEqual([
      'Mục tiêu',
      'Nội dung và cách thức triển khai',
      'Thời gian thực hiện',
      'Cơ chế hợp tác và trao đổi thông tin',
      'Cơ chế thực hiện',
    ]);
    expect(mou.signatures).toHaveLength(2);
    expect(mou.verificationCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/u);
    expect(mou.verifyUrl).toBe(`https://chungtay.example.vn/verify/${mou.verificationCode}`);
  });

  it('downloads as a DOCX that follows Decree 30 (read from the document XML)', async () => {
    const res = await t.as(aimob)('GET', `/api/pairs/${ids.demoPairId}/mou?format=docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain('bien-ban-ghi-nho-01-GN-THCP-v1.docx');
    const files = readZip(res.rawPayload);
    const xml = files.get('word/document.xml')!.toString('utf8');
    const styles = files.get('word/styles.xml')!.toString('utf8');
    // A4, margins top/bottom 20 mm, left 30 mm, right 15 mm.
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const mar = /<w:pgMar ([^>]*)\/>/u.exec(xml)![1]!;
    for (const m of ['w:top="1134"', 'w:bottom="1134"', 'w:left="1701"', 'w:right="850"']) expect(mar).toContain(m);
    // Times New Roman, and nothing else.
    const fonts = new Set([...(xml + styles).matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/gu)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Times New Roman']);
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join('|');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 01/GN-THCP',
      'Mê Linh, ngày 13 tháng 3 năm 2023',
      'TRƯỜNG TH CHU PHAN HUYỆN MÊ LINH',
      'TRƯỜNG TH ÁI MỘ B QUẬN LONG BIÊN',
      'Hoàng Thị Bích Thu',
      'Nguyễn Văn Tuấn',
    ]) {
      expect(text).toContain(s);
    }
    // The motto is bold and underlined; the date line italic.
    const motto = [...xml.matchAll(/<w:p>.*?<\/w:p>/gsu)].map((m) => m[0]).find((p) => p.includes('Độc lập - Tự do - Hạnh phúc'))!;
    expect(motto).toContain('<w:b/>');
    expect(motto).toContain('<w:u w:val="single"/>');
    const dateLine = [...xml.matchAll(/<w:p>.*?<\/w:p>/gsu)].map((m) => m[0]).find((p) => p.includes('Mê Linh, ngày 13 tháng 3 năm 2023'))!;
    expect(dateLine).toContain('<w:i/>');
    // Same input, same bytes.
    const again = await t.as(aimob)('GET', `/api/pairs/${ids.demoPairId}/mou?format=docx`);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
  });

  it.runIf(hasPoppler)('downloads as a PDF whose text reads back with every diacritic', async () => {
    const res = await t.as(chuphan)('GET', `/api/pairs/${ids.demoPairId}/mou?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload).replace(/\s+/gu, ' ');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 01/GN-THCP',
      'Mê Linh, ngày 13 tháng 3 năm 2023',
      'THẦY CÔ CÙNG SẺ CHIA TRÁCH NHIỆM',
      'Điều 4. Cơ chế hợp tác và trao đổi thông tin',
      'Hoàng Thị Bích Thu',
      'Nguyễn Văn Tuấn',
      'Mã xác thực:',
    ]) {
      expect(text).toContain(s);
    }
    const again = await t.as(chuphan)('GET', `/api/pairs/${ids.demoPairId}/mou?format=pdf`);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
  });

  it('refuses edits: a signed MoU changes only through a written notice', async () => {
    const mou = (await t.as(chuphan)('GET', `/api/pairs/${ids.demoPairId}/mou`)).json();
    const res = await t.as(chuphan)('PUT', `/api/pairs/${ids.demoPairId}/mou`, {
      baseVersion: 1,
      place: mou.place,
      venue: mou.venue,
      datedOn: mou.datedOn,
      phase: mou.phase,
      parties: mou.parties.map((p: { schoolId: string; signatoryName: string; signatoryTitle: string }) => ({ schoolId: p.schoolId, signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle })),
      content: { ...mou.content, articles: mou.content.articles.slice(0, 4) },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('MOU_SIGNED_FROZEN');
    expect(res.json().error.message).toContain('thông báo bằng văn bản');
    const sign = await t.as(chuphan)('POST', `/api/pairs/${ids.demoPairId}/mou/signatures`, { version: 1, sha256: mou.sha256 });
    expect(sign.statusCode).toBe(409);
    expect((await t.as(chuphan)('GET', `/api/pairs/${ids.demoPairId}/mou/versions`)).json().items).toHaveLength(1);
  });
});

describe('public verification', () => {
  it('confirms the parties, the date and the hash of the document behind a code', async () => {
    const mou = (await t.as(chuphan)('GET', `/api/pairs/${ids.demoPairId}/mou`)).json();
    const res = await t.as(null)('GET', `/api/verify/${mou.verificationCode.toLowerCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: mou.verificationCode,
      kind: 'mou',
      // Its phase ran to 12/2025: the pair continued into 2026–2028 under a new MoU.
      status: 'ended',
      number: '01/GN-THCP',
      datedOn: '2023-03-13',
      sha256: mou.sha256,
      parties: [
        { name: 'Trường TH Chu Phan huyện Mê Linh', signatoryName: 'Nguyễn Văn Tuấn' },
        { name: 'Trường TH Ái Mộ B quận Long Biên', signatoryName: 'Hoàng Thị Bích Thu' },
      ],
    });
    const current = (await t.as(chuphan)('GET', `/api/pairs/${ids.currentPairId}/mou`)).json();
    expect((await t.as(null)('GET', `/api/verify/${current.verificationCode}`)).json()).toMatchObject({ status: 'in-force', number: '01/GN-THCP', datedOn: '2026-01-05' });
  });

});
