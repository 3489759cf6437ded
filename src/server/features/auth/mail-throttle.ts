/**
 * The throttle on mails that carry a one-time link (docs/accounts.md): nobody can mail-bomb a
 * person with password-reset or invitation mails. Each key counts in a fixed window with one
 * upsert under the row's lock, so parallel requests cannot all read "not yet".
 */
import type { Db } from '#src/server/context.ts';
import { countInWindow } from './mail-throttle.repository.ts';

export interface MailLimit {
  /** Mails allowed in a window. */
  max: number;
  windowMs: number;
}

const HOUR = 3600 * 1000;

export const MAIL_LIMITS = {
  /** Password-reset requests from one client (counted whether or not an account exists). */
  resetPerClient: { max: 10, windowMs: HOUR },
  /** Password-reset mails to one address. */
  resetPerAddress: { max: 3, windowMs: HOUR },
  /** Invitation mails to one address (a manager sending the link again). */
  invitationPerAddress: { max: 3, windowMs: HOUR },
  /** Invitation mails sent by one person (onboarding a district's schools fits; a loop does not). */
  invitationPerSender: { max: 300, windowMs: HOUR },
  /**
   * onboarding: invitations of the registry's leaders sent by one person's onboarding runs (a city's
   * ~2,700 schools fit in one run; the addresses are the registry's, not typed; each address still
   * counts against `invitationPerAddress`).
   */
  onboardingPerSender: { max: 3000, windowMs: HOUR },
} satisfies Record<string, MailLimit>;

/**
 * Count one mail (or request) against a key; refused when the window's count is over the limit.
 * A refused attempt is counted too, but does not move the window.
 */
export async function countMail(db: Db, key: string, now: Date, limit: MailLimit): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const windowStart = new Date(now.getTime() - limit.windowMs);
  const row = await countInWindow(db, key, now, windowStart);
  const retryAfterSeconds = Math.max(1, Math.ceil((row.window_started_at.getTime() + limit.windowMs - now.getTime()) / 1000));
  return { allowed: row.count <= limit.max, retryAfterSeconds };
}

