/**
 * `chungtay backup FILE` and `chungtay restore FILE [--force]`: the database (embedded or
 * DATABASE_URL) and the uploaded files (FILE_STORE) in one .tar.gz. See docs/operations.md.
 * Exit codes: 0 done, 1 refused or failed (the message says why; nothing was changed).
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { FileStore } from '#src/server/files/file-store.ts';
import { exitAfterFlush } from './support.ts';

class AppRunningError extends Error {}

async function withStoreAndDatabase<T>(fn: (url: string, files: FileStore) => Promise<T>, options: { refuseIfServed?: boolean } = {}): Promise<T> {
  const [{ loadEnv }, { openDatabase }, { createFileStore }] = await Promise.all([
    import('#src/config/env.ts'),
    import('#src/db/database.ts'),
    import('#src/server/files/create-file-store.ts'),
  ]);
  const env = loadEnv();
  const files = createFileStore(env);
  // No migration here: a backup takes the database as it is; a restore rebuilds the schema.
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 1 });
  try {
    if (options.refuseIfServed && handle.hostPid) throw new AppRunningError(`Chung Tay (pid ${handle.hostPid}) is running on ${env.DATA_DIR}: stop it before restoring.`);
    return await fn(handle.url, files);
  } finally {
    await files.close();
    await handle.close();
  }
}

export function registerBackupCommands(program: Command): void {
  const json = () => Boolean(program.opts().json);
  const report = (human: string, data: object) => process.stdout.write(json() ? `${JSON.stringify({ ok: true, ...data })}\n` : `${human}\n`);
  const refuse = (message: string) => {
    if (json()) process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    process.stderr.write(`${message}\n`);
    exitAfterFlush(1);
  };

  program
    .command('backup')
    .description('write the database and the uploaded files to one archive (.tar.gz); the app may keep running')
    .argument('<file>', 'archive to write (refused if it exists)')
    .action(async (file: string) => {
      if (existsSync(file)) return refuse(`${file} exists already: choose a new file name.`);
      const [{ backup }, { APP_VERSION }] = await Promise.all([import('#src/server/backup/backup.service.ts'), import('#src/server/version.ts')]);
      const summary = await withStoreAndDatabase((url, files) => backup(url, files, file, APP_VERSION, new Date()));
      report(`Backed up ${summary.tables} tables (${summary.rows} rows) and ${summary.files} files (${summary.fileBytes} bytes) to ${file}.`, { file, ...summary });
    });

  program
    .command('restore')
    .description('replace the database and the uploaded files with an archive made by `backup` (stop the app first)')
    .argument('<file>', 'archive made by `chungtay backup`')
    .option('--force', 'replace a database or file store that is not empty')
    .action(async (file: string, opts: { force?: boolean }) => {
      if (!existsSync(file)) return refuse(`${file} does not exist.`);
      const { restore, BackupError } = await import('#src/server/backup/backup.service.ts');
      const { ArchiveFormatError } = await import('#src/server/backup/tar-archive.ts');
      try {
        const summary = await withStoreAndDatabase((url, files) => restore(url, files, file, { force: Boolean(opts.force) }), { refuseIfServed: true });
        report(`Restored ${summary.tables} tables (${summary.rows} rows) and ${summary.files} files (${summary.fileBytes} bytes) from ${file}.`, { file, ...summary });
      } catch (err) {
        if (err instanceof BackupError || err instanceof ArchiveFormatError || err instanceof AppRunningError) return refuse(`Restore refused, nothing was changed: ${err.message}`);
        if ((err as { code?: string }).code === 'Z_DATA_ERROR') return refuse(`Restore refused, nothing was changed: ${file} is not a .tar.gz backup.`);
        throw err;
      }
    });
}
