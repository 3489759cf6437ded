import type { Action } from '#src/core/access/policy.ts';

/**
 * Whether the support page offers "Học sinh tôi đỡ đầu" (the caller's own sponsorships): when
 * the one policy gives the caller that view (`sponsorship.mine`) and the server's answer to it
 * holds at least one sponsorship. Anyone with an account may be named a sponsor
 * (docs/support.md), so the role alone cannot tell who has one; the department's admin or a
 * leader whom nobody named is no longer sent to an empty list. The page stays at its address.
 */
export function offersMySponsorships(mayEver: (action: Action) => boolean, mine: number | undefined): boolean {
  return mayEver('sponsorship.mine') && (mine ?? 0) > 0;
}
