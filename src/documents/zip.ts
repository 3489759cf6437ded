/**
 * Just enough of the zip format for office files: read the entries of a zip (stored or
 * deflated), and set the DOS date of every entry in place (for reproducible files).
 */
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  readonly name: string;
  /** Offset of the central directory record. */
  readonly central: number;
  /** Offset of the local header. */
  readonly local: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
}

function entries(zip: Uint8Array): { view: DataView; list: Entry[] } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  while (eocd >= stop && view.getUint32(eocd, true) !== EOCD) eocd--;
  if (eocd < stop) throw new Error('Not a zip file: no end of central directory');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const list: Entry[] = [];
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < count; i++) {
    if (view.getUint32(p, true) !== CENTRAL) throw new Error('Bad zip central directory');
    const nameLen = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    if (view.getUint32(local, true) !== LOCAL) throw new Error('Bad zip local header');
    list.push({
      name: decoder.decode(zip.subarray(p + 46, p + 46 + nameLen)),
      central: p,
      local,
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
    });
    p += 46 + nameLen + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return { view, list };
}

/** The files of a zip, by path, in the zip's order. */
export function readZip(zip: Uint8Array): Map<string, Buffer> {
  const { view, list } = entries(zip);
  const out = new Map<string, Buffer>();
  for (const e of list) {
    const start = e.local + 30 + view.getUint16(e.local + 26, true) + view.getUint16(e.local + 28, true);
    const data = zip.subarray(start, start + e.compressedSize);
    if (e.method === 0) out.set(e.name, Buffer.from(data));
    else if (e.method === 8) out.set(e.name, inflateRawSync(data));
    else throw new Error(`Unsupported zip compression ${e.method} for ${e.name}`);
  }
  return out;
}

/** The DOS date/time of each entry (central directory), as [date, time] numbers. */
export function zipEntryDates(zip: Uint8Array): [number, number][] {
  const { view, list } = entries(zip);
  return list.map((e) => [view.getUint16(e.central + 14, true), view.getUint16(e.central + 12, true)]);
}

/**
 * Sets the DOS date and time of every entry of a zip file (local headers and central
 * directory) to midnight of `date`, in place. No checksum covers these fields.
 */
export function setZipEntryDates(zip: Uint8Array, date: { year: number; month: number; day: number }): void {
  const { view, list } = entries(zip);
  const dosDate = ((date.year - 1980) << 9) | (date.month << 5) | date.day;
  for (const e of list) {
    view.setUint16(e.central + 12, 0, true);
    view.setUint16(e.central + 14, dosDate, true);
    view.setUint16(e.local + 10, 0, true);
    view.setUint16(e.local + 12, dosDate, true);
  }
}
