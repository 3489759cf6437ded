import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { DatabaseKind } from '#src/db/database.ts';
import type { FileStore } from '#src/server/files/file-store.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { ResponseCache } from './http/response-cache.ts';

/** What route plugins receive: the database and the clock (tests pass their own). */
export interface AppDeps {
  db: Kysely<Database>;
  databaseKind: DatabaseKind;
  version: string;
  now: () => Date;
  /** Cookies get `Secure` when the public address is https. */
  secureCookies: boolean;
  /** The data dir (`DATA_DIR`). */
  dataDir?: string;
  /** Where uploaded files live: `FILE_STORE` (by default `<dataDir>/uploads` on local disk). */
  files: FileStore;
  /** The job queue that imports and matching runs are sent to (absent only where no job is sent, e.g. `chungtay openapi`). */
  jobs?: JobQueue;
  /** The address users reach (`PUBLIC_URL`): verification links and QR codes point there. */
  publicUrl?: string;
  /** Answers of the school list, the dashboard and the search kept by this node (made by `buildApp`; docs/decisions/0033). */
  responses?: ResponseCache;
}
