import { z } from 'zod';

/**
 * The body of every error answer, `{ error: { code, message, field? } }`: the routes' error
 * response schema (and the OpenAPI description's), and the page's type for it (src/web/lib/api.ts).
 */
export const errorDto = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });
export type ErrorDto = z.infer<typeof errorDto>;

/**
 * Domain errors carry a stable code, an HTTP status and the message key used to
 * localize them. Services throw them; one server handler maps them to
 * `{ error: { code, message, field? } }`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export class NotAuthenticatedError extends DomainError {
  constructor() {
    super('NOT_AUTHENTICATED', 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor() {
    super('FORBIDDEN', 403);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string) {
    super('NOT_FOUND', 404, { entity });
  }
}

export class ValidationError extends DomainError {
  constructor(field: string, reason: string, params: Record<string, string | number> = {}) {
    super('VALIDATION_FAILED', 400, { reason, ...params }, field);
  }
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 401);
  }
}

export class TooManyLoginAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_LOGIN_ATTEMPTS', 429, { minutes: Math.ceil(retryAfterSeconds / 60) });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, field?: string, params: Record<string, string | number> = {}) {
    super(code, 409, params, field);
  }
}
