import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServer, exited } from '../helpers/cli.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-cli-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the chungtay command', () => {
  it('lists its subcommands in --help', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed-demo', 'user', 'openapi']) expect(res.stdout).toContain(command);
  });

  it('refuses to start on an unreachable DATABASE_URL with a clear message and no password', async () => {
    const res = await runCli(['serve'], { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/chungtay' });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Cannot connect to the database at DATABASE_URL postgres://app@127.0.0.1:1/chungtay');
    expect(res.stderr).not.toContain('s3cret');
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, naming the variable', async () => {
    const res = await runCli(['serve'], { DATABASE_URL: 'mysql://root@localhost/db', PORT: 'abc' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Invalid configuration');
    expect(res.stderr).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    expect(res.stderr).toContain('PORT');
  });

  it('creates the first department admin with the password from stdin, then it can sign in', async () => {
    const add = await runCli(
      ['--json', 'user', 'add', '--username', 'admin.so', '--name', 'Quản trị viên Sở', '--role', 'department-admin'],
      { DATA_DIR: dataDir },
      'MatKhau-Manh-2025\n',
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ ok: true, user: { username: 'admin.so', role: 'department-admin' } });

    const weak = await runCli(
      ['--json', 'user', 'add', '--username', 'yeu.mk', '--name', 'Yếu', '--role', 'department-admin'],
      { DATA_DIR: dataDir },
      'short\n',
    );
    expect(weak.code).not.toBe(0);
    expect(JSON.parse(weak.stdout).ok).toBe(false);

    // The data dir was created by the CLI without demo data; the app starts on it empty.
    const server = await startServer({ DATA_DIR: dataDir });
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin.so', password: 'MatKhau-Manh-2025' }),
    });
    expect(login.status).toBe(200);
    const demo = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }),
    });
    expect(demo.status).toBe(401);
    server.child.kill('SIGTERM');
    await exited(server.child);
  });
});
