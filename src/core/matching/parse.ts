/**
 * JSON text → validated {@link CompiledInstance}, fast.
 *
 * `JSON.parse` of a 4-million-edge instance (200 MB) takes seconds and builds millions of
 * objects. The fast path below reads the expected shape byte by byte straight into typed
 * arrays, looking ids up in a hash table over the raw UTF-8 bytes (no string per edge).
 * It is deliberately narrow: on anything it does not expect (escapes in strings, unknown or
 * repeated keys, any invalid value, unknown or duplicate ids, duplicate edges, …) it gives up,
 * and the text goes through `JSON.parse` + {@link validateInstance}, which is the reference
 * behaviour and produces the error messages. So the fast path changes speed, never results.
 *
 * Pure: works on a string or on bytes already in memory, no I/O.
 */
import {
  findDuplicateEdges,
  validateInstance,
  type CompiledInstance,
  type ValidationResult,
} from './instance.ts';

/** Parses and validates instance text (a string, or its UTF-8 bytes). Never throws. */
export function parseInstanceText(input: string | Uint8Array): ValidationResult {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const fast = tryFastParse(bytes);
  if (fast) return { ok: true, instance: fast };
  let raw: unknown;
  try {
    raw = JSON.parse(typeof input === 'string' ? input : new TextDecoder().decode(input));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `the input is not valid JSON: ${detail}`,
          messageVi: `dữ liệu vào không phải JSON hợp lệ: ${detail}`,
        },
      ],
    };
  }
  return validateInstance(raw);
}

const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

const MAX_CAP = 0x7fffffff;
const Q = 34; // "
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

let numEnd = 0;

/** Parses a JSON number at p (sets numEnd); NaN when malformed. */
function parseNumber(b: Uint8Array, p: number, n: number): number {
  const start = p;
  let neg = false;
  if (p < n && b[p] === 45) {
    neg = true;
    p++;
  }
  let m = 0;
  let digits = 0;
  let c = p < n ? b[p]! : 0;
  if (c === 48) {
    p++;
    digits = 1;
  } else if (c >= 49 && c <= 57) {
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      p++;
      c = p < n ? b[p]! : 0;
    }
  } else {
    return NaN;
  }
  let frac = 0;
  c = p < n ? b[p]! : 0;
  if (c === 46) {
    p++;
    c = p < n ? b[p]! : 0;
    if (!(c >= 48 && c <= 57)) return NaN;
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      frac++;
      digits++;
      p++;
      c = p < n ? b[p]! : 0;
    }
  }
  if (c === 101 || c === 69) {
    p++;
    c = p < n ? b[p]! : 0;
    if (c === 43 || c === 45) {
      p++;
      c = p < n ? b[p]! : 0;
    }
    if (!(c >= 48 && c <= 57)) return NaN;
    while (c >= 48 && c <= 57) {
      p++;
      c = p < n ? b[p]! : 0;
    }
    numEnd = p;
    return Number(asciiString(b, start, p));
  }
  numEnd = p;
  if (digits > 15) return Number(asciiString(b, start, p));
  // m < 10^15 < 2^53 and 10^frac are exact, so the division is correctly rounded: the same
  // double as JSON.parse gives for this decimal.
  const v = frac === 0 ? m : m / POW10[frac]!;
  return neg ? -v : v;
}

