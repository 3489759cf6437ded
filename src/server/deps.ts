import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { DatabaseKind } from '#src/db/database.ts';

/** What route plugins receive: the database and the clock (tests pass their own). */
export interface AppDeps {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  version: string;
  now: () => Date;
  /** Cookies get `Secure` when the public address is https. */
  secureCookies: boolean;
}
