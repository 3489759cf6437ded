import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const work = await mkdtemp(join(tmpdir(), 'chungtay-backup-cli-'));
await chmod(work, 0o755); // as root, PostgreSQL runs as `postgres` and must traverse the parents
afterAll(() => rm(work, { recursive: true, force: true }));

describe('chungtay backup and restore on the embedded database', () => {
  it('moves a data dir into another one, and refuses to overwrite data without --force', { timeout: 300_000 }, async () => {
    const from = join(work, 'from');
    const to = join(work, 'to');
    const seeded = await runCli(['seed-demo'], { DATA_DIR: from });
    expect(seeded.code, seeded.stderr).toBe(0);

    const file = join(work, 'demo.tar.gz');
    const made = await runCli(['--json', 'backup', file], { DATA_DIR: from });
    expect(made.code, made.stderr).toBe(0);
    const summary = JSON.parse(made.stdout);
    expect(summary).toMatchObject({ ok: true, file });
    expect(summary.rows).toBeGreaterThan(100);
    expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })).toContain('manifest.json');
    expect((await runCli(['backup', file], { DATA_DIR: from })).code).toBe(1);

    const restored = await runCli(['--json', 'restore', file], { DATA_DIR: to });
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toEqual(summary);

    const again = await runCli(['restore', file], { DATA_DIR: to });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    const forced = await runCli(['restore', '--force', file], { DATA_DIR: to });
    expect(forced.code, forced.stderr).toBe(0);
  });
});