function asciiString(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function skipWs(b: Uint8Array, p: number, n: number): number {
  while (p < n) {
    const c = b[p]!;
    if (c === 32 || c === 10 || c === 13 || c === 9) p++;
    else break;
  }
  return p;
}

/** True when b[p..] is `"key"` then optional whitespace then ':'; sets keyEnd after ':'. */
let keyEnd = 0;
function matchKey(b: Uint8Array, p: number, n: number, key: Uint8Array): boolean {
  const k = key.length;
  if (p + k + 2 > n || b[p] !== Q || b[p + k + 1] !== Q) return false;
  for (let i = 0; i < k; i++) if (b[p + 1 + i] !== key[i]) return false;
  p = skipWs(b, p + k + 2, n);
  if (p >= n || b[p] !== 58) return false;
  keyEnd = skipWs(b, p + 1, n);
  return true;
}

const enc = new TextEncoder();
const K_LEFT = enc.encode('left');
const K_RIGHT = enc.encode('right');
const K_EDGES = enc.encode('edges');
const K_ID = enc.encode('id');
const K_CAPACITY = enc.encode('capacity');
const K_COST = enc.encode('cost');

/** Open-addressing table from id bytes to node index (ids copied into a compact arena). */
class IdTable {
  readonly ids: string[] = [];
  readonly caps: number[] = [];
  private arena = new Uint8Array(1024);
  private arenaUsed = 0;
  private offs = new Int32Array(64);
  private lens = new Int32Array(64);
  private slotHash = new Int32Array(64);
  private slotNode = new Int32Array(64); // node index + 1, 0 = empty
  private mask = 63;
  constructor(private readonly src: Uint8Array) {}
  get size(): number {
    return this.ids.length;
  }
  /** Index of the id whose bytes are src[s..e) with hash h, or -1. */
  find(s: number, e: number, h: number): number {
    const b = this.src;
    const a = this.arena;
    const len = e - s;
    const mask = this.mask;
    const slotHash = this.slotHash;
    const slotNode = this.slotNode;
    let i = h & mask;
    for (;;) {
      const v = slotNode[i]!;
      if (v === 0) return -1;
      if (slotHash[i] === h) {
        const k = v - 1;
        if (this.lens[k] === len) {
          const o = this.offs[k]!;
          let j = 0;
          while (j < len && a[o + j] === b[s + j]) j++;
          if (j === len) return k;
        }
      }
      i = (i + 1) & mask;
    }
  }
  /** Adds an id (caller checked it is new). */
  add(s: number, e: number, h: number, id: string, cap: number): void {
    const k = this.ids.length;
    const len = e - s;
    this.ids.push(id);
    this.caps.push(cap);
    if (k === this.offs.length) {
      const o = new Int32Array(k * 2);
      o.set(this.offs);
      this.offs = o;
      const l = new Int32Array(k * 2);
      l.set(this.lens);
      this.lens = l;
    }
    if (this.arenaUsed + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      a.set(this.arena);
      this.arena = a;
    }
    this.arena.set(this.src.subarray(s, e), this.arenaUsed);
    this.offs[k] = this.arenaUsed;
    this.lens[k] = len;
    this.arenaUsed += len;
    if ((k + 1) * 2 > this.slotNode.length) this.rehash(this.slotNode.length * 2, h, k);
    else this.place(h, k);
  }
  private place(h: number, k: number): void {
    let i = h & this.mask;
    while (this.slotNode[i] !== 0) i = (i + 1) & this.mask;
    this.slotNode[i] = k + 1;
    this.slotHash[i] = h;
  }
  private rehash(size: number, h: number, k: number): void {
    const oldNode = this.slotNode;
    const oldHash = this.slotHash;
    this.slotNode = new Int32Array(size);
    this.slotHash = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < oldNode.length; i++) if (oldNode[i] !== 0) this.place(oldHash[i]!, oldNode[i]! - 1);
    this.place(h, k);
  }
}

let strHash = 0;
let strEnd = 0;
/** Scans a JSON string without escapes starting at the opening quote; returns the index after
 * the closing quote (sets strHash, strEnd = index of closing quote) or -1. */
