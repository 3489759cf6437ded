import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { exited, startServer } from '../helpers/cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** accounts: the server's data dir (its outbox of .eml files). */
    dataDir: string;
  }
}

/** The real app, as `npm start` runs it: embedded PostgreSQL, demo data, built web page. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'chungtay-e2e-'));
  const server = await startServer({ DATA_DIR: dataDir });
  project.provide('baseUrl', server.base);
  project.provide('dataDir', dataDir);
  return async () => {
    server.child.kill('SIGTERM');
    await exited(server.child);
    await rm(dataDir, { recursive: true, force: true });
  };
}
