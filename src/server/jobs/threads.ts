/**
 * Job steps in worker threads: a thread is ended when its step's time limit passes (`terminate`, so a hung computation cannot hold the node), when
 * the job is aborted (shutdown), or when it runs out of the memory it was given
 * (`resourceLimits`: that ends only the thread, not the server).
 *
 * The thread talks in `ThreadMessage`s: progress (the thread's own heartbeat), then one answer.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { DomainError } from '#src/core/errors.ts';

export type ThreadMessage<P, R> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: R }
  /** the input breaks a rule: a DomainError to rethrow */
  | { type: 'refused'; error: { code: string; status: number; params: Record<string, string | number>; field: string | null } }
  | { type: 'failed'; message: string };

/** The step took longer than its time limit; the thread was ended. */
export class TimeLimitError extends DomainError {
  constructor(readonly seconds: number) {
    super('JOB_TIME_LIMIT', 500, { seconds });
  }
}

/** The thread needed more memory than it was given; it was ended. */
export class ThreadMemoryError extends DomainError {
  constructor(code = 'JOB_OUT_OF_MEMORY') {
    super(code, 500);
  }
}

/** The job was stopped from outside (shutdown); it is handed back to the queue. */
export class JobAbortedError extends Error {
  constructor() {
    super('job aborted (shutdown)');
  }
}

/**
 * The worker file next to `from` (an `import.meta.url`) named `name` (without extension), with
 * the caller's own extension: `.ts` from the sources (tsx), `.js` from the compiled build.
 */
export function siblingWorker(from: string, name: string): URL {
  const ext = extname(fileURLToPath(from)) || '.js';
  return new URL(`./${name}${ext}`, from);
}

function startThread(entry: URL, resourceLimits: ResourceLimits | undefined, name: string): Worker {
  const options = { name, ...(resourceLimits ? { resourceLimits } : {}) };
  if (entry.pathname.endsWith('.ts')) return new Worker(new URL('./ts-worker.mjs', import.meta.url), { ...options, workerData: { __entry: entry.href } });
  return new Worker(entry, options);
}

export interface ThreadOptions<P> {
  /** ends the thread after this long (0 or undefined: no limit) */
  timeLimitMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: P) => void;
}

/**
 * Threads for one worker file. A thread is kept (not holding the process open) for the next
 * step once it answers; one that is ended is replaced. Steps given together get a thread each.
 */
export class ThreadPool<I, P, R> {
  private readonly idle: Worker[] = [];
  private nextId = 1;

  constructor(
    private readonly entry: URL,
    private readonly name: string,
    private readonly limits: { resourceLimits?: ResourceLimits; memoryErrorCode?: string } = {},
  ) {}

  run(input: I, opts: ThreadOptions<P> = {}): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new JobAbortedError());
      const worker = this.idle.pop() ?? startThread(this.entry, this.limits.resourceLimits, this.name);
      const id = this.nextId++;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (fn: () => void, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keep && this.idle.length < 2) {
          worker.unref();
          this.idle.push(worker);
        } else {
          void worker.terminate();
        }
        fn();
      };
      const onAbort = () => finish(() => reject(new JobAbortedError()), false);
      const onMessage = (m: ThreadMessage<P, R> & { id: number }) => {
        if (settled || m.id !== id) return;
        if (m.type === 'progress') return opts.onProgress?.(m.progress);
        if (m.type === 'done') finish(() => resolve(m.result), true);
        else if (m.type === 'refused') finish(() => reject(new DomainError(m.error.code, m.error.status, m.error.params, m.error.field ?? undefined)), true);
        else finish(() => reject(new Error(`${this.name}: ${m.message}`)), false);
      };
      const onError = (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(() => reject(new ThreadMemoryError(this.limits.memoryErrorCode)), false);
        else finish(() => reject(err), false);
      };
      const onExit = (code: number) => finish(() => reject(new Error(`${this.name} exited (${code}) without an answer`)), false);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeLimitMs && opts.timeLimitMs > 0) {
        const ms = opts.timeLimitMs;
        timer = setTimeout(() => finish(() => reject(new TimeLimitError(Math.max(1, Math.round(ms / 1000)))), false), ms);
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.ref();
      worker.postMessage({ id, input });
    });
  }

  /** End the idle threads (tests, shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }
}

/** The thread side: answer each input posted to the thread with `fn`, which may post progress. */
export function serveThread<I, P, R>(
  port: MessagePort,
  fn: (input: I, progress: (p: P) => void) => R | Promise<R>,
): void {
  // One step at a time: a thread is given a new input only once it has answered.
  port.on('message', ({ id, input }: { id: number; input: I }) => {
    const post = (m: ThreadMessage<P, R>) => port.postMessage({ ...m, id });
    void (async () => {
      try {
        const result = await fn(input, (progress) => post({ type: 'progress', progress }));
        post({ type: 'done', result });
      } catch (err) {
        if (err instanceof DomainError) {
          post({ type: 'refused', error: { code: err.code, status: err.status, params: err.params, field: err.field ?? null } });
        } else {
          post({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        }
      }
    })();
  });
}
