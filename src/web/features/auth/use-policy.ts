/**
 * What the page offers, from the same access policy the server enforces
 * (`src/core/access/policy.ts`, pure): a button shows when the signed-in user's role has a
 * rule for the action, so the pages and the API cannot drift. The server still decides each
 * request with the resource's facts; the page only avoids offering what would be refused.
 */
import { can, ruleFor, scopeFor, type Action, type Resource } from '#src/core/access/policy.ts';
import type { Actor } from '#src/core/roles.ts';
import { useMe, type Me } from './use-session';

export function actorOf(me: Me): Actor {
  return { userId: me.id, username: me.username, role: me.role, schoolId: me.school?.id ?? null, adminUnitId: me.area?.id ?? null };
}

export interface Policy {
  /** The user may do this to some resource (their role has a rule for it). */
  mayEver: (action: Action) => boolean;
  /** The user may do this to this resource, given the facts the page knows. */
  can: (action: Action, resource?: Resource) => boolean;
  /** How far the user's lists reach for this action: all, their area, their school, or nothing. */
  reach: (action: Action) => 'all' | 'area' | 'school' | null;
}

export function usePolicy(): Policy {
  const me = useMe();
  const actor = me.data ? actorOf(me.data) : null;
  return {
    mayEver: (action) => Boolean(actor && ruleFor(actor, action)),
    can: (action, resource) => can(actor, action, resource),
    reach: (action) => scopeFor(actor, action)?.kind ?? null,
  };
}
