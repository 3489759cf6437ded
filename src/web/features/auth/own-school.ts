/**
 * Which school a form must name, read off the one access policy (`src/core/access/policy.ts`):
 * when the actor's rule for the action allows only its own school — proposing a pair
 * (`ownSchoolAmong`: a school leader names its own school and partners) or managing an account
 * (`accountSchoolOwn`: a school leader's staff) — the page fixes that school instead of asking
 * for one; otherwise (the department, an area officer) it asks. The server still decides.
 */
import { factsNeeded, type Action, type Condition } from '#src/core/access/policy.ts';
import type { Actor } from '#src/core/roles.ts';

const OWN_SCHOOL_ONLY: readonly Condition[] = ['ownSchoolAmong', 'accountSchoolOwn'];

export function fixedOwnSchool(actor: Actor | null, action: Action): string | null {
  if (!actor?.schoolId) return null;
  return factsNeeded(actor, action).some((c) => OWN_SCHOOL_ONLY.includes(c)) ? actor.schoolId : null;
}
