/**
 * `/metrics` in Prometheus' text format (prom-client), for the department admin's session or
 * `Authorization: Bearer <METRICS_TOKEN>`:
 *
 * - `http_request_duration_seconds{method,route,status_code}`: by route pattern
 *   (`/api/schools/:id`), never the raw URL; `(unmatched)` for a path no route serves;
 * - `chungtay_db_pool_connections{state="total"|"idle"|"waiting"}`: the app's PostgreSQL pool;
 * - `chungtay_db_prepared_pool_connections{state}`: the same for the pool of prepared statements
 *   with generic plans (every signed-in request's session, decision 0040; the searches, 0035);
 * - `chungtay_jobs{queue,state}`: jobs of the queue by state, read from pg-boss at each scrape,
 *   plus whatever the job code feeds through `jobMetrics` (a gauge and a counter of this process);
 * - Node's own (`process_*`, `nodejs_*`: memory, CPU, event-loop lag), once per process.
 */
import { authorize } from '#src/core/access/guard.ts';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { NotAuthenticatedError } from '#src/core/errors.ts';
import { genericPlanPoolOf, poolOf } from '#src/db/database.ts';
import type { Db } from '#src/server/context.ts';
import { countJobsByState } from '#src/server/jobs/jobs.repository.ts';

/** Metrics of the whole process, shared by every app built in it: Node's own and the jobs'. */
export const processRegistry = new client.Registry();
client.collectDefaultMetrics({ register: processRegistry });

/** The hook others feed: job code sets or counts what it knows (queue, state or outcome). */
export const jobMetrics = {
  /** A level now: e.g. running jobs of a queue in this process. */
  gauge: new client.Gauge({ name: 'chungtay_job_gauge', help: 'Job levels reported by the job code of this process', labelNames: ['queue', 'name'], registers: [processRegistry] }),
  /** Events since start: e.g. finished, failed, retried jobs. */
  counter: new client.Counter({ name: 'chungtay_job_events_total', help: 'Job events counted by the job code of this process', labelNames: ['queue', 'event'], registers: [processRegistry] }),
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Registers the request timer and `GET /metrics` on `app`; call before the routes. */
export function registerMetrics(app: FastifyInstance, opts: { db: Db; token?: string | undefined }) {
  const registry = new client.Registry();
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = poolOf(opts.db);
  new client.Gauge({
    name: 'chungtay_db_pool_connections',
    help: "The app's PostgreSQL connections: total open, idle, and requests waiting for one",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!pool) return;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  const prepared = genericPlanPoolOf(opts.db);
  new client.Gauge({
    name: 'chungtay_db_prepared_pool_connections',
    help: "The app's PostgreSQL connections for prepared statements (generic plans): total open, idle, and requests waiting for one",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!prepared) return;
      this.set({ state: 'total' }, prepared.totalCount);
      this.set({ state: 'idle' }, prepared.idleCount);
      this.set({ state: 'waiting' }, prepared.waitingCount);
    },
  });
  new client.Gauge({
    name: 'chungtay_jobs',
    help: 'Jobs of the queue by state (pg-boss)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const r of await countJobsByState(opts.db)) this.set({ queue: r.name, state: r.state }, r.n);
      } catch {
        // No queue in this database yet: no job figures.
      }
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? '(unmatched)', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const auth = request.headers.authorization;
    const byToken = Boolean(opts.token && auth?.startsWith('Bearer ') && sameSecret(auth.slice('Bearer '.length), opts.token));
    if (!byToken) {
      if (!request.session) throw new NotAuthenticatedError();
      authorize(request.session.actor, 'metrics.read');
    }
    const merged = client.Registry.merge([registry, processRegistry]);
    return reply.header('content-type', merged.contentType).header('cache-control', 'no-store').send(await merged.metrics());
  });
}
