import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileNotFoundError, InvalidFileKeyError, type FileStore } from './file-store.ts';
import { LocalFileStore } from './local-file-store.ts';
import { S3FileStore } from './s3-file-store.ts';

const temp = await mkdtemp(join(tmpdir(), 'chungtay-store-'));
afterAll(() => rm(temp, { recursive: true, force: true }));

const collect = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
};

/** What every store promises; run against each implementation. */
function contract(name: string, open: () => Promise<FileStore>) {
  describe(`the ${name} file store`, () => {
    let store: FileStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close());

    it('gives back the exact bytes it was given, and replaces a file whole', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 0x25, 0x50, 0x44, 0x46]);
      await store.put('mou-scans/2025/a.pdf', bytes);
      expect((await store.get('mou-scans/2025/a.pdf')).equals(bytes)).toBe(true);
      expect(await store.exists('mou-scans/2025/a.pdf')).toBe(true);
      await store.put('mou-scans/2025/a.pdf', Buffer.from('bản mới'));
      expect((await store.get('mou-scans/2025/a.pdf')).toString()).toBe('bản mới');
      expect(await text(await store.stream('mou-scans/2025/a.pdf'))).toBe('bản mới');
    });

    it('says clearly when a file is missing, and deleting twice is fine', async () => {
      await store.put('tmp/gone.txt', Buffer.from('x'));
      await store.delete('tmp/gone.txt');
      await store.delete('tmp/gone.txt');
      expect(await store.exists('tmp/gone.txt')).toBe(false);
      await expect(store.get('tmp/gone.txt')).rejects.toBeInstanceOf(FileNotFoundError);
      await expect(store.stream('never/there.bin')).rejects.toBeInstanceOf(FileNotFoundError);
    });

    it('lists keys by prefix in byte order', async () => {
      for (const key of ['list/b/2.jpg', 'list/a.png', 'list/b/1.jpg', 'listing/x.pdf', 'other/y.pdf']) await store.put(key, Buffer.from(key));
      expect(await collect(store.list('list/'))).toEqual(['list/a.png', 'list/b/1.jpg', 'list/b/2.jpg']);
      expect(await collect(store.list('list'))).toEqual(['list/a.png', 'list/b/1.jpg', 'list/b/2.jpg', 'listing/x.pdf']);
      const all = await collect(store.list());
      expect(all).toEqual([...all].sort());
      expect(all).toEqual(expect.arrayContaining(['other/y.pdf', 'mou-scans/2025/a.pdf']));
    });

    it('refuses keys that could leave its folder or hide', async () => {
      for (const key of ['../etc/passwd', 'a/../../b', '/abs/path', 'a//b', 'a/./b', '.hidden', 'a/.tmp-1', 'a\\b', 'a\u0000b', '', 'x'.repeat(600)]) {
        await expect(store.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(InvalidFileKeyError);
        await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidFileKeyError);
      }
    });
  });
}

contract('local', async () => new LocalFileStore(join(temp, 'uploads')));

const s3dir = join(temp, 's3rver');
let s3server: S3rver | undefined;
afterAll(async () => {
  await s3server?.close();
});
contract('S3', async () => {
  s3server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: 'chungtay-test', configs: [] }] });
  const { port } = await s3server.run();
  return new S3FileStore({
    bucket: 'chungtay-test',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
});

describe('the local file store on disk', () => {
  it('leaves no temporary file behind and keeps files private to the server', async () => {
    const root = join(temp, 'private');
    const store = new LocalFileStore(root);
    await store.put('a/b.pdf', Buffer.from('%PDF-'));
    expect(await readdir(join(root, 'a'))).toEqual(['b.pdf']);
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(root, 'a/b.pdf'))).mode & 0o777).toBe(0o600);
  });

  it('does not list half-written files of a write that crashed', async () => {
    const root = join(temp, 'crashed');
    const store = new LocalFileStore(root);
    await store.put('a/done.pdf', Buffer.from('ok'));
    await writeFile(join(root, 'a', '.tmp-0123456789abcdef'), 'half');
    await symlink('/etc/passwd', join(root, 'a', 'link'));
    expect(await collect(store.list())).toEqual(['a/done.pdf']);
  });
});
