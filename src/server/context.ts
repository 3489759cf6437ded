import type { Kysely, Transaction } from 'kysely';
import { SYSTEM_ACTOR, type Principal } from '#src/core/access/policy.ts';
import type { Database } from '#src/db/schema.ts';

/** A database or an open transaction: the first argument of every repository function. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Who is calling and under which request: passed from routes (or the CLI) into services. */
export interface CallContext {
  /** The signed-in person, or `SYSTEM_ACTOR` for jobs and the CLI; null (nobody) is refused everything. */
  actor: Principal | null;
  /** "cli:<user>" or "system": who is behind the system actor, for the audit log */
  via?: string;
  requestId: string | null;
}

/** The context of jobs, the CLI and the demo loader: the explicit system actor. */
export const systemContext = (via = 'system'): CallContext => ({ actor: SYSTEM_ACTOR, via, requestId: null });

/**
 * A context that went through JSON (a queued job's payload): the system actor is a value
 * compared by identity, so it is restored here; a person stays as stored (the session's
 * actor when the job was sent).
 */
export function reviveContext(ctx: CallContext): CallContext {
  return ctx.actor?.role === 'system' ? { ...ctx, actor: SYSTEM_ACTOR } : ctx;
}
