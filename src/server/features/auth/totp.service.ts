/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238: 6 digits, 30 seconds, SHA-1,
 * what every authenticator app reads from a QR code), with ten single-use recovery codes
 * (docs/accounts.md). A code is accepted one step either side of now, and never twice.
 * Wrong codes are throttled per account like the login (decision 0002's policy).
 */
import { randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { authorize } from '#src/core/access/guard.ts';
import { personOf } from '#src/core/access/policy.ts';
import { DomainError, NotFoundError, TooManyLoginAttemptsError } from '#src/core/errors.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findUserById } from '#src/server/features/users/users.repository.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { clearLoginThrottle, findThrottle, reserveLoginAttempt, type ThrottlePolicy } from './auth.repository.ts';
import { hashToken } from './auth.service.ts';
import {
  advanceTotpStep,
  countUnusedRecoveryCodes,
  deleteTotp,
  enableTotp,
  findTotp,
  replaceRecoveryCodes,
  upsertPendingTotp,
  useRecoveryCode,
} from './totp.repository.ts';
import type { TwoFactorStatusDto } from '#src/core/auth/dto.ts';

export const TOTP_ISSUER = 'Chung Tay';
const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;

/** Wrong codes of one account, from any address: five, then a delay doubling from a minute (at most an hour). */
export const TOTP_THROTTLE: ThrottlePolicy = { freeTries: 5, firstDelaySeconds: 60, maxDelaySeconds: 3600, forgetAfterMs: 24 * 3600 * 1000 };
/** The throttle key of an account's codes (shown on the department's list of throttles). */
const throttleKey = (username: string) => ({ username: `2fa:${username}`, ip: '*' });

const totpOf = (secret: string, username: string) =>
  new TOTP({ issuer: TOTP_ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** Recovery codes: 16 characters of Crockford's base32 (80 bits), shown as xxxx-xxxx-xxxx-xxxx. */
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => CROCKFORD[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}
/** What a person typed as a recovery code, in its stored form: case, spaces and dashes ignored, o → 0, i/l → 1. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[^0-9a-z]/gu, '').replace(/o/gu, '0').replace(/[il]/gu, '1');
}

/** Count a code attempt for the account; refused with the time to wait when it is throttled. */
async function reserveCodeAttempt(db: Db, username: string, now: Date): Promise<void> {
  const key = throttleKey(username);
  const ok = await db.transaction().execute((trx) => reserveLoginAttempt(trx, key, now, TOTP_THROTTLE));
  if (!ok) {
    const until = (await findThrottle(db, key))?.blocked_until ?? now;
    throw new TooManyLoginAttemptsError(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)));
  }
}

export type SecondFactor = 'totp' | 'recovery-code';

/**
 * Check a code (6 digits from the app, or a recovery code) for an account whose two-factor
 * sign-in is on, in the caller's transaction: a TOTP step or a recovery code is used up.
 * The attempt was counted before (`reserveCodeAttempt`); a right code clears the count.
 */
async function checkCode(trx: Db, user: { id: string; username: string }, secret: string, code: string, now: Date, status = 401): Promise<SecondFactor> {
  const digits = code.replace(/\s/gu, '');
  if (/^\d{6}$/u.test(digits)) {
    const delta = totpOf(secret, user.username).validate({ token: digits, timestamp: now.getTime(), window: 1 });
    const step = Math.floor(now.getTime() / 1000 / PERIOD) + (delta ?? 0);
    if (delta !== null && (await advanceTotpStep(trx, user.id, step))) {
      await clearLoginThrottle(trx, throttleKey(user.username));
      return 'totp';
    }
  } else {
    const normalized = normalizeRecoveryCode(code);
    if (normalized.length === 16 && (await useRecoveryCode(trx, user.id, hashToken(normalized), now))) {
      await clearLoginThrottle(trx, throttleKey(user.username));
      return 'recovery-code';
    }
  }
  throw new DomainError('TOTP_INVALID', status, {}, 'code');
}

/**
 * The second step of signing in: an account with two-factor sign-in on needs a code. Returns
 * null for an account without it; throws TOTP_REQUIRED without a code, TOTP_INVALID for a
 * wrong one (counted), TOO_MANY_LOGIN_ATTEMPTS when throttled.
 */
export async function checkSecondFactor(
  db: Db,
  trx: Db,
  user: { id: string; username: string },
  code: string | undefined,
  now: Date,
): Promise<SecondFactor | null> {
  const totp = await findTotp(db, user.id);
  if (!totp?.enabled_at) return null;
  if (!code) throw new DomainError('TOTP_REQUIRED', 401, {}, 'code');
  await reserveCodeAttempt(db, user.username, now);
  return checkCode(trx, user, totp.secret, code, now);
}

/** Does this account sign in with a code? (The login asks before opening its transaction.) */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  return Boolean((await findTotp(db, userId))?.enabled_at);
}

function self(ctx: CallContext) {
  authorize(ctx.actor, 'account.self');
  return personOf(ctx.actor)!;
}

export async function twoFactorStatus(db: Db, ctx: CallContext): Promise<TwoFactorStatusDto> {
  const me = self(ctx);
  const totp = await findTotp(db, me.userId);
  if (!totp?.enabled_at) return { enabled: false, enabledAt: null, recoveryCodesLeft: 0 };
  return { enabled: true, enabledAt: totp.enabled_at.toISOString(), recoveryCodesLeft: await countUnusedRecoveryCodes(db, me.userId) };
}

/**
 * Start turning two-factor sign-in on: a new secret (any earlier unconfirmed one is replaced),
 * its otpauth:// URI and the URI as a QR code (SVG) for the app to scan. Not on until confirmed.
 */
export async function startTotpEnrolment(trx: Db, ctx: CallContext, now: Date): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const me = self(ctx);
  const existing = await findTotp(trx, me.userId, true);
  if (existing?.enabled_at) throw new DomainError('TOTP_ALREADY_ENABLED', 409);
  const secret = new Secret({ size: 20 }).base32;
  await upsertPendingTotp(trx, me.userId, secret, now);
  await recordAudit(trx, ctx, { action: 'account.totp.start', entity: 'user', entityId: me.userId });
  const uri = totpOf(secret, me.username).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/**
 * Confirm the enrolment with a first code from the app: two-factor sign-in is on, and ten
 * recovery codes are returned — this once; only their SHA-256 is kept.
 */
export async function confirmTotpEnrolment(db: Db, ctx: CallContext, code: string, now: Date): Promise<{ recoveryCodes: string[] }> {
  const me = self(ctx);
  await reserveCodeAttempt(db, me.username, now);
  return db.transaction().execute(async (trx) => {
    const totp = await findTotp(trx, me.userId, true);
    if (!totp) throw new DomainError('TOTP_NOT_STARTED', 409, {}, 'code');
    if (totp.enabled_at) throw new DomainError('TOTP_ALREADY_ENABLED', 409);
    const digits = code.replace(/\s/gu, '');
    const delta = /^\d{6}$/u.test(digits) ? totpOf(totp.secret, me.username).validate({ token: digits, timestamp: now.getTime(), window: 1 }) : null;
    if (delta === null) throw new DomainError('TOTP_INVALID', 400, {}, 'code');
    await enableTotp(trx, me.userId, Math.floor(now.getTime() / 1000 / PERIOD) + delta, now);
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await replaceRecoveryCodes(trx, me.userId, recoveryCodes.map((c) => hashToken(normalizeRecoveryCode(c))));
    await clearLoginThrottle(trx, throttleKey(me.username));
    await recordAudit(trx, ctx, { action: 'account.totp.enable', entity: 'user', entityId: me.userId, after: { recoveryCodes: RECOVERY_CODE_COUNT } });
    return { recoveryCodes };
  });
}

/** Turn two-factor sign-in off: the password and a code (or a recovery code) are both needed. */
export async function disableTotp(db: Db, ctx: CallContext, input: { password: string; code: string }, now: Date): Promise<void> {
  const me = self(ctx);
  await reserveCodeAttempt(db, me.username, now);
  const user = await findUserById(db, me.userId);
  if (!user?.password_hash) throw new NotFoundError('user');
  if (!(await verify(user.password_hash, input.password).catch(() => false))) throw new DomainError('PASSWORD_CURRENT_WRONG', 400, {}, 'password');
  await db.transaction().execute(async (trx) => {
    const totp = await findTotp(trx, me.userId, true);
    if (!totp?.enabled_at) throw new DomainError('TOTP_NOT_ENABLED', 409);
    const used = await checkCode(trx, user, totp.secret, input.code, now, 400);
    await deleteTotp(trx, me.userId);
    await recordAudit(trx, ctx, { action: 'account.totp.disable', entity: 'user', entityId: me.userId, after: { with: used } });
  });
}
