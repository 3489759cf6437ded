/**
 * One place where uploaded files live: the local disk under the data dir (default) or an
 * S3-compatible bucket (so that app nodes keep no state). Services see only keys such as
 * `mou-scans/2025/<uuid>.pdf`; no other code writes uploaded files anywhere.
 */
import type { Readable } from 'node:stream';

export interface FileStore {
  /** "local:/srv/chungtay/data/uploads" or "s3:bucket@endpoint", for logs and messages (no secrets). */
  readonly description: string;
  /** Store `bytes` under `key`, replacing what was there; readers see the old or the new file, never a part. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The whole file; throws `FileNotFoundError` when there is none. */
  get(key: string): Promise<Buffer>;
  /** The file as a stream, for large files; throws `FileNotFoundError` when there is none. */
  stream(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Remove the file; removing a missing file is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` (all keys by default), in byte order of the key. */
  list(prefix?: string): AsyncIterable<string>;
  close(): Promise<void>;
}

export class FileNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored file under "${key}"`);
    this.name = 'FileNotFoundError';
  }
}

export class InvalidFileKeyError extends Error {
  constructor(readonly key: string) {
    super(`Not a valid file key: ${JSON.stringify(key)}`);
    this.name = 'InvalidFileKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/u;

/**
 * Keys are relative paths of plain segments (letters, digits, `._-`, no segment starting with
 * a dot), so a key can never climb out of the store's folder, name a hidden temporary file,
 * or mean different things on disk and in a bucket.
 */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) throw new InvalidFileKeyError(key);
  for (const segment of key.split('/')) if (!SEGMENT.test(segment)) throw new InvalidFileKeyError(key);
  return key;
}

/** Same as `checkKey`, for list prefixes: empty, or whole segments followed by an optional partial one. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const probe = prefix.endsWith('/') ? `${prefix}x` : prefix;
  checkKey(probe);
  return prefix;
}
