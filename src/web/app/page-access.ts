/**
 * Which pages of the app a signed-in user may open, read off the one access policy
 * (`src/core/access/policy.ts`): the menu (shell.tsx) and the route guard (app.tsx) both ask
 * `mayOpen`, so neither can drift from what the server allows. A page a role has no rule for is
 * neither offered nor opened; the server still decides each request.
 */
import { can, ruleFor, type Action } from '#src/core/access/policy.ts';
import type { Actor } from '#src/core/roles.ts';

/** Pages not every signed-in user may open, and the action each one is for. */
export const PAGE_ACTIONS = {
  '/app/schools/import': 'school.import',
  '/app/matching': 'matching.run.list',
  '/app/outbox': 'mail.outbox',
  '/app/users': 'user.list',
  '/app/audit': 'audit.read',
  // A leader's ranked wishes for its own school's partners: only for a user with a school.
  '/app/wishes': 'matching.wishes.edit',
} as const satisfies Record<string, Action>;
export type LimitedPage = keyof typeof PAGE_ACTIONS;

/** Pages about the user's own school ask the policy with that school; the others whether the role has a rule at all. */
const OWN_SCHOOL_PAGES: readonly LimitedPage[] = ['/app/wishes'];

export function mayOpen(actor: Actor, page: LimitedPage): boolean {
  const action = PAGE_ACTIONS[page];
  if (OWN_SCHOOL_PAGES.includes(page)) return actor.schoolId !== null && can(actor, action, { school: { schoolId: actor.schoolId, unitChain: [] } });
  return Boolean(ruleFor(actor, action));
}
