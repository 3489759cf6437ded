import { createServer } from 'node:net';
import pino from 'pino';
import { jobSettingsOf, mailSettingsOf, publicUrlOf, type Env } from '#src/config/env.ts';
import { openDatabase, type DatabaseHandle } from '#src/db/database.ts';
import { isAlive } from '#src/db/embedded.ts';
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

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      await app.close();
      await jobs?.stop();
      await files.close();
      await handle.close();
      process.exit(0);
    };
    // embedded-postgres installs exit hooks that stop PostgreSQL and exit at once;
    // the server instead drains HTTP first, then closes the pool, then PostgreSQL.
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
    exitWhenHostStops(handle, env.DATA_DIR, logger);
  } catch (err) {
    await jobs?.stop().catch(() => {});
    await handle.close().catch(() => {});
    throw err;
  }
}

/**
 * A guest of another process's embedded PostgreSQL (a second `serve`, or `worker`, on the same
 * DATA_DIR) loses its database when that process stops. Rather than stay up answering 503, it
 * says so and exits (status 1); started again, it runs the database itself.
 */
function exitWhenHostStops(handle: DatabaseHandle, dataDir: string, logger: pino.Logger): void {
  const hostPid = handle.hostPid;
  if (!hostPid) return;
  logger.info({ hostPid }, 'using the embedded PostgreSQL run by another Chung Tay process');
  const timer = setInterval(() => {
    if (isAlive(hostPid)) return;
    clearInterval(timer);
    const message = `The embedded PostgreSQL of ${dataDir} was run by Chung Tay process ${hostPid}, which has stopped. This process stops too: start it again (it will then run the database itself).`;
    logger.error({ hostPid }, message);
    process.stderr.write(`${message}\n`);
    setTimeout(() => process.exit(1), 5000).unref();
    void handle.close().finally(() => process.exit(1));
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
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await jobs.stop();
    await handle.close();
    process.exit(0);
  };
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  exitWhenHostStops(handle, env.DATA_DIR, logger);
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
