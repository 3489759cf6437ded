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
  /** The process begins to stop: for the owner of the embedded PostgreSQL, its guests are told so (they stop too). */
  announceStop(): Promise<void>;
  /**
   * Set when this process is a guest of the embedded PostgreSQL that another Chung Tay
   * process runs on the same data dir: the pid of that process.
   */
  hostPid?: number;
  /** The embedded PostgreSQL's Unix socket directory (null: it listens on TCP 127.0.0.1); absent for DATABASE_URL. */
  socketDir?: string | null;
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
const genericPools = new WeakMap<object, pg.Pool>();

/** The connection pool under a Kysely made by `createKysely` (for its metrics). */
export function poolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * The pool of the prepared statements of hot read-only queries (`queryTemplate` with
 * `prepared`), beside the main pool of a Kysely made by `createKysely`; none for a transaction.
 * Its connections run named statements with **generic plans** (`plan_cache_mode =
 * force_generic_plan`): PostgreSQL plans such a query once per connection instead of on every
 * request (~1 ms of a search's ~2.5 ms of database CPU, docs/performance.md). The setting is
 * per connection and would also make every unnamed statement generic, so it lives on this pool
 * only; the main pool keeps PostgreSQL's default (a custom plan per execution).
 */
export function genericPlanPoolOf(db: object): pg.Pool | undefined {
  return genericPools.get(db);
}

/** `db`, another Kysely over the pool of `from` (a bench's logging one), runs its prepared queries on `from`'s pool too. */
export function shareGenericPlanPool(db: object, from: object): void {
  const pool = genericPools.get(from);
  if (pool) genericPools.set(db, pool);
}

export function createKysely(url: string, max = 10): Kysely<Database> {
  // No parallel workers: the app runs many small queries at once, where starting workers costs
  // more than it saves (docs/performance.md).
  const options = '-c max_parallel_workers_per_gather=0';
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, options });
  // Connections are opened on first use: an app that runs no prepared query opens none.
  // Each connection keeps the statements it prepared (one per query shape) until it closes: it is
  // replaced after `maxUses` queries, so that the shapes a long-running node met stay bounded.
  const generic = new pg.Pool({
    connectionString: url,
    // As many as the main pool: with fewer, a few broad searches (tens of ms at 45,000 schools)
    // held every connection and the quick ones queued behind them.
    max,
    maxUses: 5000,
    connectionTimeoutMillis: 10_000,
    options: `${options} -c plan_cache_mode=force_generic_plan`,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  generic.on('error', () => {});
  // Kysely ends the pool it was given on destroy(): both, here.
  const both = { connect: () => pool.connect(), end: async () => void (await Promise.all([pool.end(), generic.end()])) };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: both }) });
  pools.set(db, pool);
  genericPools.set(db, generic);
  return db;
}

/** One trivial query: the database answers (throws when it does not). */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The data generation now (migration 0033: bumped by every commit that changes what cached answers read). */
export async function readDataGeneration(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ n: string }>`select n::text as n from data_generation`.execute(db);
  return rows[0]!.n;
}

async function checkConnection(db: Kysely<Database>, label: string): Promise<void> {
  try {
    await pingDatabase(db);
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
  warn?: (message: string) => void;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const db = createKysely(options.databaseUrl, options.poolSize);
    await checkConnection(db, `at DATABASE_URL ${redactUrl(options.databaseUrl)}`);
    return { db, kind: 'postgres', url: options.databaseUrl, close: () => db.destroy(), announceStop: async () => {} };
  }
  const embedded: EmbeddedServer = await openEmbedded({
    dataDir: options.dataDir,
    ...(options.log ? { log: options.log } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
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
    socketDir: embedded.socketDir,
    ...(embedded.hostPid ? { hostPid: embedded.hostPid } : {}),
    announceStop: () => embedded.announceStop(),
    async close() {
      await db.destroy();
      await embedded.stop();
    },
  };
}
