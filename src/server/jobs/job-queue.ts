/**
 * The one job engine: pg-boss (a PostgreSQL-backed queue, docs/decisions/0005-job-queue.md)
 * over the app's own connection pool, so a job can be sent in the transaction that creates
 * its row. Every job has a key (the id of the row it works on): one job per key, and one
 * node at a time working on it. A job whose node died is given back once its lease (renewed
 * while it runs) has passed, and retried; one that fails for good goes to the `job-failed`
 * queue, whose worker marks its row failed with the reason.
 *
 * Workers run in `chungtay serve` (unless WORKERS=off) and in `chungtay worker`. `stop()`
 * takes no more jobs, lets running ones finish within the grace time, then hands the rest
 * back (their threads are ended) — bounded, so a deploy never waits on a long run. A job handed
 * back keeps its tries (`handBack`): a deployment is not a failure.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { Database } from '#src/db/schema.ts';
import type { Db } from '#src/server/context.ts';
import { jobMetrics } from '#src/server/metrics.ts';

export const JOB_FAILED_QUEUE = 'job-failed';

export interface JobSettings {
  /** a job step running in a thread is ended after this long */
  timeLimitMs: number;
  /** on stop, running jobs get this long to finish before they are handed back */
  graceMs: number;
  /** how often an idle worker asks for work */
  pollSeconds: number;
  retryLimit: number;
  /**
   * A running job's lease: its node renews it (every sixth of it) while the job runs. A job whose
   * node stopped renewing (killed, its machine gone) is failed by pg-boss's maintenance (any node,
   * every 30 s) once the lease has passed, and retried, counted as a try (a job that takes its
   * node down each time must end), rather than after the whole expiry (the time limit and more).
   */
  leaseSeconds: number;
  /**
   * This node keeps the cron clock that sends the jobs of `every()` (pg-boss sends each one once
   * whatever the number of nodes). Off for the tests' servers, whose clock is not the machine's.
   */
  schedules: boolean;
}

export const DEFAULT_JOB_SETTINGS: JobSettings = { timeLimitMs: 15 * 60_000, graceMs: 20_000, pollSeconds: 2, retryLimit: 2, leaseSeconds: 60, schedules: true };

export interface JobContext<T> {
  id: string;
  data: T;
  /** 1 for the first try */
  attempt: number;
  /** no retry follows when this try fails */
  lastAttempt: boolean;
  /** aborted when the node stops: end the work, the job is handed back */
  signal: AbortSignal;
}

export interface JobDefinition<T> {
  /** do the work; throw to retry (a DomainError or a refused input should be recorded, not thrown) */
  run: (job: JobContext<T>) => Promise<void>;
  /** the queue gave up on the job (retries used up, or its node died on the last try) */
  gaveUp: (data: T, reason: string) => Promise<void>;
}

interface Envelope {
  queue: string;
  payload: unknown;
}

/** pg-boss's SQL through Kysely (the app's pool, or an open transaction); `busy` counts the queries in flight. */
function adapter(db: Db, busy?: { queries: number }): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      if (busy) busy.queries++;
      try {
        const result = await db.executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows as unknown[] as object[] } as { rows: never[] };
      } finally {
        if (busy) busy.queries--;
      }
    },
  };
}

/** Thrown for a job that a poll brought back after `stop()` began: it is handed back unstarted. */
class NodeStopping extends Error {
  constructor() {
    super('handed back: this node is stopping');
  }
}

/**
 * How long a handed-back job waits before a node may take it: pg-boss completes the job (a no-op
 * once it is no longer active) just after its handler returns, without awaiting; no other node may
 * have taken it by then. A restarted node takes longer than this to start.
 */
const HAND_BACK_DELAY_SECONDS = 5;

