import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ConflictError, DomainError, TooManyLoginAttemptsError, ValidationError } from '#src/core/errors.ts';
import { findTextProblem } from '#src/core/text-schema.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

function body(code: string, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/** The Vietnamese (or English) text for one zod issue, by its code. */
function issueDetail(locale: Locale, issue: Record<string, unknown>): string {
  const params = (issue.params ?? {}) as { key?: string };
  if (params.key) return translate(locale, `validation.${params.key}`);
  const code = String(issue.code ?? 'invalid');
  const origin = issue.origin === 'string' ? 'string' : 'number';
  if (code === 'invalid_type' && /received undefined/u.test(String(issue.message))) return translate(locale, 'validation.required');
  if (code === 'too_small') return translate(locale, `validation.too_small_${origin}`, issue);
  if (code === 'too_big') return translate(locale, `validation.too_big_${origin}`, issue);
  if (code === 'unrecognized_keys') {
    return translate(locale, 'validation.unrecognized_keys', { keys: (issue.keys as string[] | undefined)?.join(', ') });
  }
  if (['invalid_type', 'invalid_format', 'invalid_value'].includes(code)) return translate(locale, `validation.${code}`);
  return translate(locale, 'validation.invalid');
}

/**
 * The message for a bad field: its label in the caller's language ("Số kế hoạch"), so users
 * are not shown code names; the code name stays in `field` for programs.
 */
function validationMessage(locale: Locale, field: string, detail: string): string {
  return translate(locale, 'errors.VALIDATION_FAILED', { label: fieldLabel(locale, field), detail });
}

function fieldLabel(locale: Locale, field: string): string {
  const last = field.split('.').filter((part) => !/^\d+$/u.test(part)).pop() ?? field;
  return translate(locale, `fields.${last}`, { defaultValue: field });
}

export function domainErrorBody(err: DomainError, locale: Locale): ErrorBody {
  if (err.code === 'VALIDATION_FAILED') {
    const field = err.field ?? '';
    const detail = translate(locale, `validation.${String(err.params.reason)}`, err.params);
    return body(err.code, validationMessage(locale, field, detail), field);
  }
  if (err.code === 'UNIQUE_CONFLICT' && err.field) {
    const label = translate(locale, `fields.${err.field}`, { defaultValue: err.field });
    return body(err.code, translate(locale, 'errors.UNIQUE_CONFLICT_FIELD', { label }), err.field);
  }
  // Messages of errors about one field may name it by its label ("Tệp", "File").
  const label = err.field ? fieldLabel(locale, err.field) : undefined;
  return body(err.code, translate(locale, `errors.${err.code}`, { label, ...err.params }), err.field);
}

const SQL_WORDS = new Set(['lower', 'upper', 'text', 'coalesce', 'trim', 'varchar', 'character', 'varying']);
const camel = (column: string) => column.replace(/_([a-z])/gu, (_m, c: string) => c.toUpperCase());

/**
 * A unique-value race that the service's own check could not see (two requests at once):
 * PostgreSQL's `23505` becomes a 409 naming the field, from the key in its detail
 * (`Key (campaign_id, code)=(…) already exists.` → `code`; ids only when nothing else).
 */
export function uniqueViolation(err: unknown): DomainError | null {
  if (!err || typeof err !== 'object' || (err as { code?: unknown }).code !== '23505') return null;
  const detail = String((err as { detail?: unknown }).detail ?? '');
  const key = /^Key \((.+?)\)=\(/u.exec(detail)?.[1] ?? '';
  const columns = (key.match(/[a-z_][a-z0-9_]*/gu) ?? []).filter((w) => !SQL_WORDS.has(w));
  const named = columns.filter((c) => c !== 'id' && !c.endsWith('_id'));
  const column = named.at(-1) ?? columns.at(-1);
  return new ConflictError('UNIQUE_CONFLICT', column ? camel(column) : undefined);
}

async function errorsPlugin(app: FastifyInstance) {
  // Every string of every route's path, query and body, before its schema: NUL, other control
  // characters and bidirectional overrides are refused with the field, whatever the route.
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const found = findTextProblem(part);
      if (found) throw new ValidationError(found.path || 'body', found.problem);
    }
  });
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const locale = request.locale ?? 'vi';
    const conflict = uniqueViolation(error);
    if (conflict) request.log.info({ detail: (error as { detail?: string }).detail }, 'unique-value race answered 409');
    const err = (conflict ?? error) as FastifyError | DomainError;
    if (err instanceof DomainError) {
      if (err instanceof TooManyLoginAttemptsError) reply.header('retry-after', String(err.retryAfterSeconds));
      if (err.status >= 500) request.log.error({ err }, 'domain error');
      return reply.status(err.status).send(domainErrorBody(err, locale));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0]!;
      // The zod issue, flattened by fastify-type-provider-zod: code in `keyword`, the rest in `params`.
      const issue: Record<string, unknown> = { ...first.params, code: first.keyword, message: first.message };
      const path = first.instancePath.replace(/^\//u, '').replaceAll('/', '.');
      const field = path || String(err.validationContext ?? 'body');
      const detail = issueDetail(locale, issue);
      return reply
        .status(400)
        .send(body('VALIDATION_FAILED', validationMessage(locale, field, detail), field));
    }
    if (err.statusCode === 429) {
      return reply.status(429).send(body('RATE_LIMITED', translate(locale, 'errors.RATE_LIMITED')));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors: bad JSON, wrong media type, body too large …
      const field = err.statusCode === 415 ? 'content-type' : 'body';
      const detail = translate(locale, 'validation.invalid');
      return reply
        .status(err.statusCode)
        .send(body(err.code ?? 'BAD_REQUEST', validationMessage(locale, field, detail), field));
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send(body('INTERNAL', translate(locale, 'errors.INTERNAL', { requestId: request.id })));
  });
}

export default fp(errorsPlugin, { name: 'errors' });
