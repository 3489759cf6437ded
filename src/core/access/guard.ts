import { DomainError, ForbiddenError } from '#src/core/errors.ts';
import { decide, type Action, type Denial, type Principal, type Resource } from './policy.ts';

/** A request outside the actor's authority, naming the field at fault (403). */
export class AccessRefusedError extends DomainError {
  constructor(code: string, field?: string) {
    super(code, 403, {}, field);
  }
}

export interface GuardOptions {
  /** The error when only the resource's state stands in the way (a 409 the caller can act on). */
  onState?: (denial: Denial) => Error;
  /** The error when the actor may not act at all (default 403 FORBIDDEN). */
  onWho?: () => Error;
}

/** Throw unless the policy allows: the guard every service calls before it changes or shows anything. */
export function authorize(actor: Principal | null | undefined, action: Action, resource: Resource = {}, options: GuardOptions = {}): void {
  const d = decide(actor, action, resource);
  if (d.allowed) return;
  if (d.kind === 'state' && options.onState) throw options.onState(d);
  if (d.kind === 'fact' && d.code) throw new AccessRefusedError(d.code, d.field);
  throw options.onWho ? options.onWho() : new ForbiddenError();
}