function scanString(b: Uint8Array, p: number, n: number): number {
  if (p >= n || b[p] !== Q) return -1;
  p++;
  let h = FNV_OFFSET;
  while (p < n) {
    const c = b[p]!;
    if (c === Q) {
      strHash = h;
      strEnd = p;
      return p + 1;
    }
    if (c === 92 || c < 32) return -1;
    h = Math.imul(h ^ c, FNV_PRIME);
    p++;
  }
  return -1;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
function decodeId(b: Uint8Array, s: number, e: number): string | null {
  let ascii = true;
  for (let i = s; i < e; i++) if (b[i]! >= 128) ascii = false;
  if (ascii && e - s <= 64) return asciiString(b, s, e);
  try {
    return fatalDecoder.decode(b.subarray(s, e));
  } catch {
    return null;
  }
}

/** Reads `[ {"id":…,"capacity":…}, … ]` at p; returns the index after ']' or -1. */
function readNodes(b: Uint8Array, p: number, n: number, table: IdTable): number {
  if (p >= n || b[p] !== 91) return -1;
  p = skipWs(b, p + 1, n);
  if (p < n && b[p] === 93) return p + 1;
  for (;;) {
    if (p >= n || b[p] !== 123) return -1;
    p = skipWs(b, p + 1, n);
    let id: string | null = null;
    let s = 0;
    let e = 0;
    let h = 0;
    let cap = 1;
    let sawCap = false;
    for (;;) {
      if (id === null && matchKey(b, p, n, K_ID)) {
        p = scanString(b, keyEnd, n);
        if (p < 0) return -1;
        s = keyEnd + 1;
        e = strEnd;
        h = strHash;
        if (e === s) return -1;
        id = decodeId(b, s, e);
        if (id === null) return -1;
      } else if (!sawCap && matchKey(b, p, n, K_CAPACITY)) {
        sawCap = true;
        cap = parseNumber(b, keyEnd, n);
        if (!Number.isInteger(cap) || cap < 1) return -1;
        p = numEnd;
      } else {
        return -1;
      }
      p = skipWs(b, p, n);
      const c = p < n ? b[p] : -1;
      if (c === 44) p = skipWs(b, p + 1, n);
      else if (c === 125) {
        p++;
        break;
      } else return -1;
    }
    if (id === null || table.find(s, e, h) >= 0) return -1;
    table.add(s, e, h, id, cap > MAX_CAP ? MAX_CAP : cap);
    p = skipWs(b, p, n);
    const c = p < n ? b[p] : -1;
    if (c === 44) p = skipWs(b, p + 1, n);
    else if (c === 93) return p + 1;
    else return -1;
  }
}

/** The fast path: a CompiledInstance, or null to fall back to JSON.parse + validateInstance. */
export function tryFastParse(bytes: Uint8Array): CompiledInstance | null {
  // A plain Uint8Array view (not a Buffer subclass) keeps element access monomorphic.
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = b.length;
  let p = 0;
  if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3; // BOM
  p = skipWs(b, p, n);
  if (p >= n || b[p] !== 123) return null;
  p = skipWs(b, p + 1, n);
  const L = new IdTable(b);
  const R = new IdTable(b);
  let sawLeft = false;
  let sawRight = false;
  let sawEdges = false;
  let cap = Math.max(16, Math.floor(n / 40));
  let edgeLeft = new Int32Array(0);
  let edgeRight = new Int32Array(0);
  let edgeCost = new Float64Array(0);
  let m = 0;
  for (;;) {
    if (!sawLeft && matchKey(b, p, n, K_LEFT)) {
      sawLeft = true;
      p = readNodes(b, keyEnd, n, L);
      if (p < 0) return null;
    } else if (!sawRight && matchKey(b, p, n, K_RIGHT)) {
      sawRight = true;
      p = readNodes(b, keyEnd, n, R);
      if (p < 0) return null;
    } else if (!sawEdges && sawLeft && sawRight && matchKey(b, p, n, K_EDGES)) {
      sawEdges = true;
      p = keyEnd;
      if (p >= n || b[p] !== 91) return null;
      p = skipWs(b, p + 1, n);
      edgeLeft = new Int32Array(cap);
      edgeRight = new Int32Array(cap);
      edgeCost = new Float64Array(cap);
      if (p < n && b[p] === 93) {
        p++;
      } else {
        for (;;) {
          if (p >= n || b[p] !== 123) return null;
          let li = -1;
          let ri = -1;
          let cost = NaN;
          let seen = 0;
          // Compact layout first: {"left":"…","right":"…","cost":…} without spaces.
          if (
            p + 8 < n &&
            b[p + 1] === Q &&
            b[p + 2] === 108 &&
            b[p + 3] === 101 &&
            b[p + 4] === 102 &&
            b[p + 5] === 116 &&
            b[p + 6] === Q &&
            b[p + 7] === 58
          ) {
            let q = scanString(b, p + 8, n);
            if (q > 0) li = L.find(p + 9, strEnd, strHash);
            if (
              li >= 0 &&
              q + 9 < n &&
              b[q] === 44 &&
              b[q + 1] === Q &&
              b[q + 2] === 114 &&
              b[q + 3] === 105 &&
              b[q + 4] === 103 &&
              b[q + 5] === 104 &&
              b[q + 6] === 116 &&
              b[q + 7] === Q &&
              b[q + 8] === 58
            ) {
              const rs = q + 9;
              q = scanString(b, rs, n);
              if (q > 0) ri = R.find(rs + 1, strEnd, strHash);
              if (
                ri >= 0 &&
                q + 8 < n &&
                b[q] === 44 &&
                b[q + 1] === Q &&
                b[q + 2] === 99 &&
                b[q + 3] === 111 &&
                b[q + 4] === 115 &&
                b[q + 5] === 116 &&
                b[q + 6] === Q &&
                b[q + 7] === 58
              ) {
                cost = parseNumber(b, q + 8, n);
                if (Number.isFinite(cost) && numEnd < n && b[numEnd] === 125) {
                  p = numEnd + 1;
                  seen = 7;
                }
              }
            }
          }
          if (seen !== 7) {
            li = -1;
            ri = -1;
            cost = NaN;
            p = skipWs(b, p + 1, n);
            for (;;) {
              if ((seen & 1) === 0 && matchKey(b, p, n, K_LEFT)) {
                seen |= 1;
                p = scanString(b, keyEnd, n);
                if (p < 0) return null;
                li = L.find(keyEnd + 1, strEnd, strHash);
                if (li < 0) return null;
              } else if ((seen & 2) === 0 && matchKey(b, p, n, K_RIGHT)) {
                seen |= 2;
                p = scanString(b, keyEnd, n);
                if (p < 0) return null;
                ri = R.find(keyEnd + 1, strEnd, strHash);
                if (ri < 0) return null;
              } else if ((seen & 4) === 0 && matchKey(b, p, n, K_COST)) {
                seen |= 4;
                cost = parseNumber(b, keyEnd, n);
                if (!Number.isFinite(cost)) return null;
                p = numEnd;
              } else {
                return null;
              }
              p = skipWs(b, p, n);
              const c = p < n ? b[p] : -1;
              if (c === 44) p = skipWs(b, p + 1, n);
              else if (c === 125) {
                p++;
                break;
              } else return null;
            }
          }
          if (seen !== 7) return null;
          if (m === cap) {
            cap *= 2;
            const a = new Int32Array(cap);
            a.set(edgeLeft);
            edgeLeft = a;
            const r = new Int32Array(cap);
            r.set(edgeRight);
            edgeRight = r;
            const d = new Float64Array(cap);
            d.set(edgeCost);
            edgeCost = d;
          }
          edgeLeft[m] = li;
          edgeRight[m] = ri;
          edgeCost[m] = cost;
          m++;
          p = skipWs(b, p, n);
          const c = p < n ? b[p] : -1;
          if (c === 44) p = skipWs(b, p + 1, n);
          else if (c === 93) {
            p++;
            break;
          } else return null;
        }
      }
    } else {
      return null;
    }
    p = skipWs(b, p, n);
    const c = p < n ? b[p] : -1;
    if (c === 44) p = skipWs(b, p + 1, n);
    else if (c === 125) {
      p++;
      break;
    } else return null;
  }
  p = skipWs(b, p, n);
  if (p !== n || !sawLeft || !sawRight || !sawEdges) return null;
  edgeLeft = edgeLeft.slice(0, m);
  edgeRight = edgeRight.slice(0, m);
  edgeCost = edgeCost.slice(0, m);
  if (findDuplicateEdges(L.size, R.size, edgeLeft, edgeRight, 1).length > 0) return null;
  return {
    kind: 'compiled',
    leftIds: L.ids,
    rightIds: R.ids,
    leftCapacity: Int32Array.from(L.caps),
    rightCapacity: Int32Array.from(R.caps),
    edgeLeft,
    edgeRight,
    edgeCost,
  };
}
