/**
 * A gzip-compressed tar (POSIX ustar, PAX records for long names) written and read as a
 * stream: `tar -tzf backup.tar.gz` lists a Chung Tay backup, and no tar binary is needed.
 * Only what backups use: regular files, whole entries in memory one at a time.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

const BLOCK = 512;

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name: string, size: number, type: '0' | 'x', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** A PAX record "LEN path=VALUE\n", LEN counting itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return Buffer.from(`${len}${body}`);
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

export class TarWriter {
  private readonly gzip: Gzip = createGzip({ level: 6 });
  private readonly mtime = Math.floor(Date.now() / 1000);
  private readonly done: Promise<void>;

  constructor(out: Writable) {
    this.gzip.pipe(out);
    this.done = new Promise((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
      this.gzip.on('error', reject);
    });
  }

  private async write(chunk: Buffer): Promise<void> {
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }

  async add(name: string, data: Buffer): Promise<void> {
    if (Buffer.byteLength(name) > 100) {
      const pax = paxRecord('path', name);
      await this.write(header('PaxHeader', pax.length, 'x', this.mtime));
      await this.write(Buffer.concat([pax, padding(pax.length)]));
    }
    await this.write(header(Buffer.byteLength(name) > 100 ? name.slice(-90) : name, data.length, '0', this.mtime));
    await this.write(data);
    await this.write(padding(data.length));
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.gzip.end();
    await this.done;
  }
}

export class ArchiveFormatError extends Error {}

/** The entries of a .tar.gz stream, in order. */
export async function* readTar(input: Readable): AsyncGenerator<{ name: string; data: Buffer }> {
  const gunzip = input.pipe(createGunzip());
  input.on('error', (err) => gunzip.destroy(err));
  // Chunks are joined once per entry, not once per chunk (a 10 MB file comes in 16 KiB chunks).
  let buffered = Buffer.alloc(0);
  const pending: Buffer[] = [];
  let pendingLength = 0;
  let paxPath: string | null = null;
  let ended = false;
  const iterator = gunzip[Symbol.asyncIterator]();
  const need = async (n: number): Promise<boolean> => {
    while (buffered.length + pendingLength < n && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else {
        pending.push(next.value as Buffer);
        pendingLength += (next.value as Buffer).length;
      }
    }
    if (pending.length) {
      buffered = Buffer.concat([buffered, ...pending.splice(0)]);
      pendingLength = 0;
    }
    return buffered.length >= n;
  };
  for (;;) {
    if (!(await need(BLOCK))) throw new ArchiveFormatError('the archive ends in the middle (truncated file?)');
    const h = buffered.subarray(0, BLOCK);
    if (h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/su, '').trim(), 8) !== sum) throw new ArchiveFormatError('not a tar archive, or a damaged one');
    const size = parseInt(h.toString('ascii', 124, 136).replace(/\0.*$/su, '').trim() || '0', 8);
    const type = String.fromCharCode(h[156]!);
    const name = h.toString('utf8', 0, 100).replace(/\0.*$/su, '');
    const total = BLOCK + size + padding(size).length;
    if (!(await need(total))) throw new ArchiveFormatError('the archive ends in the middle (truncated file?)');
    const data = Buffer.from(buffered.subarray(BLOCK, BLOCK + size));
    buffered = buffered.subarray(total);
    if (type === 'x') {
      const match = /(?:^|\n)\d+ path=([^\n]*)\n/u.exec(data.toString('utf8'));
      paxPath = match ? match[1]! : null;
      continue;
    }
    if (type !== '0' && type !== '\0') throw new ArchiveFormatError(`unexpected entry type "${type}" for ${name}`);
    yield { name: paxPath ?? name, data };
    paxPath = null;
  }
}
