import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '#src/core/roles.ts';
import type { Database } from '#src/db/schema.ts';

/** A database or an open transaction: the first argument of every repository function. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Who is calling and under which request: passed from routes (or the CLI) into services. */
export interface CallContext {
  actor: Actor | null;
  /** "cli:<user>" or "system" when there is no signed-in actor */
  via?: string;
  requestId: string | null;
}

export const systemContext = (via = 'system'): CallContext => ({ actor: null, via, requestId: null });
