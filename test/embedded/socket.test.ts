import { readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, runCli, startServer } from '../helpers/cli.ts';

const work = await mkdtemp(join(tmpdir(), 'chungtay-socket-'));
await chmod(work, 0o755); // as root, PostgreSQL runs as `postgres` and must traverse the parents
const elsewhere: string[] = [];
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  for (const dir of elsewhere) await rm(dir, { recursive: true, force: true });
});

const env = { DEMO_DATA: 'off', WORKERS: 'off' };

/** Line 4 of postmaster.pid is the port, line 5 the socket directory (empty: none). */
function postmaster(dataDir: string) {
  const lines = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return { port: Number(lines[3]), socketDir: lines[4]!.trim() };
}

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sockets = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.s.PGSQL.')).sort();

describe('the embedded PostgreSQL on a Unix socket', () => {
  it('listens only on a socket in a private directory under the data dir, serves the app and the CLI through it, and restarts past stale socket files', async () => {
    const dataDir = join(work, 'data');
    const first = await startServer({ DATA_DIR: dataDir, ...env });
    const socketDir = join(dataDir, 'pg-socket');
    const { port, socketDir: listening } = postmaster(dataDir);
    expect(listening).toBe(socketDir);
    const info = statSync(socketDir);
    expect(info.mode & 0o777).toBe(0o700);
    // Owned by the user PostgreSQL runs as (`postgres` when the tests run as root).
    expect(info.uid).toBe(statSync(join(dataDir, 'pg')).uid);
    expect(sockets(socketDir)).toEqual([`.s.PGSQL.${port}`, `.s.PGSQL.${port}.lock`]);
    // Nothing can reach it over the network, not even from this machine.
    expect(await tcpOpen(port)).toBe(false);
    expect((await fetch(`${first.base}/api/health`)).status).toBe(200);

    // The CLI beside the running server connects as a guest, through the same socket.
    const verify = await runCli(['--json', 'ledger', 'verify'], { DATA_DIR: dataDir });
    expect(verify.code, verify.stderr).toBe(0);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(sockets(socketDir)).toEqual([]);

    // What a crash (or a power cut) leaves: a socket and a lock file of a server that is gone.
    await writeFile(join(socketDir, '.s.PGSQL.5999'), '');
    await writeFile(join(socketDir, '.s.PGSQL.5999.lock'), '2147483646\n/nowhere\n');
    const again = await startServer({ DATA_DIR: dataDir, ...env });
    expect((await fetch(`${again.base}/api/health`)).status).toBe(200);
    const now = postmaster(dataDir).port;
    expect(sockets(socketDir)).toEqual([`.s.PGSQL.${now}`, `.s.PGSQL.${now}.lock`]);
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
  });

  it('puts the socket in a short private directory under the temporary directory when the data dir is too deep for a socket path (107 bytes)', async () => {
    const dataDir = join(work, 'a-data-dir-whose-path-is-longer-than-a-unix-socket-path-may-be-'.repeat(2));
    await mkdir(dataDir, { recursive: true, mode: 0o755 });
    const server = await startServer({ DATA_DIR: dataDir, ...env });
    const { port, socketDir } = postmaster(dataDir);
    elsewhere.push(socketDir);
    expect(socketDir.startsWith(join(tmpdir(), 'chungtay-pg-'))).toBe(true);
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    expect(statSync(socketDir).uid).toBe(statSync(join(dataDir, 'pg')).uid);
    expect(server.output()).toContain('longer than 107 bytes');
    expect(await tcpOpen(port)).toBe(false);
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  });

  it('falls back to TCP on 127.0.0.1, and says so, when no directory can hold the socket', async () => {
    const deepTmp = join(work, 'a-temporary-directory-whose-path-is-longer-than-a-unix-socket-path-may-be-');
    await mkdir(deepTmp, { recursive: true, mode: 0o755 });
    const dataDir = join(deepTmp, 'and-a-data-dir-too-deep-for-its-socket-as-well-'.repeat(2));
    await mkdir(dataDir, { recursive: true, mode: 0o755 });
    const server = await startServer({ DATA_DIR: dataDir, TMPDIR: deepTmp, ...env });
    const { port, socketDir } = postmaster(dataDir);
    expect(socketDir).toBe('');
    expect(server.output()).toContain('listens on TCP 127.0.0.1');
    expect(await tcpOpen(port)).toBe(true);
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  });
});
