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
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

const MARKER = '\u0000slot:';

/** A value supplied at execution: `slot<T>('limit')` stands for `values.limit`. */
export type Slot = <T = string>(name: string) => T;

type Param = { slot: string } | { value: unknown };

export interface QueryTemplate<Db, Shape, Row> {
  execute(db: Db, shape: Shape, values: Readonly<Record<string, unknown>>): Promise<Row[]>;
  /** How many shapes are compiled (tests). */
  readonly size: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database: the template only compiles and runs raw SQL
export function queryTemplate<Db extends Kysely<any>, Shape, Row>(build: (db: Db, shape: Shape, slot: Slot) => Compilable<Row>, maxShapes = 256): QueryTemplate<Db, Shape, Row> {
  const compiled = new Map<string, { sql: string; params: Param[] }>();
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
    return { sql: q.sql, params };
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
      const result = await db.executeQuery<Row>(CompiledQuery.raw(t.sql, parameters));
      return result.rows;
    },
    get size() {
      return compiled.size;
    },
  };
}
