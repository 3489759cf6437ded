/**
 * The pairing engine off the event loop. A city-sized run computes for about a second, and a
 * country-sized one for longer: on the main thread that would stall every other request of
 * the node. One worker thread, started on first use and kept for the next runs, computes the
 * runs in turn; it does not keep the process alive while idle. A worker that dies fails the
 * runs it held and is started again for the next one.
 */
import { Worker } from 'node:worker_threads';
import { DomainError } from '#src/core/errors.ts';
import type { EngineInput, EngineOutcome } from '#src/core/matching/engine.ts';
import type { ThreadReply } from './protocol.ts';

interface Pending {
  resolve: (r: EngineResult) => void;
  reject: (err: unknown) => void;
  onPhase: (phase: 'solving') => void;
}

export interface EngineResult {
  outcome: EngineOutcome;
  timings: { scoring: number; solving: number };
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: Error) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function start(): Worker {
  const w = new Worker(new URL('./engine-thread.mjs', import.meta.url), { name: 'chungtay-matching' });
  w.on('message', (m: ThreadReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'phase') return p.onPhase(m.phase);
    pending.delete(m.id);
    if (!pending.size) w.unref();
    if (m.type === 'done') p.resolve({ outcome: m.outcome, timings: m.timings });
    else if (m.type === 'refused') p.reject(new DomainError(m.error.code, m.error.status, m.error.params, m.error.field ?? undefined));
    else p.reject(new Error(`matching worker: ${m.message}`));
  });
  w.on('error', (err) => {
    if (worker === w) worker = null;
    failAll(err);
  });
  w.on('exit', (code) => {
    if (worker === w) worker = null;
    failAll(new Error(`matching worker exited (${code})`));
  });
  return w;
}

/** Score and solve `input` in the worker thread; `onPhase` hears when scoring is done. */
export function runEngineOffThread(input: EngineInput, onPhase: (phase: 'solving') => void = () => {}): Promise<EngineResult> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<EngineResult>((resolve, reject) => {
    pending.set(id, { resolve, reject, onPhase });
    w.ref();
    w.postMessage({ id, input });
  });
}

/** Stop the worker (tests, shutdown); the next run starts a new one. */
export async function stopEngineWorker(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
