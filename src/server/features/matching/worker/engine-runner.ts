/**
 * The pairing engine off the event loop. A city-sized run computes for about a second, and a
 * country-sized one for longer: on the main thread that would stall every other request of
 * the node. Each run computes in a worker thread (kept for the next run), which reports its
 * phases itself and is ended when the run's time limit passes or its job is stopped.
 */
import type { EngineInput, EngineOutcome } from '#src/core/matching/engine.ts';
import { siblingWorker, ThreadPool } from '#src/server/jobs/threads.ts';

export type EnginePhase = 'scoring' | 'solving';

export interface EngineResult {
  outcome: EngineOutcome;
  timings: { scoring: number; solving: number };
}

const threads = new ThreadPool<EngineInput, EnginePhase, EngineResult>(siblingWorker(import.meta.url, 'engine.worker'), 'chungtay-matching');

/** Score and solve `input` in a worker thread; `onPhase` hears each phase as the thread starts it. */
export function runEngineOffThread(
  input: EngineInput,
  options: { onPhase?: (phase: EnginePhase) => void; timeLimitMs?: number | undefined; signal?: AbortSignal | undefined } = {},
): Promise<EngineResult> {
  return threads.run(input, {
    timeLimitMs: options.timeLimitMs,
    signal: options.signal,
    ...(options.onPhase ? { onProgress: options.onPhase } : {}),
  });
}

/** End the idle engine threads (tests, shutdown). */
export const stopEngineThreads = () => threads.close();
