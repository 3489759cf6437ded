import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { domainErrorBody } from '#src/server/plugins/errors.ts';
import { checkUpload, imageWork, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, uploadFileName, UploadDamagedError, UploadImageTooLargeError, UploadTooLargeError, UploadTypeRefusedError } from './upload-check.ts';

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

describe('an image too large to decode is refused from its declared size', () => {
  /** One colour compresses to little: a few hundred kilobytes that would take seconds and much memory to decode. */
  const plain = (width: number, height: number, format: 'png' | 'jpeg' = 'png') =>
    sharp({ create: { width, height, channels: 3, background: '#fff' }, limitInputPixels: false }).toFormat(format).toBuffer();

  it('refuses a 12,000 × 12,000 PNG (144 megapixels) and a strip 16,385 pixels long, naming the field, in Vietnamese and English', async () => {
    const huge = await plain(12_000, 12_000);
    expect(huge.length, 'small on the wire').toBeLessThan(rules.maxBytes);
    const refused = await checkUpload(huge, rules).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadImageTooLargeError);
    expect(domainErrorBody(refused as UploadImageTooLargeError, 'vi')).toEqual({
      error: {
        code: 'FILE_IMAGE_TOO_LARGE',
        field: 'file',
        message: 'Mục “Tệp”: ảnh quá lớn (12000 × 12000 điểm ảnh), tối đa 50 megapixel và cạnh dài nhất 16384 điểm ảnh. Vui lòng thu nhỏ ảnh rồi tải lên lại.',
      },
    });
    expect(domainErrorBody(refused as UploadImageTooLargeError, 'en').error.message).toBe(
      '“File”: the image is too large (12000 × 12000 pixels), at most 50 megapixels and 16384 pixels on its longest side. Make it smaller and upload it again.',
    );
    expect((refused as UploadImageTooLargeError).status).toBe(413);
    await expect(checkUpload(await plain(MAX_IMAGE_SIDE + 1, 100, 'jpeg'), rules)).rejects.toBeInstanceOf(UploadImageTooLargeError);
  });

  it('takes a panorama at the side bound (16,384 × 600); a 50 MP phone photo (8,160 × 6,120) is under the pixel bound', async () => {
    expect(8160 * 6120).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
    const out = await checkUpload(await plain(MAX_IMAGE_SIDE, 600, 'jpeg'), rules);
    expect(out.mediaType).toBe('image/jpeg');
    expect(await sharp(out.bytes).metadata()).toMatchObject({ width: MAX_IMAGE_SIDE, height: 600 });
  });

  it('decodes at most two images at once in a process: the others wait their turn', async () => {
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, (_, i) =>
      imageWork(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return i;
      }),
    );
    // Let each admitted job start, then let them finish one by one.
    for (let done = 0; done < 6; done += 1) {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      expect(running).toBeLessThanOrEqual(2);
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    // A failing job frees its place too.
    await expect(imageWork(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    await expect(Promise.all([imageWork(async () => 1), imageWork(async () => 2), imageWork(async () => 3)])).resolves.toEqual([1, 2, 3]);
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
