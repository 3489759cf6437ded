/**
 * The one check every uploaded file passes before it is stored: the type comes from the
 * content (never the name or the browser's word), a PDF must really parse, and an image is
 * decoded and encoded again, which drops what it carried besides pixels (EXIF, GPS position,
 * comments, anything appended after the image data).
 */
import { fileTypeFromBuffer } from 'file-type';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { DomainError } from '#src/core/errors.ts';
import { inspectZip } from '#src/server/xlsx/inspect-zip.ts';

export type UploadKind = 'pdf' | 'image' | 'docx';
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export type UploadMediaType = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp' | typeof DOCX_MEDIA_TYPE;

export const UPLOAD_EXTENSIONS: Record<UploadMediaType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  [DOCX_MEDIA_TYPE]: 'docx',
};

const KIND_OF: Record<UploadMediaType, UploadKind> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  [DOCX_MEDIA_TYPE]: 'docx',
};

const FORMATS: Record<UploadKind, string> = { pdf: 'PDF', image: 'JPEG, PNG, WebP', docx: 'Word (.docx)' };

/** A Word file is a zip: bounded before anything opens it (the zip-bomb limits of imports). */
const DOCX_ZIP_LIMITS = { maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxEntries: 2000 };

/**
 * An image is refused from the size its header declares, before any decoding, above 50
 * megapixels or 16,384 pixels on a side: a phone's photo is 12 MP (4,032 × 3,024), 48 MP
 * (8,064 × 6,048) or 50 MP (8,160 × 6,120), all under it; only the 108/200 MP modes and very
 * long panoramas are not, and they are far more than a page of evidence shows. A 100 MP
 * one-colour PNG is 292 KB yet took ~7 s and ~80 MB to re-encode (attacker probe).
 */
export const MAX_IMAGE_PIXELS = 50_000_000;
export const MAX_IMAGE_SIDE = 16_384;
/** Images decoded and encoded at once in a process (uploads, thumbnails): the others queue. */
export const IMAGE_WORK_CONCURRENCY = 2;

export interface UploadRules {
  /** The request field, named in the error ("file"). */
  field: string;
  allowed: readonly UploadKind[];
  maxBytes: number;
}

export interface CheckedUpload {
  bytes: Buffer;
  mediaType: UploadMediaType;
  extension: string;
}

export class UploadTypeRefusedError extends DomainError {
  constructor(field: string, allowed: readonly UploadKind[]) {
    super('FILE_TYPE_REFUSED', 415, { formats: allowed.map((k) => FORMATS[k]).join(', ') }, field);
  }
}

export class UploadTooLargeError extends DomainError {
  constructor(field: string, maxBytes: number) {
    super('FILE_TOO_LARGE', 413, { megabytes: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }, field);
  }
}

export class UploadImageTooLargeError extends DomainError {
  constructor(field: string, width: number, height: number) {
    super('FILE_IMAGE_TOO_LARGE', 413, { width, height, megapixels: MAX_IMAGE_PIXELS / 1_000_000, maxSide: MAX_IMAGE_SIDE }, field);
  }
}

let imageWorkRunning = 0;
const imageWorkWaiting: (() => void)[] = [];

/**
 * Run `work` (decoding/encoding an image) once fewer than IMAGE_WORK_CONCURRENCY such jobs run in
 * this process: parallel uploads wait their turn instead of each holding a decoded image in memory.
 */
export async function imageWork<T>(work: () => Promise<T>): Promise<T> {
  if (imageWorkRunning >= IMAGE_WORK_CONCURRENCY) await new Promise<void>((resolve) => imageWorkWaiting.push(resolve));
  else imageWorkRunning += 1;
  try {
    return await work();
  } finally {
    // The place passes straight to the next waiting job (the count stays), or is freed.
    const next = imageWorkWaiting.shift();
    if (next) next();
    else imageWorkRunning -= 1;
  }
}

export class UploadDamagedError extends DomainError {
  constructor(field: string, format: string) {
    super('FILE_DAMAGED', 422, { format }, field);
  }
}

