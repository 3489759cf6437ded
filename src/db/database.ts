import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { openEmbedded, type EmbeddedServer } from './embedded.ts';

// DATE columns stay calendar strings ("2023-03-13"); a Date would shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// Counts and sums (int8) fit in a JS number for everything this app counts.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type DatabaseKind = 'embedded' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The connection URL (with its password): for tools that need their own connection, such as backups. */
  url: string;
  close(): Promise<void>;
  /**
   * Set when this process is a guest of the embedded PostgreSQL that another Chung Tay
   * process runs on the same data dir: the pid of that process.
   */
  hostPid?: number;
}

export class DatabaseConnectionError extends Error {}

/** "postgres://user:secret@host:5432/db" → "postgres://user@host:5432/db" for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const pools = new WeakMap<object, pg.Pool>();

/** The connection pool under a Kysely made by `createKysely` (for its metrics). */
export function poolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}

export function createKysely(url: string, max = 10): Kysely<Database> {
  // No parallel workers: the app runs many small queries at once, where starting workers costs
  // more than it saves (docs/performance.md).
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, options: '-c max_parallel_workers_per_gather=0' });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

async function checkConnection(db: Kysely<Database>, label: string): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw new DatabaseConnectionError(
      `Cannot connect to the database ${label}: ${(err as Error).message}`,
    );
  }
}

/**
 * Open the database: the server at DATABASE_URL when given, otherwise the
 * embedded PostgreSQL in DATA_DIR/pg (started here or joined if already running).
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  log?: (message: string) => void;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const db = createKysely(options.databaseUrl, options.poolSize);
    await checkConnection(db, `at DATABASE_URL ${redactUrl(options.databaseUrl)}`);
    return { db, kind: 'postgres', url: options.databaseUrl, close: () => db.destroy() };
  }
  const embedded: EmbeddedServer = await openEmbedded({
    dataDir: options.dataDir,
    ...(options.log ? { log: options.log } : {}),
  });
  const db = createKysely(embedded.url, options.poolSize);
  try {
    await checkConnection(db, `embedded in ${options.dataDir}`);
  } catch (err) {
    await embedded.stop();
    throw err;
  }
  return {
    db,
    kind: 'embedded',
    url: embedded.url,
    ...(embedded.hostPid ? { hostPid: embedded.hostPid } : {}),
    async close() {
      await db.destroy();
      await embedded.stop();
    },
  };
}
