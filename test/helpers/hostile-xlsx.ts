/**
 * Hostile .xlsx files, small on disk: a minimal workbook whose shared strings unzip to as much
 * as asked (deflate of one repeated letter shrinks about 1,000 times). Built as a real zip
 * (local headers, central directory), each part deflated in flushed segments, so that huge
 * contents never sit in memory while the file is made.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

const MB = 1024 * 1024;
const FLUSH = { finishFlush: constants.Z_FULL_FLUSH };

/** A part's content: pieces of text, or a letter repeated `mb` megabytes. */
type Piece = string | { letter: string; mb: number };

function deflatePart(pieces: Piece[]): { data: Buffer; size: number; crc: number } {
  const out: Buffer[] = [];
  let size = 0;
  let crc = 0;
  const chunkCache = new Map<string, { raw: Buffer; deflated: Buffer }>();
  for (const p of pieces) {
    if (typeof p === 'string') {
      const raw = Buffer.from(p, 'utf8');
      out.push(deflateRawSync(raw, FLUSH));
      size += raw.length;
      crc = crc32(raw, crc);
    } else {
      let c = chunkCache.get(p.letter);
      if (!c) {
        const raw = Buffer.alloc(MB, p.letter);
        c = { raw, deflated: deflateRawSync(raw, FLUSH) };
        chunkCache.set(p.letter, c);
      }
      for (let i = 0; i < p.mb; i++) {
        out.push(c.deflated);
        crc = crc32(c.raw, crc);
      }
      size += p.mb * MB;
    }
  }
  out.push(deflateRawSync(Buffer.alloc(0))); // the final block
  return { data: Buffer.concat(out), size, crc: crc >>> 0 };
}

function zip(parts: { name: string; pieces: Piece[] }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const { data, size, crc } = deflatePart(part.pieces);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org';

/**
 * A one-sheet workbook: row 1 is `header`, then one row whose cells are the shared strings
 * (each `{ letter, mb }` repeated, or plain text).
 */
export function hostileWorkbook(strings: Piece[], header: string[] = ['Mã trường', 'Tên trường']): Buffer {
  const all: Piece[] = [...header, ...strings];
  const shared: Piece[] = [`${XML}<sst xmlns="${NS}/spreadsheetml/2006/main" count="${all.length}" uniqueCount="${all.length}">`];
  for (const s of all) shared.push('<si><t>', s, '</t></si>');
  shared.push('</sst>');
  const col = (i: number) => String.fromCharCode(65 + i);
  const row = (r: number, from: number, n: number) =>
    `<row r="${r}">${Array.from({ length: n }, (_, i) => `<c r="${col(i)}${r}" t="s"><v>${from + i}</v></c>`).join('')}</row>`;
  const sheet = `${XML}<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${row(1, 0, header.length)}${row(2, header.length, strings.length)}</sheetData></worksheet>`;
  return zip([
    {
      name: '[Content_Types].xml',
      pieces: [
        `${XML}<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      ],
    },
    {
      name: '_rels/.rels',
      pieces: [`${XML}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    },
    {
      name: 'xl/workbook.xml',
      pieces: [`${XML}<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      pieces: [
        `${XML}<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ],
    },
    { name: 'xl/sharedStrings.xml', pieces: shared },
    { name: 'xl/worksheets/sheet1.xml', pieces: [sheet] },
  ]);
}

/** Twelve strings of 300 MB each: about 3.5 MB on disk, 3.6 GB unzipped. */
export const twelveHugeStrings = () => hostileWorkbook(Array.from({ length: 12 }, () => ({ letter: 'A', mb: 300 })));

/** One cell of 200 MB. */
export const oneHugeCell = () => hostileWorkbook([{ letter: 'B', mb: 200 }]);

/** A real workbook cut short: its central directory is gone. */
export const truncatedZip = (real: Buffer) => real.subarray(0, Math.floor(real.length * 0.6));