/**
 * Check an uploaded file and return the bytes to store: a PDF as it came (its signature and
 * hash stay those of the scanned original), an image re-encoded in its own format.
 */
export async function checkUpload(bytes: Uint8Array, rules: UploadRules): Promise<CheckedUpload> {
  if (bytes.length > rules.maxBytes) throw new UploadTooLargeError(rules.field, rules.maxBytes);
  const detected = bytes.length ? await fileTypeFromBuffer(bytes) : undefined;
  const mediaType = detected?.mime as UploadMediaType | undefined;
  if (!mediaType || !(mediaType in KIND_OF) || !rules.allowed.includes(KIND_OF[mediaType])) throw new UploadTypeRefusedError(rules.field, rules.allowed);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (mediaType === 'application/pdf') {
    await checkPdf(input, rules.field);
    return { bytes: input, mediaType, extension: UPLOAD_EXTENSIONS[mediaType] };
  }
  if (mediaType === DOCX_MEDIA_TYPE) {
    await inspectZip(input, DOCX_ZIP_LIMITS).catch(() => {
      throw new UploadDamagedError(rules.field, 'DOCX');
    });
    return { bytes: input, mediaType, extension: UPLOAD_EXTENSIONS[mediaType] };
  }
  const out = await imageWork(() => reencode(input, mediaType, rules.field));
  if (out.length > rules.maxBytes) throw new UploadTooLargeError(rules.field, rules.maxBytes);
  return { bytes: out, mediaType, extension: UPLOAD_EXTENSIONS[mediaType] };
}

async function checkPdf(bytes: Buffer, field: string): Promise<void> {
  let pages = 0;
  try {
    // Scans are seldom encrypted, but a password-protected PDF is still a PDF: its structure parses.
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    pages = doc.getPageCount();
  } catch {
    throw new UploadDamagedError(field, 'PDF');
  }
  if (pages < 1) throw new UploadDamagedError(field, 'PDF');
}

async function reencode(bytes: Buffer, mediaType: Exclude<UploadMediaType, 'application/pdf' | typeof DOCX_MEDIA_TYPE>, field: string): Promise<Buffer> {
  let declared: { width?: number; height?: number };
  try {
    // The header only: nothing is decoded yet.
    declared = await sharp(bytes, { failOn: 'error', limitInputPixels: false, animated: false }).metadata();
  } catch {
    throw new UploadDamagedError(field, mediaType.slice('image/'.length).toUpperCase());
  }
  const { width = 0, height = 0 } = declared;
  if (width * height > MAX_IMAGE_PIXELS || Math.max(width, height) > MAX_IMAGE_SIDE) throw new UploadImageTooLargeError(field, width, height);
  try {
    // rotate() turns the pixels the way EXIF said, since the EXIF itself is dropped.
    // limitInputPixels stays as a second guard, should the header and the data disagree.
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS, animated: false }).rotate();
    if (mediaType === 'image/jpeg') return await image.jpeg({ quality: 88, mozjpeg: true }).toBuffer();
    if (mediaType === 'image/png') return await image.png({ compressionLevel: 9 }).toBuffer();
    return await image.webp({ quality: 88 }).toBuffer();
  } catch {
    throw new UploadDamagedError(field, mediaType.slice('image/'.length).toUpperCase());
  }
}

/**
 * The name an uploaded file is kept and sent back under (evidence, scans, letters): no folder,
 * no control character, no bidirectional mark, embedding, override or isolate (an "anh‮gpj.exe"
 * would show as something else than it is), none of `"<>|:*?`, at most 150 characters, and the
 * extension of the type found in the content. `fallback` names a file left without a name.
 */
export function uploadFileName(name: string, extension: string, fallback: string): string {
  const cleaned = (name.split(/[\\/]/u).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069"<>|:*?]/gu, '')
    .trim();
  const base = Array.from(cleaned).slice(0, 150).join('').trim();
  if (!base || /^\.+$/u.test(base)) return `${fallback}.${extension}`;
  return /\.[A-Za-z0-9]{1,5}$/u.test(base) ? base.replace(/\.[A-Za-z0-9]{1,5}$/u, `.${extension}`) : `${base}.${extension}`;
}
