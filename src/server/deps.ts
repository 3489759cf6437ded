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
  /** Where uploaded files live (`DATA_DIR`; uploads go to `<dataDir>/uploads`). */
  dataDir?: string;
  /** The address users reach (`PUBLIC_URL`): verification links and QR codes point there. */
  publicUrl?: string;
}
