/**
 * exceljs's streaming reader (4.4.0) decodes each unzipped chunk of XML to text on its own
 * (`lib/utils/parse-sax.js`), so a Vietnamese letter whose UTF-8 bytes straddle two chunks
 * becomes "��" — a school named "Trường Ti��u học …", a strength area not recognised.
 * Known upstream (exceljs issues #2063, #2316; fix proposed in PR #1665, not released).
 *
 * The fix here, until a release has one: the reader's two methods that hand an entry of the
 * file to that parser (shared strings, worksheets) get the entry re-cut at character
 * boundaries first — the bytes are unchanged, only where a chunk ends moves. Applied to the
 * class's prototype, so it holds wherever exceljs is imported from.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Where the last complete UTF-8 character of `b` ends (b.length when nothing is cut). */
export function completeUtf8Length(b: Uint8Array): number {
  const n = b.length;
  // A character is at most 4 bytes: look at the last 3 for the lead byte of a cut one.
  for (let k = 1; k <= Math.min(3, n); k++) {
    const byte = b[n - k]!;
    if (byte < 0x80) return n; // ASCII: nothing cut
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return size > k ? n - k : n;
    }
  }
  return n;
}

/** The same bytes, in chunks that never end inside a character. */
export async function* utf8Chunks(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    let b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry) {
      b = Buffer.concat([carry, b]);
      carry = null;
    }
    const end = completeUtf8Length(b);
    if (end < b.length) carry = Buffer.from(b.subarray(end));
    if (end > 0) yield b.subarray(0, end);
  }
  if (carry) yield carry;
}

interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Uint8Array>, sheetNo: string): AsyncGenerator<unknown>;
}

const PATCHED = Symbol.for('chungtay.exceljs.utf8-safe');

/** Make exceljs's streaming reader decode UTF-8 across chunks (idempotent). */
export function useUtf8SafeReader(): void {
  const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals & { [PATCHED]?: boolean };
  if (proto[PATCHED]) return;
  const sharedStrings = proto._parseSharedStrings;
  const worksheet = proto._parseWorksheet;
  if (typeof sharedStrings !== 'function' || typeof worksheet !== 'function') {
    throw new Error('exceljs changed: WorkbookReader has no _parseSharedStrings/_parseWorksheet to make UTF-8 safe');
  }
  proto._parseSharedStrings = function (entry) {
    // The original iterates the entry as a stream (data/end events): give it one.
    return sharedStrings.call(this, Readable.from(utf8Chunks(entry as unknown as AsyncIterable<Uint8Array>)));
  };
  proto._parseWorksheet = function (iterator, sheetNo) {
    return worksheet.call(this, utf8Chunks(iterator), sheetNo);
  };
  proto[PATCHED] = true;
}
