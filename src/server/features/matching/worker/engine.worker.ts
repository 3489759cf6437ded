/**
 * The engine's worker thread: scores and solves one engine input, reporting each phase as it
 * starts (its own heartbeat: a thread that stops reporting is ended by the time limit).
 */
import { parentPort } from 'node:worker_threads';
import { buildProblem, solveProblem, type EngineInput } from '#src/core/matching/engine.ts';
import { serveThread } from '#src/server/jobs/threads.ts';
import type { EnginePhase, EngineResult } from './engine-runner.ts';

serveThread<EngineInput, EnginePhase, EngineResult>(parentPort!, (input, progress) => {
  progress('scoring');
  let t = performance.now();
  const problem = buildProblem(input);
  const scoring = Math.round(performance.now() - t);
  progress('solving');
  t = performance.now();
  const outcome = solveProblem(problem);
  return { outcome, timings: { scoring, solving: Math.round(performance.now() - t) } };
});
