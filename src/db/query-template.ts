/**
 * A query built and compiled by Kysely once per *shape*, then run with new values: for the
 * queries of the hottest endpoints, where building and compiling a query of eight relations cost
 * more Node CPU than everything else of the request (docs/performance.md).
 *
 * `build(shape, slot)` writes the query as usual, but every value that changes between requests
 * comes from `slot(name)` (a marker that reaches Kysely's parameters untouched) and every
 * decision that changes the SQL text comes from `shape`. `build` never sees the values, so it
 * cannot let them change the text behind the cache's back; a marker that was transformed (a
 * value computed from a slot inside `build`) or a slot without a value is an error, never a
 * silently wrong query.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { genericPlanPoolOf } from './database.ts';

const MARKER = '\u0000slot:';

/** A value supplied at execution: `slot<T>('limit')` stands for `values.limit`. */
export type Slot = <T = string>(name: string) => T;

type Param = { slot: string } | { value: unknown };

/** Told of each prepared query as it ends, as Kysely's `log` is of the others (bench/requests.ts counts both). */
export const preparedQueryLog: { listener?: ((query: { sql: string; parameters: readonly unknown[]; ms: number }) => void) | undefined } = {};

export interface QueryTemplate<Db, Shape, Row> {
  execute(db: Db, shape: Shape, values: Readonly<Record<string, unknown>>): Promise<Row[]>;
  /** How many shapes are compiled (tests). */
  readonly size: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database: the template only compiles and runs raw SQL
export function queryTemplate<Db extends Kysely<any>, Shape, Row>(
  build: (db: Db, shape: Shape, slot: Slot) => Compilable<Row>,
  options: {
    maxShapes?: number;
    /**
     * Read-only queries only: run as a named prepared statement with a generic plan on the
     * database's prepared-statement pool (`genericPlanPoolOf`), planned once per connection
     * and shape instead of on every request. Only for a query whose generic plan is as good as
     * a custom one for any values (the SQL must not rely on a value to pick an index); inside
     * a transaction it runs as usual.
     */
    prepared?: boolean;
  } = {},
): QueryTemplate<Db, Shape, Row> {
  const maxShapes = options.maxShapes ?? 256;
  const compiled = new Map<string, { sql: string; params: Param[]; name: string }>();
  const slot: Slot = <T>(name: string) => `${MARKER}${name}` as T;
  const compile = (db: Db, shape: Shape) => {
    const q = build(db, shape, slot).compile();
    const params = q.parameters.map((p): Param => {
      if (typeof p === 'string' && p.includes(MARKER)) {
        if (!p.startsWith(MARKER) || p.indexOf(MARKER, 1) !== -1) throw new Error(`query template: a slot was transformed while building (${JSON.stringify(p)})`);
        return { slot: p.slice(MARKER.length) };
      }
      return { value: p };
    });
    // The statement's name follows its text: a connection never meets one name for two texts.
    return { sql: q.sql, params, name: `tpl_${createHash('sha256').update(q.sql).digest('hex').slice(0, 24)}` };
  };
  return {
    async execute(db, shape, values) {
      const key = JSON.stringify(shape);
      let t = compiled.get(key);
      if (!t) {
        t = compile(db, shape);
        if (compiled.size >= maxShapes) compiled.clear();
        compiled.set(key, t);
      }
      const parameters = t.params.map((p) => {
        if ('value' in p) return p.value;
        const v = values[p.slot];
        if (v === undefined) throw new Error(`query template: no value for slot ${p.slot}`);
        return v;
      });
      const generic = options.prepared ? genericPlanPoolOf(db) : undefined;
      if (generic) {
        const started = preparedQueryLog.listener ? performance.now() : 0;
        const rows = (await generic.query<Row & object>({ name: t.name, text: t.sql, values: parameters })).rows;
        preparedQueryLog.listener?.({ sql: t.sql, parameters, ms: performance.now() - started });
        return rows;
      }
      const result = await db.executeQuery<Row>(CompiledQuery.raw(t.sql, parameters));
      return result.rows;
    },
    get size() {
      return compiled.size;
    },
  };
}
