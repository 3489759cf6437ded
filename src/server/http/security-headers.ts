/**
 * Helmet's security headers, worked out once (docs/decisions/0039-response-serializer-compiled-once.md).
 *
 * @fastify/helmet called `helmet(options)` on every request: each request parsed the
 * Content-Security-Policy directives again and built a dozen middlewares. Nothing in our options
 * depends on the request (no nonces, no functions), so helmet's own middleware runs once here, on
 * a response that only records what it sets, and every request then gets those same headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeaders {
  /** Header names and values, in the order helmet sets them. */
  readonly set: readonly (readonly [string, string])[];
  /** Headers helmet removes (X-Powered-By). */
  readonly removed: readonly string[];
}

/** What `helmet(options)` does to every response, as a list. */
export function securityHeaders(options: HelmetOptions): SecurityHeaders {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a value that is not a string`);
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
    getHeader: () => undefined,
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // Every middleware of helmet is synchronous; one that was not would have to run per request.
  if (!finished) throw new Error('helmet did not finish synchronously');
  return { set, removed };
}

/** Put the headers on a response, as helmet's middleware would have. */
export function applySecurityHeaders(headers: SecurityHeaders, res: ServerResponse): void {
  for (const name of headers.removed) res.removeHeader(name);
  for (const [name, value] of headers.set) res.setHeader(name, value);
}