export interface JobLog {
  info: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

export class JobQueue {
  readonly settings: JobSettings;
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly workerIds = new Map<string, string>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private started = false;
  private stopping = false;
  /** pg-boss's own queries in flight (polls, completions, maintenance, cron) and `gaveUp` calls running. */
  private readonly busy = { queries: 0, gaveUp: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    settings: Partial<JobSettings> = {},
    private readonly log: JobLog = { info: () => {}, error: () => {} },
  ) {
    this.settings = { ...DEFAULT_JOB_SETTINGS, ...settings };
    // `schedule`: pg-boss's clock sends the jobs of `every()` (one node sends each, whatever the number of nodes).
    this.boss = new PgBoss({ db: adapter(db, this.busy), schedule: this.settings.schedules, supervise: true, maintenanceIntervalSeconds: 30 });
    this.boss.on('error', (err: unknown) => this.log.error({ err }, 'job queue error'));
  }

  /** Register what a queue's jobs do (before `start`). */
  define<T>(queue: string, definition: JobDefinition<T>): void {
    this.definitions.set(queue, definition as JobDefinition<never>);
  }

  private readonly schedules = new Map<string, { cron: string; tz: string }>();

  /** Send a job to `queue` on a cron schedule (in time zone `tz`); defined like any queue. */
  every<T>(queue: string, cron: string, tz: string, definition: JobDefinition<T>): void {
    this.define(queue, definition);
    this.schedules.set(queue, { cron, tz });
  }

