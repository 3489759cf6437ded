import { describe, expect, it } from 'vitest';
import { sniffScanType } from './file-type.ts';

describe('the type of a scanned copy, from its content', () => {
  it('knows PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffScanType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(sniffScanType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffScanType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
  });

  it('refuses anything else, whatever its name says', () => {
    expect(sniffScanType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffScanType(Buffer.from('PK\u0003\u0004 a zip or a docx'))).toBeNull();
    expect(sniffScanType(new Uint8Array())).toBeNull();
  });
});
