/**
 * The worker thread side of `runEngineOffThread`: scores and solves one engine input at a
 * time (messages are handled in turn) and posts back the phase, the outcome or the error.
 */
import { parentPort } from 'node:worker_threads';
import { DomainError } from '#src/core/errors.ts';
import { buildProblem, solveProblem } from '#src/core/matching/engine.ts';
import type { ThreadReply, ThreadRequest } from './protocol.ts';

const port = parentPort!;
const post = (reply: ThreadReply) => port.postMessage(reply);

port.on('message', ({ id, input }: ThreadRequest) => {
  try {
    let t = performance.now();
    const problem = buildProblem(input);
    const scoring = Math.round(performance.now() - t);
    post({ id, type: 'phase', phase: 'solving' });
    t = performance.now();
    const outcome = solveProblem(problem);
    post({ id, type: 'done', outcome, timings: { scoring, solving: Math.round(performance.now() - t) } });
  } catch (err) {
    if (err instanceof DomainError) {
      post({ id, type: 'refused', error: { code: err.code, status: err.status, params: err.params, field: err.field ?? null } });
    } else {
      post({ id, type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  }
});
