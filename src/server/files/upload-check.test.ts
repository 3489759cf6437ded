import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { domainErrorBody } from '#src/server/plugins/errors.ts';
import { checkUpload, uploadFileName, UploadDamagedError, UploadTooLargeError, UploadTypeRefusedError } from './upload-check.ts';

const rules = { field: 'file', allowed: ['pdf', 'image'] as const, maxBytes: 1024 * 1024 };
const withPdfMarker = (head: Buffer) => Buffer.concat([head, Buffer.from('\n%PDF-1.7\n1 0 obj <<>> endobj\n'), Buffer.alloc(200)]);

async function realPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Bien ban ghi nho');
  return Buffer.from(await doc.save());
}

/** A photo as a phone takes it: EXIF with the camera, and where it was taken. */
function photoWithGps(format: 'jpeg' | 'png' | 'webp') {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'SecretPhone', ImageDescription: 'Lop 3A Ai Mo B' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 2/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 51/1 0/1' },
    })
    .toFormat(format)
    .toBuffer();
}

describe('an uploaded file is judged by its content', () => {
  it('refuses an ELF program, a Windows program and an HTML page that carry "%PDF-" near their start', async () => {
    const elf = withPdfMarker(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]));
    const pe = withPdfMarker(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x40, 0, 0, 0]), Buffer.from('PE\0\0')]));
    const html = withPdfMarker(Buffer.from('<!doctype html><html><script>alert(1)</script>'));
    for (const bytes of [elf, pe, html]) await expect(checkUpload(bytes, rules)).rejects.toBeInstanceOf(UploadTypeRefusedError);
  });

  it('takes a PDF only when it parses as one, and keeps its bytes as they came', async () => {
    const pdf = await realPdf();
    const ok = await checkUpload(pdf, rules);
    expect(ok).toMatchObject({ mediaType: 'application/pdf', extension: 'pdf' });
    expect(ok.bytes.equals(pdf)).toBe(true);
    const fake = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(4000, 0x90)]);
    await expect(checkUpload(fake, rules)).rejects.toBeInstanceOf(UploadDamagedError);
    const truncated = pdf.subarray(0, 40);
    await expect(checkUpload(truncated, rules)).rejects.toBeInstanceOf(UploadDamagedError);
  });

  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`re-encodes a ${format.toUpperCase()} photo without its EXIF and GPS position`, async () => {
      const photo = await photoWithGps(format);
      const before = await sharp(photo).metadata();
      expect(before.exif, 'the test photo carries EXIF').toBeDefined();
      const out = await checkUpload(photo, rules);
      expect(out.mediaType).toBe(`image/${format}`);
      const after = await sharp(out.bytes).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect([after.width, after.height]).toEqual([64, 48]);
      expect(out.bytes.includes(Buffer.from('SecretPhone'))).toBe(false);
    });
  }

  it('refuses a damaged image, what the field does not allow, an empty file and a file too large', async () => {
    const png = await photoWithGps('png');
    await expect(checkUpload(png.subarray(0, 60), rules)).rejects.toBeInstanceOf(UploadDamagedError);
    await expect(checkUpload(png, { ...rules, allowed: ['pdf'] })).rejects.toBeInstanceOf(UploadTypeRefusedError);
    await expect(checkUpload(Buffer.alloc(0), rules)).rejects.toBeInstanceOf(UploadTypeRefusedError);
    await expect(checkUpload(Buffer.alloc(rules.maxBytes + 1), rules)).rejects.toBeInstanceOf(UploadTooLargeError);
  });

  it('says in Vietnamese which field was refused and why', async () => {
    const refused = await checkUpload(Buffer.from('MZ'), { ...rules, allowed: ['pdf'] }).catch((e: UploadTypeRefusedError) => e);
    expect(domainErrorBody(refused as UploadTypeRefusedError, 'vi').error).toEqual({
      code: 'FILE_TYPE_REFUSED',
      field: 'file',
      message: 'Mục “Tệp”: chỉ nhận tệp PDF (kiểm tra theo nội dung tệp, không theo tên hay đuôi tệp).',
    });
    expect(domainErrorBody(new UploadTooLargeError('file', 10 * 1024 * 1024), 'vi').error.message).toBe('Mục “Tệp”: tệp quá lớn, tối đa 10 MB.');
    expect(domainErrorBody(new UploadDamagedError('file', 'PDF'), 'en').error.message).toBe('“File”: the PDF file is damaged or cannot be read.');
  });
});

describe('the name an upload is kept under', () => {
  it('drops folders, control characters and bidirectional overrides, and takes the extension of the content', () => {
    expect(uploadFileName('anh\u202Egpj.exe', 'jpg', 'anh')).toBe('anhgpj.jpg');
    expect(uploadFileName('a\u2066b\u2069\u200F.pdf', 'pdf', 'ban-scan')).toBe('ab.pdf');
    expect(uploadFileName('..\\..\\x/y/bien ban\u0000\u001b.PDF', 'pdf', 'ban-scan')).toBe('bien ban.pdf');
    expect(uploadFileName('\u202E', 'png', 'anh')).toBe('anh.png');
    expect(uploadFileName('..', 'png', 'anh')).toBe('anh.png');
  });

  it('cuts a long name at 150 characters, never inside a character', () => {
    const name = uploadFileName(`${'😀'.repeat(200)}.jpg`, 'jpg', 'anh');
    expect(Array.from(name.replace(/\.jpg$/u, ''))).toHaveLength(150);
    expect(name).not.toMatch(/\p{Cs}/u);
    expect(Buffer.from(name).toString()).toBe(name);
  });
});
