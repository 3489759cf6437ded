/**
 * `chungtay backup FILE` / `chungtay restore FILE`: the database and the uploaded files in one
 * portable archive (a .tar.gz with a manifest), for the embedded database and any PostgreSQL
 * 15–18 server alike. No pg_dump is needed: every table of the `public` schema is read with
 * `COPY … TO STDOUT` inside one read-only repeatable-read transaction (one consistent
 * snapshot), and written back with `COPY … FROM STDIN` in one transaction (all or nothing)
 * after the schema has been rebuilt by the same migrations that made it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrationNames, migrationSql } from '#src/db/migrate.ts';
import type { FileStore } from '#src/server/files/file-store.ts';
import { readTar, TarWriter } from './tar-archive.ts';

export const BACKUP_FORMAT = 'chungtay-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** COPY output is cut into entries of about this size, so that memory stays bounded. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  serverVersion: string;
  /** The migrations applied to the database backed up; restore rebuilds the schema with these. */
  migrations: string[];
  tables: { name: string; columns: string[]; rows: number; entries: string[] }[];
  sequences: { name: string; lastValue: number | null }[];
  files: { key: string; entry: string; size: number }[];
  /** SHA-256 of every other entry of the archive. */
  checksums: Record<string, string>;
}

export interface BackupSummary {
  tables: number;
  rows: number;
  files: number;
  fileBytes: number;
}

