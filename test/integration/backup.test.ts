import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, restore, type BackupManifest } from '#src/server/backup/backup.service.ts';
import { readTar, TarWriter } from '#src/server/backup/tar-archive.ts';
import type { FileStore } from '#src/server/files/file-store.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { demoIds, multipartFile } from '../helpers/pairs.ts';

const t = await createTestApp();
const ids = await demoIds(t);
const chuphan = await t.signIn('chuphan.ht');
const work = mkdtempSync(join(tmpdir(), 'chungtay-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const source = new LocalFileStore(join(t.dataDir, 'uploads'));

async function upload(name: string, bytes: Buffer) {
  const up = multipartFile(name, bytes);
  const res = await t.app.inject({ method: 'POST', url: `/api/pairs/${ids.demoPairId}/mou/scans`, payload: up.payload, headers: { ...up.headers, cookie: chuphan.cookie, 'x-csrf-token': chuphan.csrfToken } });
  expect(res.statusCode, res.body).toBe(201);
}

/** Every table of the app's schema: its row count and a digest of its rows in a fixed order. */
async function tableDigests(url: string): Promise<Record<string, { rows: number; digest: string }>> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const tables = (await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`)).rows;
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const { name } of tables) {
      // applied_at is the restore's own time; the data generation only moves forward (migration 0033), checked apart.
      const columns = name === 'schema_migration' ? `name` : name === 'data_generation' ? `id` : `*`;
      const { rows } = await client.query<{ rows: string; digest: string | null }>(
        `select count(*)::text as rows, md5(string_agg(r::text, E'\\n' order by r::text)) as digest from (select ${columns} from public."${name}") r`,
      );
      out[name] = { rows: Number(rows[0]!.rows), digest: rows[0]!.digest ?? '' };
    }
    const seqs = (await client.query<{ name: string; v: string | null }>(`select sequencename as name, last_value::text as v from pg_sequences where schemaname = 'public'`)).rows;
    for (const s of seqs) out[`sequence ${s.name}`] = { rows: 0, digest: s.v ?? '' };
    return out;
  } finally {
    await client.end();
  }
}

async function storedFiles(store: FileStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const key of store.list()) out[key] = createHash('sha256').update(await store.get(key)).digest('hex');
  return out;
}

describe('a backup and its restore', () => {
  it('bring back every row of every table and every uploaded file, byte for byte, into a fresh database', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await upload('Biên bản.pdf', Buffer.from(await doc.save()));
    await upload('ảnh.png', await sharp({ create: { width: 20, height: 10, channels: 3, background: '#336699' } }).png().toBuffer());

    const file = join(work, 'round-trip.tar.gz');
    const made = await backup(t.url, source, file, 'test', new Date('2025-03-01T00:00:00Z'));
    // The two uploads and the demo's illustrative scans of the 25/10/2023 paper signatures (one per school).
    expect(made.files).toBe(4);
    expect(made.rows).toBeGreaterThan(100);

    const target = await createTestDatabase();
    afterAll(() => target.drop());
    const targetStore = new LocalFileStore(join(work, 'restored-uploads'));
    const restored = await restore(target.url, targetStore, file, { force: false });
    expect(restored).toEqual(made);

    const [want, got] = await Promise.all([tableDigests(t.url), tableDigests(target.url)]);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const name of Object.keys(want)) expect(got[name], name).toEqual(want[name]);
    expect(want.school!.rows).toBeGreaterThan(0);
    expect(want.mou_scan!.rows).toBe(2);
    expect(await storedFiles(targetStore)).toEqual(await storedFiles(source));

  });

  it('refuses to replace a database that holds data unless forced, and then replaces it whole', async () => {
    const file = join(work, 'force.tar.gz');
    await backup(t.url, source, file, 'test', new Date());
    const target = await createTestDatabase();
    afterAll(() => target.drop());
    const targetStore = new LocalFileStore(join(work, 'force-uploads'));
    await restore(target.url, targetStore, file, { force: false });
    await targetStore.put('extra/not-in-backup.pdf', Buffer.from('x'));
    await expect(restore(target.url, targetStore, file, { force: false })).rejects.toThrow(/not empty.*--force/u);
    const generation = async () => {
      const client = new pg.Client(target.url);
      await client.connect();
      try {
        return BigInt((await client.query<{ n: string }>('select n::text as n from data_generation')).rows[0]!.n);
      } finally {
        await client.end();
      }
    };
    const generationBefore = await generation();
    await restore(target.url, targetStore, file, { force: true });
    expect(await storedFiles(targetStore)).toEqual(await storedFiles(source));
    expect(await tableDigests(target.url)).toEqual(await tableDigests(t.url));
    // App nodes may keep answers under the generation the replaced data had: it never comes back.
    expect(await generation()).toBeGreaterThan(generationBefore);
  }, 60_000);

  it('refuses a damaged or foreign archive before changing anything', async () => {
    const file = join(work, 'damaged.tar.gz');
    await backup(t.url, source, file, 'test', new Date());
    const target = await createTestDatabase();
    afterAll(() => target.drop());
    const store = new LocalFileStore(join(work, 'damaged-uploads'));
    await restore(target.url, store, file, { force: false });
    const before = await tableDigests(target.url);

    const bytes = readFileSync(file);
    const cut = join(work, 'cut.tar.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restore(target.url, store, cut, { force: true })).rejects.toThrow();
    const foreign = join(work, 'foreign.tar.gz');
    writeFileSync(foreign, 'not an archive at all');
    await expect(restore(target.url, store, foreign, { force: true })).rejects.toThrow();
    expect(await tableDigests(target.url)).toEqual(before);
  });

  it('changes nothing when the rows cannot all go back (all or nothing)', async () => {
    const file = join(work, 'whole.tar.gz');
    await backup(t.url, source, file, 'test', new Date());
    const target = await createTestDatabase();
    afterAll(() => target.drop());
    const store = new LocalFileStore(join(work, 'whole-uploads'));
    await restore(target.url, store, file, { force: false });
    const before = await tableDigests(target.url);

    // A consistent archive (checksums right) whose schools are missing: pairs point at nothing.
    const entries: { name: string; data: Buffer }[] = [];
    for await (const entry of readTar(createReadStream(file))) entries.push(entry);
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString()) as BackupManifest;
    const school = manifest.tables.find((x) => x.name === 'school')!;
    const broken = join(work, 'no-schools.tar.gz');
    const tar = new TarWriter(createWriteStream(broken));
    for (const entry of entries) {
      if (entry.name === 'manifest.json') continue;
      const data = school.entries.includes(entry.name) ? Buffer.alloc(0) : entry.data;
      manifest.checksums[entry.name] = createHash('sha256').update(data).digest('hex');
      await tar.add(entry.name, data);
    }
    school.rows = 0;
    await tar.add('manifest.json', Buffer.from(JSON.stringify(manifest)));
    await tar.finish();

    await expect(restore(target.url, store, broken, { force: true })).rejects.toThrow(/foreign key/u);
    expect(await tableDigests(target.url)).toEqual(before);
    expect(before.school!.rows).toBeGreaterThan(0);
  });
});
