import { authorize } from '#src/core/access/guard.ts';
import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { DomainError, InvalidCredentialsError, NotFoundError, TooManyLoginAttemptsError } from '#src/core/errors.ts';
import type { Actor, Role } from '#src/core/roles.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findUserByUsername } from '#src/server/features/users/users.repository.ts';
import { hashPassword } from '#src/server/features/users/users.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import {
  clearLoginThrottle,
  deleteSession,
  deleteThrottle,
  findSessionAndGeneration,
  findSessionWithUser,
  findThrottle,
  insertSession,
  listActiveThrottles,
  reserveLoginAttempt,
  type ThrottlePolicy,
} from './auth.repository.ts';
import { checkSecondFactor, hasSecondFactor } from './totp.service.ts';
import type { LoginThrottleDto } from '#src/core/auth/dto.ts';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/**
 * The login throttle (decision 0002): per username at an address, five tries, then a delay of
 * one minute that doubles with each further try (at most an hour); per address for all
 * usernames, thirty. Counts are forgotten after a day without attempts. The owner signing in
 * from another address is never held up by someone failing elsewhere.
 */
export const USERNAME_AT_ADDRESS_POLICY: ThrottlePolicy = {
  freeTries: 5,
  firstDelaySeconds: 60,
  maxDelaySeconds: 3600,
  forgetAfterMs: 24 * 3600 * 1000,
};
export const ADDRESS_POLICY: ThrottlePolicy = { ...USERNAME_AT_ADDRESS_POLICY, freeTries: 30 };
/** The throttle key that stands for every username at an address. */
const ANY_USERNAME = '';

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

class Throttled extends Error {
  constructor(readonly blockedUntil: Date | null) {
    super('throttled');
  }
}

/**
 * Reserve this attempt against both throttles in one short transaction (row locks in a fixed
 * order: the username's, then the address's); refused by either, nothing is counted.
 */
async function reserveAttempt(db: Db, username: string, ip: string, now: Date) {
  try {
    await db.transaction().execute(async (trx) => {
      for (const [key, policy] of [
        [{ username, ip }, USERNAME_AT_ADDRESS_POLICY],
        [{ username: ANY_USERNAME, ip }, ADDRESS_POLICY],
      ] as const) {
        if (!(await reserveLoginAttempt(trx, key, now, policy))) throw new Throttled((await findThrottle(trx, key))?.blocked_until ?? null);
      }
    });
  } catch (err) {
    if (!(err instanceof Throttled)) throw err;
    const seconds = Math.ceil(((err.blockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000);
    throw new TooManyLoginAttemptsError(Math.max(1, seconds));
  }
}

/**
 * Check a username and password and open a session. The attempt is counted by the throttle
 * before the check (outside any caller transaction, so it counts even though the login fails);
 * success ends the username's throttle at that address.
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
    /** The browser's User-Agent, shown in the owner's list of sessions. */
    userAgent?: string | undefined;
    /** The code of the authenticator app, or a recovery code (accounts with two-factor sign-in). */
    code?: string | undefined;
  },
): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
  const username = input.username.trim().toLowerCase();
  await reserveAttempt(db, username, input.ip, input.now);
  const user = await findUserByUsername(db, username);
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  // The attempt was counted before the check: a failure leaves it counted.
  // An invited account without a password yet cannot sign in (its dummy check above keeps the timing alike).
  if (!user || !user.password_hash || !ok || user.disabled_at) throw new InvalidCredentialsError();
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
  // Two-factor sign-in: asked only once the password is right (TOTP_REQUIRED), checked in the transaction that opens the session.
  const twoFactor = await hasSecondFactor(db, user.id);
  if (twoFactor && !input.code) throw new DomainError('TOTP_REQUIRED', 401, {}, 'code');
  await db.transaction().execute(async (trx) => {
    const secondFactor = twoFactor ? await checkSecondFactor(db, trx, user, input.code, input.now) : null;
    await clearLoginThrottle(trx, { username, ip: input.ip });
    const ended = input.previousToken ? await deleteSession(trx, hashToken(input.previousToken)) : undefined;
    await insertSession(trx, { tokenHash: hashToken(token), userId: user.id, csrfToken, expiresAt, userAgent: input.userAgent ?? null, ip: input.ip });
    await recordAudit(trx, { actor, requestId: input.requestId }, {
      action: 'auth.login',
      entity: 'session',
      entityId: user.id,
      after: { expiresAt: expiresAt.toISOString(), ...(ended ? { endedSessionOf: ended.user_id } : {}), ...(secondFactor ? { secondFactor } : {}) },
    });
  });
  const session = await authenticate(db, token, input.now);
  return { token, user: session!, expiresAt };
}

/** The signed-in user behind a session cookie, or null. */
export async function authenticate(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  return (await findSession(db, token, now))?.user ?? null;
}

type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionWithUser>>>;

function sessionUserOf(row: SessionRow): SessionUser {
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

/** The signed-in user of a session token and when the session ends, or null. */
export async function findSession(db: Db, token: string, now: Date): Promise<{ user: SessionUser; expiresAt: Date } | null> {
  const row = await findSessionWithUser(db, hashToken(token), now);
  return row ? { user: sessionUserOf(row), expiresAt: row.expires_at } : null;
}

/**
 * The signed-in user of a request's session token, or null, and the data generation read in
 * the same round trip (decision 0040): what the response cache files its answers under.
 */
export async function findRequestSession(db: Db, token: string, now: Date): Promise<{ user: SessionUser; dataGeneration: string } | null> {
  const row = await findSessionAndGeneration(db, hashToken(token), now);
  return row ? { user: sessionUserOf(row), dataGeneration: row.data_generation } : null;
}

export async function logout(trx: Db, ctx: CallContext, token: string): Promise<void> {
  const deleted = await deleteSession(trx, hashToken(token));
  if (deleted) {
    await recordAudit(trx, ctx, { action: 'auth.logout', entity: 'session', entityId: deleted.user_id });
  }
}

function throttleDto(r: { id: string; username: string; ip: string; failures: number; last_attempt_at: Date; blocked_until: Date | null }): LoginThrottleDto {
  return {
    id: r.id,
    username: r.username === ANY_USERNAME ? null : r.username,
    address: r.ip,
    failures: r.failures,
    lastAttemptAt: r.last_attempt_at.toISOString(),
    blockedUntil: (r.blocked_until ?? r.last_attempt_at).toISOString(),
  };
}

/** The sign-in throttles in force now (the department's view). */
export async function listLoginThrottles(db: Db, now: Date): Promise<LoginThrottleDto[]> {
  return (await listActiveThrottles(db, now)).map(throttleDto);
}

/** Lift a throttle: the username (or the address) may try again at once, its count forgotten. */
export async function liftLoginThrottle(trx: Db, ctx: CallContext, id: string): Promise<void> {
  authorize(ctx.actor, 'loginThrottle.manage');
  const row = await deleteThrottle(trx, id);
  if (!row) throw new NotFoundError('loginThrottle');
  const before = throttleDto(row);
  await recordAudit(trx, ctx, {
    action: 'auth.throttle.lift',
    entity: 'login_throttle',
    entityId: row.id,
    before: { username: before.username, address: before.address, failures: before.failures, blockedUntil: before.blockedUntil },
  });
}