  /** The schedules this queue keeps (what `every` asked), as pg-boss stores them. */
  async scheduled(): Promise<{ name: string; cron: string; timezone: string }[]> {
    return (await this.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron, timezone: (s as { timezone?: string }).timezone ?? 'UTC' }));
  }

  /** Create or upgrade the queue's tables and the queues; no work is taken yet. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
    // A queue stopped and started again (a restore, a test) takes work again.
    this.stopping = false;
    await this.boss.createQueue(JOB_FAILED_QUEUE, { name: JOB_FAILED_QUEUE, policy: 'standard', retryLimit: 2 });
    const expireInSeconds = Math.ceil((this.settings.timeLimitMs + this.settings.graceMs) / 1000) + 60;
    for (const name of this.definitions.keys()) {
      const options = {
        name,
        policy: 'stately' as const,
        retryLimit: this.settings.retryLimit,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds,
        deadLetter: JOB_FAILED_QUEUE,
      };
      await this.boss.createQueue(name, options);
      await this.boss.updateQueue(name, options);
    }
    for (const [name, { cron, tz }] of this.schedules) await this.boss.schedule(name, cron, { queue: name, payload: {} } satisfies Envelope, { tz });
  }

  /** Take work from every defined queue (one job at a time per queue on this node). */
  async startWorkers(): Promise<void> {
    await this.start();
    const options = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: this.settings.pollSeconds };
    for (const queue of this.definitions.keys()) {
      this.workerIds.set(queue, await this.boss.work<Envelope>(queue, options, ([job]) => this.runJob(queue, job!)));
    }
    this.workerIds.set(
      JOB_FAILED_QUEUE,
      await this.boss.work<Envelope>(JOB_FAILED_QUEUE, options, async ([job]) => {
        if (this.stopping) throw new NodeStopping();
        this.busy.gaveUp++;
        try {
          await this.gaveUp(job!);
        } finally {
          this.busy.gaveUp--;
        }
      }),
    );
  }

  /** A job of `job-failed`: tell its queue's definition that the queue gave up, with the reason. */
  private async gaveUp(job: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    const output = (job as unknown as { output?: { value?: { message?: string }; message?: string } }).output;
    const reason = output?.value?.message ?? output?.message ?? 'failed';
    await this.definitions.get(job.data.queue)?.gaveUp(job.data.payload as never, reason);
  }

  /**
   * Queue a job for `key` (in `db`'s transaction when given). A second job for a key that
   * already has one is not created: returns false. `singletonKey` (the key unless given): on
   * these stately queues, at most one job per singleton key waits and one runs.
   */
  async send(queue: string, key: string, payload: unknown, db?: Db, singletonKey: string = key): Promise<boolean> {
    const id = await this.boss.send(queue, { queue, payload } satisfies Envelope, { id: key, singletonKey, ...(db ? { db: adapter(db) } : {}) });
    return id !== null;
  }

  /** Ask this node's worker to look for work now rather than at its next poll. */
  wake(queue: string): void {
    const id = this.workerIds.get(queue);
    if (id) this.boss.notifyWorker(id);
  }

  /** The queue's view of a job (state, retries), or null when it has none for `key`. */
  async state(queue: string, key: string): Promise<{ state: string; retryCount: number } | null> {
    const job = await this.boss.getJobById(queue, key, { includeArchive: true });
    return job ? { state: job.state, retryCount: job.retryCount } : null;
  }

  /**
   * Give a job this node holds back to its queue as if it had not been taken: waiting ('retry'),
   * with its tries left as they were. pg-boss 10 has no call for it: its `fail` (and its own
   * hand-back when `stop`'s timeout passes) counts a failed try, so a job stopped by three
   * deployments would end failed without ever failing. A job is counted as a new try when it is
   * taken again with `started_on` set; clearing it keeps `retry_count`. False when the job is not
   * this node's to give back (no longer active), or when its singleton key already has a job
   * waiting to be retried (the stately queue's unique index): the caller then fails it as before.
   */
  private async handBack(queue: string, id: string, reason: string): Promise<boolean> {
    try {
      // Through the adapter: counted as the queue's query in flight, which `stop()` waits for.
      const { rows } = await adapter(this.db, this.busy).executeSql(
        `update pgboss.job
            set state = 'retry', started_on = null, start_after = now() + $3 * interval '1 second',
                output = jsonb_build_object('message', $4::text)
          where name = $1 and id = $2::uuid and state = 'active'
          returning id`,
        [queue, id, HAND_BACK_DELAY_SECONDS, reason],
      );
      return rows.length === 1;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return false;
      throw err;
    }
  }

  /**
   * Renew the lease of a job this node runs. pg-boss fails an active job once `started_on +
   * expire_in` has passed; the expiry stays the queue's (pg-boss also ends the handler after it,
   * in process), so `started_on` is moved instead, to end the lease `leaseSeconds` from now. It
   * then reads as the lease's end less the expiry, not as when the job began (nothing reads it
   * but pg-boss, which only asks whether it is set).
   */
  private async renewLease(queue: string, id: string): Promise<void> {
    await adapter(this.db, this.busy).executeSql(
      `update pgboss.job set started_on = now() - expire_in + $3 * interval '1 second'
        where name = $1 and id = $2::uuid and state = 'active'`,
      [queue, id, this.settings.leaseSeconds],
    );
  }

  private async runJob(queue: string, job: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    // A poll in flight when stop() began may still bring a job back: it is handed back unstarted.
    if (this.stopping) {
      if (await this.handBack(queue, job.id, 'handed back unstarted: the node was stopping')) {
        jobMetrics.counter.inc({ queue, event: 'handed-back' });
        return;
      }
      throw new NodeStopping();
    }
    const definition = this.definitions.get(queue)!;
    await this.renewLease(queue, job.id);
    const renewing = setInterval(
      () => void this.renewLease(queue, job.id).catch((err: unknown) => this.log.error({ err, queue, job: job.id }, 'job lease not renewed')),
      (this.settings.leaseSeconds * 1000) / 6,
    );
    const controller = new AbortController();
    const done = definition.run({
      id: job.id,
      data: job.data.payload as never,
      attempt: job.retryCount + 1,
      lastAttempt: job.retryCount >= job.retryLimit,
      signal: controller.signal,
    });
    this.running.set(job.id, { controller, done: done.catch(() => {}) });
    jobMetrics.gauge.inc({ queue, name: 'running' });
    try {
      await done;
      jobMetrics.counter.inc({ queue, event: 'finished' });
    } catch (err) {
      // Stopped by this node's shutdown: handed back, not a failed try (it returns; pg-boss's completion then finds no active job).
      if (controller.signal.aborted && (await this.handBack(queue, job.id, 'handed back: the node stopped'))) {
        jobMetrics.counter.inc({ queue, event: 'handed-back' });
        this.log.info({ queue, job: job.id, attempt: job.retryCount + 1 }, 'job handed back');
        return;
      }
      // Thrown: the queue retries it, or (last try) gives it to job-failed.
      jobMetrics.counter.inc({ queue, event: 'thrown' });
      this.log.error({ err, queue, job: job.id, attempt: job.retryCount + 1 }, 'job failed');
      throw err;
    } finally {
      clearInterval(renewing);
      jobMetrics.gauge.dec({ queue, name: 'running' });
      this.running.delete(job.id);
    }
  }

  /**
   * Stop taking jobs; let running ones finish within the grace time; then hand the rest back
   * to the queue and end their work. The database stays open (the caller closes it after).
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    const busy = this.running.size;
    if (busy) this.log.info({ running: busy, graceMs: this.settings.graceMs }, 'waiting for running jobs');
    // pg-boss stops fetching and waits for the jobs its workers hold; past its timeout it would fail
    // (count a try of) those still running, so its timeout is longer than the grace: at the end of
    // the grace this node aborts them itself and each is handed back (`handBack`) before pg-boss
    // looks. pg-boss 10's `wait` does not wait for a poll in flight (which may still bring a job
    // back), nor for the completion it sends after a job without awaiting it, nor for maintenance:
    // those are waited for below, through the queries in flight on its connection.
    const bossStopped = this.boss.stop({ graceful: true, wait: true, close: false, timeout: this.settings.graceMs + 10_000 });
    await Promise.race([Promise.all([...this.running.values()].map((r) => r.done)), sleep(this.settings.graceMs, undefined, { ref: false })]);
    const left = [...this.running.values()];
    if (left.length) this.log.info({ handedBack: left.length }, 'jobs handed back to the queue');
    for (const r of left) r.controller.abort();
    await Promise.race([Promise.all(left.map((r) => r.done)), sleep(5000, undefined, { ref: false })]);
    await bossStopped;
    // Bounded: a query that never ends must not hold the node.
    const until = Date.now() + 5000;
    while (!this.quiet() && Date.now() < until) await sleep(20);
    if (!this.quiet()) this.log.info({ queries: this.busy.queries, running: this.running.size }, 'stopped with job queue work still in flight');
  }

  /** Nothing of the queue uses the database: no job running here, no pg-boss query in flight. */
  private quiet(): boolean {
    return this.running.size === 0 && this.busy.queries === 0 && this.busy.gaveUp === 0;
  }
}

