/**
 * Answers of the read-heavy signed-in endpoints (the school list, the dashboard, the header
 * search), kept by this node as the JSON it sent (docs/decisions/0033-response-cache.md).
 *
 * - **Key**: the data generation, the route, the caller (the whole actor: user id, role, school,
 *   area), the language, the day (in Hanoi) and the validated query. Two callers never share an
 *   entry; a role or scope change makes a new key; a caller whose session ended never reaches
 *   the handler (the access hook refuses first).
 * - **Freshness**: every transaction that changes a table these answers read bumps the data
 *   generation when it commits (migration 0033); each request reads it first, in the same query
 *   as its session (decision 0040: `request.dataGeneration`, one round trip in all for a kept
 *   answer), so a write on any node makes the next read on every node compute afresh. The
 *   answer is computed after the generation was read, so it is never older than its key says.
 * - **Memory**: an LRU bounded by the bytes of the kept answers (`RESPONSE_CACHE_MB`), with a
 *   time-to-live as a second guard (a write that bypasses the triggers, such as a restore with
 *   triggers disabled, is seen within it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { readDataGeneration } from '#src/db/database.ts';
import type { Db } from '#src/server/context.ts';

export interface ResponseCacheOptions {
  /** Bytes of JSON kept at most; 0 turns the cache off. */
  maxBytes: number;
  /** How long an entry may be served at most, whatever the generation says. */
  ttlMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's response cache (its hit and miss counts: tests, the bench). */
    responseCache?: ResponseCache;
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

export class ResponseCache {
  readonly #db: Db;
  readonly #entries: LRUCache<string, string> | null;
  /** Hits and misses since start (tests and the bench read them). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(db: Db, options: ResponseCacheOptions) {
    this.#db = db;
    this.#entries =
      options.maxBytes > 0
        ? new LRUCache<string, string>({
            maxSize: options.maxBytes,
            // A JS string of JSON holds about one byte per character of ASCII, two otherwise.
            sizeCalculation: (body, key) => 2 * (body.length + key.length),
            // One entry may not take more than a tenth of the whole.
            maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 10)),
            ttl: options.ttlMs ?? 60_000,
          })
        : null;
  }

  get enabled(): boolean {
    return this.#entries !== null;
  }

  /** The data generation now: one row, one index lookup. */
  async generation(): Promise<string> {
    return readDataGeneration(this.#db);
  }

  /**
   * Send the answer of `compute` for this request, from the cache when this node already
   * computed it for the same caller, query and data generation. `parts`: what else the answer
   * depends on beyond the caller and the route (the validated query, the day). Errors are
   * thrown as usual and never kept.
   */
  async send(request: FastifyRequest, reply: FastifyReply, parts: unknown, compute: () => Promise<unknown>): Promise<FastifyReply> {
    const entries = this.#entries;
    if (!entries) return reply.send(await compute());
    const actor = request.callContext().actor;
    // Read with the session by the access hook (before this request's handler); a request
    // without one (a caller that is not signed in) reads it now.
    const generation = request.dataGeneration ?? (await this.generation());
    const key = JSON.stringify([generation, request.routeOptions.url, actor, request.locale, parts]);
    const kept = entries.get(key);
    if (kept !== undefined) {
      this.stats.hits++;
      return reply.type(JSON_TYPE).send(kept);
    }
    this.stats.misses++;
    // The route's own response schema serializes it (as an uncached answer would be).
    const body = reply.serialize(await compute());
    if (typeof body !== 'string') return reply.type(JSON_TYPE).send(body);
    entries.set(key, body);
    return reply.type(JSON_TYPE).send(body);
  }
}
