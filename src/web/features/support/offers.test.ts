import { describe, expect, it } from 'vitest';
import { ruleFor, type Action } from '#src/core/access/policy.ts';
import { ROLES, type Actor } from '#src/core/roles.ts';
import { offersMySponsorships } from './offers.ts';

const actor = (role: Actor['role']): Actor => ({ userId: 'u1', username: 'x', role, schoolId: null, adminUnitId: null });
const mayEverAs = (a: Actor | null) => (action: Action) => Boolean(a && ruleFor(a, action));

describe('"Học sinh tôi đỡ đầu" on the support page', () => {
  it('is offered to whoever of any role has a sponsorship of their own, never to a role with none (the department admin, a leader nobody named)', () => {
    for (const role of ROLES) {
      expect(offersMySponsorships(mayEverAs(actor(role)), 0), role).toBe(false);
      expect(offersMySponsorships(mayEverAs(actor(role)), undefined), `${role} while loading`).toBe(false);
      // The policy lets every role be a sponsor (sponsorship.mine), as the docs say: anyone with an account.
      expect(offersMySponsorships(mayEverAs(actor(role)), 1), role).toBe(true);
    }
    expect(offersMySponsorships(mayEverAs(null), 1)).toBe(false);
  });
});