let sender: PgBoss | null = null;

/**
 * Queue a job from a service, in the caller's transaction, without the app's JobQueue at hand
 * (the services of other features get a transaction, not the queue): the same insert as
 * `JobQueue.send` (pg-boss needs no started instance for it). The queue must have been created
 * by a node's `start()` — every node starts the queue before it serves.
 */
export async function enqueue(db: Db, queue: string, key: string, payload: unknown): Promise<boolean> {
  sender ??= new PgBoss({ db: { executeSql: () => Promise.reject(new Error('enqueue needs a database')) }, schedule: false, supervise: false });
  const id = await sender.send(queue, { queue, payload } satisfies Envelope, { id: key, singletonKey: key, db: adapter(db) });
  return id !== null;
}

/**
 * Queue many jobs in one statement (pg-boss `insert`), in the caller's transaction: `key` is each
 * job's id (a uuid) and singleton key, as `enqueue` makes them; a key that already has a job is
 * skipped. For batches (the reminder sweep's mails).
 */
export async function enqueueMany(db: Db, queue: string, jobs: readonly { key: string; payload: unknown }[]): Promise<void> {
  sender ??= new PgBoss({ db: { executeSql: () => Promise.reject(new Error('enqueue needs a database')) }, schedule: false, supervise: false });
  for (let i = 0; i < jobs.length; i += 1000) {
    const chunk = jobs.slice(i, i + 1000).map((j) => ({ id: j.key, name: queue, singletonKey: j.key, data: { queue, payload: j.payload } satisfies Envelope }));
    await sender.insert(chunk, { db: adapter(db) });
  }
}

/** The app's queue; a server built without one cannot start jobs. */
export function queueOf(deps: { jobs?: JobQueue | undefined }): JobQueue {
  if (!deps.jobs) throw new Error('this server was built without a job queue');
  return deps.jobs;
}
