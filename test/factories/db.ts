import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';

/** The test's database: factories open their own transactions on it. */
export type FactoryDb = Kysely<Database>;
