import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import { buildApp, type BuildOptions } from '#src/server/app.ts';
import { systemContext } from '#src/server/context.ts';
import { localUploadsDir } from '#src/server/files/create-file-store.ts';
import { LocalFileStore } from '#src/server/files/local-file-store.ts';
import { loadDemoData } from '#src/server/features/demo/demo.service.ts';
import { DEMO_PASSWORD } from '#src/server/features/demo/demo-data.ts';
import type { JobSettings } from '#src/server/jobs/job-queue.ts';
import { createJobQueue } from '#src/server/jobs/jobs.ts';
import type { MailSettings } from '#src/server/mail/transport.ts';
import { createTestDatabase } from './db.ts';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

/**
 * The real app over a fresh database of its own (with the demo data unless
 * told otherwise) and its job queue (with workers unless told otherwise), for
 * `inject` requests. Dropped after the file's tests.
 */
export async function createTestApp(
  options: { demo?: boolean; now?: () => Date; build?: Partial<BuildOptions>; workers?: boolean; jobs?: Partial<JobSettings>; mail?: Partial<MailSettings> } = {},
) {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'chungtay-files-'));
  // The app's default store (the demo keeps its illustrative scans there).
  if (options.demo !== false) await loadDemoData(database.db, systemContext('test'), new LocalFileStore(localUploadsDir(dataDir)));
  const mail: MailSettings = { outboxDir: join(dataDir, 'outbox'), from: 'Chung Tay <no-reply@chungtay.example.vn>', publicUrl: 'https://chungtay.example.vn', ...options.mail };
  // The daily schedules are not sent here: a test sends the job it means to run (the machine's
  // clock would otherwise fire them in the middle of whatever test runs at that minute).
  const jobs = createJobQueue(database.db, { pollSeconds: 0.5, graceMs: 1000, schedules: false, ...options.jobs }, undefined, mail, options.now);
  await jobs.start();
  if (options.workers !== false) await jobs.startWorkers();
  const app: FastifyInstance = await buildApp({
    jobs,
    db: database.db,
    databaseKind: database.kind,
    version: 'test',
    now: options.now ?? (() => new Date()),
    secureCookies: false,
    serveWeb: false,
    dataDir,
    publicUrl: 'https://chungtay.example.vn',
    ...options.build,
  });
  afterAll(async () => {
    await app.close();
    await jobs.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(username: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}): Promise<SignedIn> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });
    if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'ct_session');
    return { cookie: `ct_session=${cookie!.value}`, csrfToken: res.json().csrfToken };
  }

  /** A request as a signed-in user, with the CSRF header on changes. */
  function as(user: SignedIn | null) {
    return (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
      app.inject({
        method,
        url,
        ...(payload !== undefined ? { payload: payload as object } : {}),
        headers: {
          ...(user ? { cookie: user.cookie } : {}),
          ...(user && method !== 'GET' ? { 'x-csrf-token': user.csrfToken } : {}),
          ...headers,
        },
      });
  }

  return { app, db: database.db, jobs, url: database.url, kind: database.kind, dataDir, mail, signIn, as };
}
