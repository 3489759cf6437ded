import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, startServer } from '../helpers/cli.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-second-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('a second server on the same data dir', () => {
  it('works beside the first, and when the first stops it exits with a clear message instead of answering 503', async () => {
    const first = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', WORKERS: 'off' });
    const second = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', WORKERS: 'off' });
    expect((await fetch(`${second.base}/api/health`)).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    // The second was a guest of the first's PostgreSQL, which is gone: it must not stay up.
    expect(await exited(second.child)).toBe(1);
    expect(second.output()).toMatch(/embedded PostgreSQL.*stopped.*start it again/su);

    // Started again, it owns the database and works.
    const again = await startServer({ DATA_DIR: dataDir, DEMO_DATA: 'off', WORKERS: 'off' });
    expect((await fetch(`${again.base}/api/health`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
    // Three starts of the embedded PostgreSQL: minutes on a busy two-core machine.
  }, 300_000);
});
