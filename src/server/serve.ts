import { createServer } from 'node:net';
import pino from 'pino';
import { jobSettingsOf, mailSettingsOf, publicUrlOf, type Env } from '#src/config/env.ts';
import { openDatabase, type DatabaseHandle } from '#src/db/database.ts';
import { hostState } from '#src/db/embedded.ts';
import { migrate } from '#src/db/migrate.ts';
import { buildApp } from './app.ts';
import { createFileStore } from './files/create-file-store.ts';
import { systemContext } from './context.ts';
import { loadDemoData } from './features/demo/demo.service.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import { createJobQueue } from './jobs/jobs.ts';
import { APP_VERSION } from './version.ts';

/**
 * Start Chung Tay: open the database (embedded unless DATABASE_URL is set),
 * migrate, load the demo into an empty database, start the job queue's workers
 * (unless WORKERS=off), listen, and stop cleanly on SIGTERM/SIGINT: HTTP first,
 * then the jobs (finished or handed back within SHUTDOWN_GRACE_SECONDS, their
 * threads ended), then the pool, and the embedded PostgreSQL last.
 */
export async function serve(env: Env): Promise<void> {
  const logger = pino({ level: env.LOG_LEVEL });
  const started = Date.now();
  const handle: DatabaseHandle = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    log: (m) => logger.debug({ component: 'embedded-postgres' }, m),
    warn: (m) => logger.warn({ component: 'embedded-postgres' }, m),
    poolSize: 20,
  });
  if (handle.socketDir !== undefined) logger.info({ socketDir: handle.socketDir }, handle.socketDir ? 'embedded PostgreSQL reached through its Unix socket' : 'embedded PostgreSQL reached over TCP 127.0.0.1');
  let jobs: JobQueue | null = null;
  try {
    const applied = await migrate(handle.db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const files = createFileStore(env);
    if (env.DEMO_DATA === 'on') {
      const demo = await loadDemoData(handle.db, systemContext('demo'), files);
      if (demo.loaded) logger.info('demo data loaded (accounts: see README, password ChungTay@2025)');
    }
    // Verification links, QR codes and mails point at PUBLIC_URL, or else at the address this server
    // listens on: its port is taken now (PORT=0: a free one) so the app knows it before listening.
    const port = env.PORT || (await freePort(env.HOST));
    const publicUrl = publicUrlOf(env, port);
    jobs = createJobQueue(handle.db, jobSettingsOf(env), logger.child({ component: 'jobs' }), mailSettingsOf(env, publicUrl));
    await jobs.start();
    if (env.WORKERS === 'on') await jobs.startWorkers();
    if (!env.PUBLIC_URL && env.NODE_ENV === 'production') {
      logger.warn({ publicUrl }, `PUBLIC_URL is not set: signed documents' QR codes and verification links will say ${publicUrl}; set PUBLIC_URL to the address users reach`);
    }
    const app = await buildApp({
      jobs,
      db: handle.db,
      databaseKind: handle.kind,
      version: APP_VERSION,
      now: () => new Date(),
      secureCookies: publicUrl.startsWith('https://'),
      dataDir: env.DATA_DIR,
      files,
      publicUrl,
      trustProxy: env.TRUST_PROXY,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      responseCacheMb: env.RESPONSE_CACHE_MB,
      metricsToken: env.METRICS_TOKEN,
      logger: { level: env.LOG_LEVEL },
    });
    await app.listen({ port, host: env.HOST });
    logger.info(
      { database: handle.kind, files: files.description, workers: env.WORKERS, ms: Date.now() - started },
      `Chung Tay ${APP_VERSION} is ready at ${publicUrlOf({ HOST: env.HOST }, (app.server.address() as { port: number }).port)} (documents link to ${publicUrl})`,
    );

    const queue = jobs;
    stopOn(handle, env, logger, async () => {
      await app.close();
      await queue.stop();
      await files.close();
    });
  } catch (err) {
    await jobs?.stop().catch(() => {});
    await handle.close().catch(() => {});
    throw err;
  }
}

/**
 * Stop on SIGTERM/SIGINT (status 0), or, for a guest of another process's embedded PostgreSQL (a
 * second `serve`, or `worker`, on the same DATA_DIR), when that process stops (status 1, with a
 * message: rather than stay up answering 503; started again, it runs the database itself). Both
 * in one order: `drain` (HTTP, then the jobs: finished or handed back within the grace), then the
 * pool, then the embedded PostgreSQL if this process runs it. The owner tells its guests first,
 * and waits (bounded) for them, so a guest hands its jobs back while the database still answers.
 */
function stopOn(handle: DatabaseHandle, env: Env, logger: pino.Logger, drain: () => Promise<void>): void {
  let stopping = false;
  const stop = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'stopping');
    // Bounded: the jobs' grace, then the pool and PostgreSQL (a guest's wait for its host included).
    setTimeout(() => process.exit(code || 1), env.SHUTDOWN_GRACE_SECONDS * 1000 + 90_000).unref();
    try {
      await handle.announceStop().catch(() => {});
      await drain();
      await handle.close();
    } catch (err) {
      logger.error({ err }, 'error while stopping');
      code ||= 1;
    }
    process.exit(code);
  };
  // embedded-postgres installs exit hooks that stop PostgreSQL and exit at once;
  // the server instead drains HTTP first, then closes the pool, then PostgreSQL.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => void stop('SIGTERM', 0));
  process.once('SIGINT', () => void stop('SIGINT', 0));

  const hostPid = handle.hostPid;
  if (!hostPid) return;
  logger.info({ hostPid }, 'using the embedded PostgreSQL run by another Chung Tay process');
  let checking = false;
  const timer = setInterval(() => {
    if (checking || stopping) return;
    checking = true;
    void hostState(env.DATA_DIR, hostPid)
      .then((state) => {
        if (state === 'running') return;
        clearInterval(timer);
        const message = `The embedded PostgreSQL of ${env.DATA_DIR} was run by Chung Tay process ${hostPid}, which has stopped or is stopping. This process stops too: start it again (it will then run the database itself).`;
        logger.error({ hostPid }, message);
        process.stderr.write(`${message}\n`);
        void stop('host-stopped', 1);
      })
      .finally(() => (checking = false));
  }, 1000);
}

/**
 * `chungtay worker`: the job queue's workers without HTTP (for a node that only runs jobs, beside
 * nodes started with WORKERS=off). Stops like `serve` on SIGTERM/SIGINT.
 */
export async function work(env: Env): Promise<void> {
  const logger = pino({ level: env.LOG_LEVEL });
  const handle: DatabaseHandle = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    log: (m) => logger.debug({ component: 'embedded-postgres' }, m),
    warn: (m) => logger.warn({ component: 'embedded-postgres' }, m),
    poolSize: 5,
  });
  const jobs = createJobQueue(handle.db, jobSettingsOf(env), logger.child({ component: 'jobs' }), mailSettingsOf(env, publicUrlOf(env, env.PORT)));
  try {
    await migrate(handle.db);
    await jobs.startWorkers();
  } catch (err) {
    await jobs.stop().catch(() => {});
    await handle.close().catch(() => {});
    throw err;
  }
  logger.info({ database: handle.kind }, `Chung Tay ${APP_VERSION} worker is taking jobs`);
  stopOn(handle, env, logger, () => jobs.stop());
}

/** A port free on `host` now (for PORT=0), so the app knows its address before it listens. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
