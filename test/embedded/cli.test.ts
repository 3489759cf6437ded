import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  it('solves a raw instance (`match solve FILE`, the bundled solver), and the same through the full CLI with --json', async () => {
    const file = join(dataDir, 'instance.json');
    await writeFile(
      file,
      JSON.stringify({
        left: [{ id: 'Ái Mộ B' }, { id: 'Bồ Đề', capacity: 2 }],
        right: [{ id: 'Chu Phan' }, { id: 'Ba Trại' }, { id: 'Tản Lĩnh' }],
        edges: [
          { left: 'Ái Mộ B', right: 'Chu Phan', cost: 12.5 },
          { left: 'Ái Mộ B', right: 'Ba Trại', cost: 3 },
          { left: 'Bồ Đề', right: 'Ba Trại', cost: 1 },
          { left: 'Bồ Đề', right: 'Tản Lĩnh', cost: -2.25 },
        ],
      }),
    );
    const expected = {
      matched: 3,
      totalCost: 11.25,
      pairs: [
        { left: 'Ái Mộ B', right: 'Chu Phan', cost: 12.5 },
        { left: 'Bồ Đề', right: 'Ba Trại', cost: 1 },
        { left: 'Bồ Đề', right: 'Tản Lĩnh', cost: -2.25 },
      ],
    };
    const fast = await runCli(['match', 'solve', file]);
    expect(fast.stderr).toBe('');
    expect(fast.code).toBe(0);
    expect(JSON.parse(fast.stdout)).toEqual(expected);
    const full = await runCli(['--json', 'match', 'solve', file]);
    expect(JSON.parse(full.stdout)).toEqual(expected);

    const bad = join(dataDir, 'bad.json');
    await writeFile(bad, '{"left":[{"id":"L1","capacity":0}],"right":[],"edges":[{"left":"L1","right":"R9","cost":"x"}]}');
    const refused = await runCli(['match', 'solve', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('edges[0].right: unknown right id "R9"');
    expect(refused.stderr).toContain('không hợp lệ');
    expect((await runCli(['match', 'solve', join(dataDir, 'none.json')])).code).toBe(2);
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
