/** Messages between the server and the engine's worker thread. */
import type { EngineInput, EngineOutcome } from '#src/core/matching/engine.ts';

export interface ThreadRequest {
  id: number;
  input: EngineInput;
}

export type ThreadReply =
  | { id: number; type: 'phase'; phase: 'solving' }
  | { id: number; type: 'done'; outcome: EngineOutcome; timings: { scoring: number; solving: number } }
  /** the input breaks a rule (a locked pair over capacity…): a DomainError to rethrow */
  | { id: number; type: 'refused'; error: { code: string; status: number; params: Record<string, string | number>; field: string | null } }
  | { id: number; type: 'failed'; message: string };
