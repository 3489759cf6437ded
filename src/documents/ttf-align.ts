/**
 * Works around a bug of @pdf-lib/fontkit's TrueType subsetter: it copies each glyph's
 * bytes as they are and, when the subset is small, writes a *short* `loca` table
 * (offsets divided by 2), so every glyph after one of odd length starts at the wrong
 * place and renders as garbage or nothing (Tinos has 1,084 odd-length glyphs; "TRƯỜNG"
 * came out as "ƯỜN" in poppler).
 *
 * `alignGlyphs` rewrites a TrueType font so that every glyph in `glyf` is padded to a
 * multiple of 4 bytes (zero padding after a glyph is allowed by the OpenType spec),
 * with a long `loca`, the head's `indexToLocFormat` set to 1, and the table checksums
 * and `checkSumAdjustment` recomputed. The glyphs themselves are unchanged.
 */

const pad4 = (n: number): number => (n + 3) & ~3;

function checksum(bytes: Uint8Array): number {
  const padded = new Uint8Array(pad4(bytes.length));
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

interface Table {
  readonly tag: string;
  bytes: Uint8Array;
}

export function alignGlyphs(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const sfntVersion = view.getUint32(0);
  if (sfntVersion !== 0x00010000 && sfntVersion !== 0x74727565) {
    throw new Error('Not a TrueType font (glyf outlines)');
  }
  const numTables = view.getUint16(4);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(font[rec] ?? 0, font[rec + 1] ?? 0, font[rec + 2] ?? 0, font[rec + 3] ?? 0);
    const offset = view.getUint32(rec + 8);
    const length = view.getUint32(rec + 12);
    tables.push({ tag, bytes: font.slice(offset, offset + length) });
  }
  const get = (tag: string): Table => {
    const t = tables.find((x) => x.tag === tag);
    if (!t) throw new Error(`Font has no ${tag} table`);
    return t;
  };
  const head = get('head');
  const loca = get('loca');
  const glyf = get('glyf');
  const maxp = get('maxp');
  const headView = new DataView(head.bytes.buffer, head.bytes.byteOffset, head.bytes.byteLength);
  const longLoca = headView.getInt16(50) === 1;
  const numGlyphs = new DataView(maxp.bytes.buffer, maxp.bytes.byteOffset).getUint16(4);
  const locaView = new DataView(loca.bytes.buffer, loca.bytes.byteOffset, loca.bytes.byteLength);
  const offsetOf = (i: number): number => (longLoca ? locaView.getUint32(4 * i) : 2 * locaView.getUint16(2 * i));

  // New glyf: every glyph padded to 4 bytes.
  let total = 0;
  for (let i = 0; i < numGlyphs; i++) total += pad4(offsetOf(i + 1) - offsetOf(i));
  const newGlyf = new Uint8Array(total);
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  const newLocaView = new DataView(newLoca.buffer);
  let pos = 0;
  for (let i = 0; i < numGlyphs; i++) {
    const start = offsetOf(i);
    const end = offsetOf(i + 1);
    newLocaView.setUint32(4 * i, pos);
    newGlyf.set(glyf.bytes.subarray(start, end), pos);
    pos += pad4(end - start);
  }
  newLocaView.setUint32(4 * numGlyphs, pos);
  glyf.bytes = newGlyf;
  loca.bytes = newLoca;
  headView.setInt16(50, 1); // indexToLocFormat: long
  headView.setUint32(8, 0); // checkSumAdjustment, computed below

  // Write the font again: same tables, sorted by tag, 4-byte aligned.
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const dirSize = 12 + 16 * numTables;
  let size = dirSize;
  for (const t of tables) size += pad4(t.bytes.length);
  const out = new Uint8Array(size);
  const ov = new DataView(out.buffer);
  ov.setUint32(0, sfntVersion);
  ov.setUint16(4, numTables);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  ov.setUint16(6, searchRange);
  ov.setUint16(8, entrySelector);
  ov.setUint16(10, numTables * 16 - searchRange);
  let offset = dirSize;
  let headOffset = 0;
  tables.forEach((t, i) => {
    const rec = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[rec + k] = t.tag.charCodeAt(k);
    ov.setUint32(rec + 4, checksum(t.bytes));
    ov.setUint32(rec + 8, offset);
    ov.setUint32(rec + 12, t.bytes.length);
    out.set(t.bytes, offset);
    if (t.tag === 'head') headOffset = offset;
    offset += pad4(t.bytes.length);
  });
  ov.setUint32(headOffset + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