export class BackupError extends Error {}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Tables of the app's schema, without partitions (their parent reads and routes their rows). */
async function listTables(client: pg.Client): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
       and c.relname <> 'schema_migration'
     group by c.relname
     order by c.relname`);
  return rows;
}

/** Write a backup of the database at `url` and of every file in `files` to `path`. */
export async function backup(url: string, files: FileStore, path: string, appVersion: string, now: Date): Promise<BackupSummary> {
  const client = await connect(url);
  const out = createWriteStream(path, { mode: 0o600 });
  const tar = new TarWriter(out);
  const checksums: Record<string, string> = {};
  const add = async (name: string, data: Buffer) => {
    checksums[name] = sha256(data);
    await tar.add(name, data);
  };
  try {
    await client.query('begin isolation level repeatable read read only');
    const serverVersion = (await client.query<{ v: string }>('show server_version')).rows[0]!.v;
    const migrations = (await client.query<{ name: string }>('select name from schema_migration order by name').catch(() => ({ rows: [] }))).rows.map((r) => r.name);
    const tables: BackupManifest['tables'] = [];
    for (const [index, table] of (await listTables(client)).entries()) {
      const cols = table.columns.map(ident).join(', ');
      const stream = client.query(copyTo(`copy (select ${cols} from public.${ident(table.name)}) to stdout`));
      const entries: string[] = [];
      let parts: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        const name = `db/${String(index).padStart(4, '0')}-${table.name}/${String(entries.length).padStart(6, '0')}.copy`;
        await add(name, Buffer.concat(parts));
        entries.push(name);
        parts = [];
        size = 0;
      };
      for await (const chunk of stream) {
        parts.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size >= CHUNK_BYTES) await flush();
      }
      if (size > 0) await flush();
      tables.push({ name: table.name, columns: table.columns, rows: stream.rowCount, entries });
    }
    const sequences = (
      await client.query<{ name: string; last_value: string | null }>(
        `select sequencename as name, last_value::text from pg_sequences where schemaname = 'public' order by sequencename`,
      )
    ).rows.map((r) => ({ name: r.name, lastValue: r.last_value === null ? null : Number(r.last_value) }));
    await client.query('commit');

    // Files after the snapshot: a scan uploaded meanwhile may be included without its row
    // (harmless), never a row without its file (scans are never deleted).
    const fileList: BackupManifest['files'] = [];
    let fileBytes = 0;
    for await (const key of files.list()) {
      const data = await files.get(key);
      const entry = `files/${key}`;
      await add(entry, data);
      fileList.push({ key, entry, size: data.length });
      fileBytes += data.length;
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion,
      createdAt: now.toISOString(),
      serverVersion,
      migrations,
      tables,
      sequences,
      files: fileList,
      checksums,
    };
    await tar.add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 1)));
    await tar.finish();
    return { tables: tables.length, rows: tables.reduce((n, t) => n + t.rows, 0), files: fileList.length, fileBytes };
  } catch (err) {
    out.destroy();
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Read the whole archive once: every entry's checksum, the manifest, and whether this version can restore it. */
async function verify(path: string): Promise<BackupManifest> {
  const seen = new Map<string, string>();
  let manifest: BackupManifest | null = null;
  for await (const entry of readTar(createReadStream(path))) {
    if (entry.name === 'manifest.json') manifest = JSON.parse(entry.data.toString('utf8')) as BackupManifest;
    else seen.set(entry.name, sha256(entry.data));
  }
  if (!manifest || manifest.format !== BACKUP_FORMAT) throw new BackupError('This file is not a Chung Tay backup (no manifest).');
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) throw new BackupError(`This backup was made by a newer version (format ${manifest.formatVersion}); upgrade first.`);
  for (const [name, hash] of Object.entries(manifest.checksums)) {
    if (seen.get(name) !== hash) throw new BackupError(`The backup is damaged: ${name} ${seen.has(name) ? 'does not match its checksum' : 'is missing'}.`);
  }
  const known = new Set(await migrationNames());
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length) throw new BackupError(`This backup was made by a newer version (migrations ${unknown.join(', ')}); upgrade first.`);
  return manifest;
}

/**
 * Whether the target holds anything a restore would lose. Migrations fill a few reference
 * tables themselves, so "data" means what people and the app add: accounts, schools, and the
 * audit log that every change writes to.
 */
const DATA_TABLES = ['audit_log', 'app_user', 'school'];

async function contents(client: pg.Client, files: FileStore): Promise<{ rows: number; files: number }> {
  let rows = 0;
  const present = new Set((await listTables(client)).map((t) => t.name));
  for (const table of DATA_TABLES.filter((t) => present.has(t))) {
    const { rows: r } = await client.query<{ filled: boolean }>(`select exists (select 1 from public.${ident(table)}) as filled`);
    if (r[0]!.filled) rows++;
  }
  let count = 0;
  for await (const _ of files.list()) {
    count++;
    break;
  }
  return { rows, files: count };
}

/**
 * Restore a backup into the database at `url` and the store `files`. Refuses a database or
 * store that holds anything unless `force`. The database is replaced in one transaction: on
 * any error nothing changes. Files are written before that transaction commits, so a failed
 * restore may leave extra files in the store, never missing ones.
 */
export async function restore(url: string, files: FileStore, path: string, options: { force: boolean }): Promise<BackupSummary> {
  const manifest = await verify(path);
  const client = await connect(url);
  try {
    const before = await contents(client, files);
    if (!options.force && (before.rows > 0 || before.files > 0)) {
      throw new BackupError('The database or the file store is not empty: restoring would replace what it holds. Add --force to replace it.');
    }
    // The data generation (migration 0033) only moves forward: app nodes may hold answers
    // cached under the values it had before, which the restored data must never meet again.
    const generationBefore = (await listTables(client)).some((t) => t.name === 'data_generation')
      ? Number((await client.query<{ n: string }>('select n::text as n from data_generation')).rows[0]?.n ?? 0)
      : 0;
    await client.query('begin');
    // The schema is rebuilt by the migrations that made the backed-up one, then filled.
    await client.query('drop schema if exists public cascade');
    await client.query('create schema public');
    await client.query('grant usage on schema public to public');
    await client.query(`create table schema_migration (name text primary key, applied_at timestamptz not null default now())`);
    for (const name of manifest.migrations) {
      await client.query(await migrationSql(name));
      await client.query('insert into schema_migration (name) values ($1)', [name]);
    }
    // Rows arrive table by table, not in the order foreign keys need: the keys are set aside
    // and put back (checked) once every row is in; the app's own triggers stay quiet meanwhile.
    const foreignKeys = (
      await client.query<{ tbl: string; name: string; def: string }>(
        `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
           from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace order by conrelid::regclass::text, conname`,
      )
    ).rows;
    for (const fk of foreignKeys) await client.query(`alter table ${fk.tbl} drop constraint ${ident(fk.name)}`);
    for (const table of manifest.tables) await client.query(`alter table public.${ident(table.name)} disable trigger user`);
    // Reference rows the migrations inserted are in the backup too, as they were then.
    if (manifest.tables.length) await client.query(`truncate table ${manifest.tables.map((t) => `public.${ident(t.name)}`).join(', ')}`);

    const entryTable = new Map<string, BackupManifest['tables'][number]>();
    for (const t of manifest.tables) for (const e of t.entries) entryTable.set(e, t);
    const fileOf = new Map(manifest.files.map((f) => [f.entry, f.key]));
    const current: { copy: { table: string; stream: ReturnType<typeof copyFrom> } | null } = { copy: null };
    const endCopy = async () => {
      const copy = current.copy;
      if (!copy) return;
      copy.stream.end();
      await finished(copy.stream);
      current.copy = null;
    };
    for await (const entry of readTar(createReadStream(path))) {
      const table = entryTable.get(entry.name);
      if (table) {
        if (current.copy?.table !== table.name) {
          await endCopy();
          const cols = table.columns.map(ident).join(', ');
          current.copy = { table: table.name, stream: client.query(copyFrom(`copy public.${ident(table.name)} (${cols}) from stdin`)) };
          // A refused row surfaces at endCopy (finished rejects); until then keep the process alive.
          current.copy.stream.on('error', () => {});
        }
        const stream = current.copy.stream;
        if (!stream.write(entry.data)) await new Promise<void>((resolve, reject) => {
          stream.once('drain', resolve);
          stream.once('error', reject);
        });
        continue;
      }
      await endCopy();
      const key = fileOf.get(entry.name);
      if (key) await files.put(key, entry.data);
    }
    await endCopy();

    for (const table of manifest.tables) await client.query(`alter table public.${ident(table.name)} enable trigger user`);
    for (const fk of foreignKeys) await client.query(`alter table ${fk.tbl} add constraint ${ident(fk.name)} ${fk.def}`);
    for (const seq of manifest.sequences) {
      if (seq.lastValue !== null) await client.query(`select setval($1, $2, true)`, [`public.${ident(seq.name)}`, seq.lastValue]);
    }
    for (const table of manifest.tables) {
      const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from public.${ident(table.name)}`);
      if (Number(rows[0]!.n) !== table.rows) throw new BackupError(`Restored ${rows[0]!.n} rows into ${table.name}, the backup has ${table.rows}.`);
    }
    if ((await listTables(client)).some((t) => t.name === 'data_generation')) {
      await client.query(`update data_generation set n = greatest(n, $1::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint) + 1`, [generationBefore]);
    }
    await client.query('commit');

    if (options.force) {
      const keep = new Set(manifest.files.map((f) => f.key));
      const extra: string[] = [];
      for await (const key of files.list()) if (!keep.has(key)) extra.push(key);
      for (const key of extra) await files.delete(key);
    }
    return {
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
      files: manifest.files.length,
      fileBytes: manifest.files.reduce((n, f) => n + f.size, 0),
    };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
