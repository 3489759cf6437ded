import { DomainError } from '#src/core/errors.ts';

export class PlanNotFoundError extends DomainError {
  constructor() {
    super('PLAN_NOT_FOUND', 404);
  }
}

/** The plan's state says no (a stale version, a text changed since it was read, approved twice…): 409 naming the field. */
export class PlanConflictError extends DomainError {
  constructor(code: string, field?: string, params: Record<string, string | number> = {}) {
    super(code, 409, params, field);
  }
}
