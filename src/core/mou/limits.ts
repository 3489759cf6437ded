/**
 * The type of an uploaded file, from its first bytes (never from its name or the
 * browser's word): the scanned copy of a signed MoU is a PDF, a JPEG or a PNG.
 */
export type ScanMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const SCAN_EXTENSIONS: Record<ScanMediaType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** 10 MB: a few scanned A4 pages at 200–300 dpi. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

export function sniffScanType(bytes: Uint8Array): ScanMediaType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  // "%PDF-" may follow a few bytes of junk some scanners write; readers accept 1024.
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d];
  for (let at = 0; at < Math.min(1024, bytes.length - 4); at++) if (starts(pdf, at)) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}
