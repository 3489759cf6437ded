import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { InvalidCredentialsError, TooManyLoginAttemptsError } from '#src/core/errors.ts';
import type { Actor, Role } from '#src/core/roles.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findUserByUsername } from '#src/server/features/users/users.repository.ts';
import { hashPassword } from '#src/server/features/users/users.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import {
  clearLoginFailures,
  countRecentFailures,
  deleteSession,
  findSessionWithUser,
  insertLoginFailure,
  insertSession,
} from './auth.repository.ts';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** After this many failures in the window a username (or an address) is refused for the rest of it. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_IP = 30;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// Verifying against a real hash for unknown users keeps response times alike.
const dummyHash = hashPassword('not-a-real-password-0');

export interface SessionUser {
  actor: Actor;
  displayName: string;
  locale: 'vi' | 'en';
  schoolName: string | null;
  adminUnitName: string | null;
  csrfToken: string;
}

async function assertNotThrottled(db: Db, username: string, ip: string, now: Date) {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const f = await countRecentFailures(db, { username, ip, since });
  if (f.byUser >= MAX_FAILURES_PER_USERNAME || f.byIp >= MAX_FAILURES_PER_IP) {
    const retryAt = (f.oldest?.getTime() ?? now.getTime()) + LOGIN_WINDOW_MS;
    throw new TooManyLoginAttemptsError(Math.max(1, Math.round((retryAt - now.getTime()) / 1000)));
  }
}

/**
 * Check a username and password and open a session. Failures are recorded
 * (outside any caller transaction, so they count even though the login fails).
 */
export async function login(
  db: Db,
  input: {
    username: string;
    password: string;
    ip: string;
    now: Date;
    requestId: string | null;
    /** The session cookie the browser still sent: signing in (as anyone) ends that session. */
    previousToken?: string | undefined;
  },
): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
  const username = input.username.trim().toLowerCase();
  await assertNotThrottled(db, username, input.ip, input.now);
  const user = await findUserByUsername(db, username);
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !ok || user.disabled_at) {
    await insertLoginFailure(db, username, input.ip, input.now);
    throw new InvalidCredentialsError();
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + SESSION_TTL_MS);
  const actor: Actor = {
    userId: user.id,
    username: user.username,
    role: user.role,
    schoolId: user.school_id,
    adminUnitId: user.admin_unit_id,
  };
  await db.transaction().execute(async (trx) => {
    await clearLoginFailures(trx, username);
    const ended = input.previousToken ? await deleteSession(trx, hashToken(input.previousToken)) : undefined;
    await insertSession(trx, { tokenHash: hashToken(token), userId: user.id, csrfToken, expiresAt });
    await recordAudit(trx, { actor, requestId: input.requestId }, {
      action: 'auth.login',
      entity: 'session',
      entityId: user.id,
      after: { expiresAt: expiresAt.toISOString(), ...(ended ? { endedSessionOf: ended.user_id } : {}) },
    });
  });
  const session = await authenticate(db, token, input.now);
  return { token, user: session!, expiresAt };
}

/** The signed-in user behind a session cookie, or null. */
export async function authenticate(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const row = await findSessionWithUser(db, hashToken(token), now);
  if (!row) return null;
  return {
    actor: {
      userId: row.user_id,
      username: row.username,
      role: row.role as Role,
      schoolId: row.school_id,
      adminUnitId: row.admin_unit_id,
    },
    displayName: row.display_name,
    locale: row.locale,
    schoolName: row.school_name,
    adminUnitName: row.admin_unit_name,
    csrfToken: row.csrf_token,
  };
}

export async function logout(trx: Db, ctx: CallContext, token: string): Promise<void> {
  const deleted = await deleteSession(trx, hashToken(token));
  if (deleted) {
    await recordAudit(trx, ctx, { action: 'auth.logout', entity: 'session', entityId: deleted.user_id });
  }
}
