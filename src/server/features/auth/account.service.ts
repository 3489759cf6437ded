/**
 * One's own account (password, sessions) and the one-time links that set a password: an
 * invitation and a password reset (docs/accounts.md). Tokens are 32 random bytes; the database
 * keeps only their SHA-256; a link works once and expires.
 */
import { randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { authorize } from '#src/core/access/guard.ts';
import { personOf } from '#src/core/access/policy.ts';
import { DomainError, NotFoundError, ValidationError } from '#src/core/errors.ts';
import { passwordSchema } from '#src/core/accounts.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findUserById, updateAccount } from '#src/server/features/users/users.repository.ts';
import { hashPassword } from '#src/server/features/users/users.service.ts';
import { sendMail } from '#src/server/mail/mail.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import {
  deleteSessionById,
  deleteSessionsOfUser,
  listSessionsOfUser,
  updatePasswordHash,
} from './auth.repository.ts';
import { findActiveUserByLogin, findUsableToken, insertAccountToken, markTokenUsed, revokeTokens } from './account.repository.ts';
import { hashToken } from './auth.service.ts';
import { passwordProblem } from './common-passwords.ts';
import { countMail, MAIL_LIMITS } from './mail-throttle.ts';
import type { OwnSessionDto, TokenInfoDto } from '#src/core/auth/dto.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;

/** A new password: strong enough (`passwordSchema`), not a common one, not containing the username. */
export function checkNewPassword(password: string, username: string | null, field: string): void {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw new ValidationError(field, 'password_weak');
  const problem = passwordProblem(password, username);
  if (problem) throw new ValidationError(field, problem);
}

function self(ctx: CallContext) {
  authorize(ctx.actor, 'account.self');
  return personOf(ctx.actor)!;
}

/**
 * Change one's password: the current one must be right; every other session of the account
 * ends (a thief who had the old password is signed out), this one stays.
 */
export async function changePassword(
  trx: Db,
  ctx: CallContext,
  sessionToken: string,
  input: { currentPassword: string; newPassword: string },
  now: Date,
): Promise<{ sessionsEnded: number }> {
  const me = self(ctx);
  const user = await findUserById(trx, me.userId);
  if (!user?.password_hash) throw new NotFoundError('user');
  const ok = await verify(user.password_hash, input.currentPassword).catch(() => false);
  if (!ok) throw new DomainError('PASSWORD_CURRENT_WRONG', 400, {}, 'currentPassword');
  if (input.newPassword === input.currentPassword) throw new ValidationError('newPassword', 'password_same');
  checkNewPassword(input.newPassword, user.username, 'newPassword');
  await updatePasswordHash(trx, user.id, await hashPassword(input.newPassword), now);
  const sessionsEnded = await deleteSessionsOfUser(trx, user.id, hashToken(sessionToken));
  await revokeTokens(trx, user.id, 'password-reset');
  await recordAudit(trx, ctx, { action: 'account.password', entity: 'user', entityId: user.id, after: { sessionsEnded } });
  return { sessionsEnded };
}

/** The caller's sessions (devices signed in), newest first, the current one marked. */
export async function listOwnSessions(db: Db, ctx: CallContext, sessionToken: string, now: Date): Promise<OwnSessionDto[]> {
  const me = self(ctx);
  const current = hashToken(sessionToken);
  return (await listSessionsOfUser(db, me.userId, now)).map((s) => ({
    id: s.id,
    current: s.token_hash === current,
    createdAt: s.created_at.toISOString(),
    expiresAt: s.expires_at.toISOString(),
    userAgent: s.user_agent,
    address: s.ip,
  }));
}

/** "Sign out everywhere else": every session of the caller but this one ends. */
export async function endOtherSessions(trx: Db, ctx: CallContext, sessionToken: string): Promise<{ sessionsEnded: number }> {
  const me = self(ctx);
  const sessionsEnded = await deleteSessionsOfUser(trx, me.userId, hashToken(sessionToken));
  await recordAudit(trx, ctx, { action: 'auth.logout.others', entity: 'session', entityId: me.userId, after: { sessionsEnded } });
  return { sessionsEnded };
}

/** End one of the caller's own sessions (another device). */
export async function endOwnSession(trx: Db, ctx: CallContext, id: string): Promise<void> {
  const me = self(ctx);
  const row = await deleteSessionById(trx, me.userId, id);
  if (!row) throw new NotFoundError('session');
  await recordAudit(trx, ctx, { action: 'auth.logout.device', entity: 'session', entityId: me.userId, after: { session: id } });
}

// ---------------------------------------------------------------------------
// One-time links.

const newToken = () => randomBytes(32).toString('base64url');

const TEXT = {
  invitation: {
    vi: (name: string, by: string, days: number) => ({
      subject: 'Lời mời tham gia Chung Tay',
      text: `Kính gửi ${name},\n\n${by} đã tạo cho thầy/cô một tài khoản trên Chung Tay — hệ thống quản lý phong trào "Nhà trường cùng chung tay phát triển".\n\nMời thầy/cô mở đường dẫn dưới đây để đặt mật khẩu. Đường dẫn chỉ dùng được một lần, trong ${days} ngày.`,
    }),
    en: (name: string, by: string, days: number) => ({
      subject: 'Your invitation to Chung Tay',
      text: `Dear ${name},\n\n${by} has created an account for you on Chung Tay, the school-twinning programme platform.\n\nOpen the link below to set your password. It works once, within ${days} days.`,
    }),
  },
  reset: {
    vi: (name: string) => ({
      subject: 'Đặt lại mật khẩu Chung Tay',
      text: `Kính gửi ${name},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản của thầy/cô. Mở đường dẫn dưới đây để đặt mật khẩu mới; đường dẫn chỉ dùng được một lần, trong 60 phút. Sau khi đặt lại, mọi thiết bị đang đăng nhập sẽ bị đăng xuất.\n\nNếu thầy/cô không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.`,
    }),
    en: (name: string) => ({
      subject: 'Reset your Chung Tay password',
      text: `Dear ${name},\n\nSomeone asked to reset the password of your account. Open the link below to choose a new one; it works once, within 60 minutes. Every device signed in will then be signed out.\n\nIf you did not ask, ignore this e-mail: your password stays as it is.`,
    }),
  },
};

/**
 * Invite the person of an account to set their password: a new one-time link (earlier unused
 * invitations stop working) sent to the account's e-mail. The caller must manage the account
 * (checked by the users service before this is called, or the system).
 */
export async function sendInvitation(
  trx: Db,
  ctx: CallContext,
  userId: string,
  now: Date,
  /** onboarding: a run from the registry counts against its own limit per sender (`MAIL_LIMITS.onboardingPerSender`). */
  opts: { onboarding?: boolean } = {},
): Promise<{ expiresAt: string; sentTo: string }> {
  const user = await findUserById(trx, userId);
  if (!user) throw new NotFoundError('user');
  if (!user.email) throw new ValidationError('email', 'invitation_needs_email');
  if (user.disabled_at) throw new DomainError('ACCOUNT_DISABLED', 409, {}, 'id');
  if (user.password_hash) throw new DomainError('ACCOUNT_ALREADY_ACTIVE', 409, {}, 'id');
  // Nobody mail-bombs an address with invitations, nor sends them by the thousand in a loop (the CLI is not counted per sender).
  const toAddress = await countMail(trx, `invite:to:${user.email.toLowerCase()}`, now, MAIL_LIMITS.invitationPerAddress);
  if (!toAddress.allowed) throw new DomainError('MAIL_THROTTLED', 429, { minutes: Math.ceil(toAddress.retryAfterSeconds / 60) }, 'email');
  const sender = personOf(ctx.actor);
  if (sender) {
    const bySender = opts.onboarding
      ? await countMail(trx, `invite:onboard:${sender.userId}`, now, MAIL_LIMITS.onboardingPerSender)
      : await countMail(trx, `invite:by:${sender.userId}`, now, MAIL_LIMITS.invitationPerSender);
    if (!bySender.allowed) throw new DomainError('MAIL_THROTTLED', 429, { minutes: Math.ceil(bySender.retryAfterSeconds / 60) });
  }
  await revokeTokens(trx, user.id, 'invitation');
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await insertAccountToken(trx, { user_id: user.id, purpose: 'invitation', token_hash: hashToken(token), expires_at: expiresAt, created_by_user_id: personOf(ctx.actor)?.userId ?? null, created_at: now });
  const by = personOf(ctx.actor)?.username ?? (user.locale === 'en' ? 'The department' : 'Sở GDĐT');
  const { subject, text } = TEXT.invitation[user.locale](user.display_name, by, 7);
  await sendMail(trx, { to: user.email, locale: user.locale, kind: 'invitation', subject, text, link: `/invite/${token}`, userId: user.id });
  await recordAudit(trx, ctx, { action: 'user.invite', entity: 'user', entityId: user.id, after: { sentTo: user.email, expiresAt: expiresAt.toISOString() } });
  return { expiresAt: expiresAt.toISOString(), sentTo: user.email };
}

/**
 * A password reset asked for an e-mail address or a username. The answer never says whether
 * an account exists: the caller answers the same whatever happens here, after the same
 * minimum time (`RESET_ANSWER_FLOOR_MS` in the route). An active account with an e-mail gets
 * a link valid for an hour; earlier unused reset links stop working. Throttled per client and
 * per address (`MAIL_LIMITS`): over a limit nothing is sent, and the answer is the same.
 */
export async function requestPasswordReset(trx: Db, login: string, now: Date, requestId: string | null, client: string): Promise<{ mailed: boolean }> {
  const token = newToken();
  const tokenHash = hashToken(token);
  // Every request of a client counts, known address or not; over the limit nothing is looked up.
  if (!(await countMail(trx, `reset:ip:${client}`, now, MAIL_LIMITS.resetPerClient)).allowed) return { mailed: false };
  const user = await findActiveUserByLogin(trx, login.trim().toLowerCase());
  if (!user?.email) return { mailed: false };
  // At most a few mails an hour to one address, whoever asks from wherever.
  if (!(await countMail(trx, `reset:to:${user.email.toLowerCase()}`, now, MAIL_LIMITS.resetPerAddress)).allowed) return { mailed: false };
  await revokeTokens(trx, user.id, 'password-reset');
  await insertAccountToken(trx, { user_id: user.id, purpose: 'password-reset', token_hash: tokenHash, expires_at: new Date(now.getTime() + RESET_TTL_MS), created_by_user_id: null, created_at: now });
  const { subject, text } = TEXT.reset[user.locale](user.display_name);
  await sendMail(trx, { to: user.email, locale: user.locale, kind: 'password-reset', subject, text, link: `/reset/${token}`, userId: user.id });
  const actor = { userId: user.id, username: user.username, role: user.role, schoolId: user.school_id, adminUnitId: user.admin_unit_id };
  await recordAudit(trx, { actor, requestId }, { action: 'account.reset.request', entity: 'user', entityId: user.id });
  return { mailed: true };
}

/** What a link is for (the page's greeting), or TOKEN_INVALID: unknown, used, expired or of a disabled account alike. */
export async function readToken(db: Db, token: string, now: Date): Promise<TokenInfoDto> {
  const row = await findUsableToken(db, hashToken(token), now);
  if (!row) throw new DomainError('TOKEN_INVALID', 400, {}, 'token');
  return { purpose: row.purpose, username: row.username, displayName: row.display_name, expiresAt: row.expires_at.toISOString() };
}

/**
 * Use a link: set the password, mark the link used (under the row's lock, so two requests at
 * once cannot both use it) and end every session of the account (a reset signs out every device).
 */
export async function usePasswordToken(trx: Db, token: string, password: string, now: Date, requestId: string | null): Promise<{ username: string }> {
  const row = await findUsableToken(trx, hashToken(token), now, true);
  if (!row) throw new DomainError('TOKEN_INVALID', 400, {}, 'token');
  checkNewPassword(password, row.username, 'password');
  await updatePasswordHash(trx, row.user_id, await hashPassword(password), now);
  await markTokenUsed(trx, row.id, now);
  // Any other link of the account stops working too.
  await revokeTokens(trx, row.user_id, 'password-reset');
  await revokeTokens(trx, row.user_id, 'invitation');
  const sessionsEnded = await deleteSessionsOfUser(trx, row.user_id);
  if (row.purpose === 'invitation') await updateAccount(trx, row.user_id, { updated_at: now });
  const actor = { userId: row.user_id, username: row.username, role: row.role, schoolId: row.school_id, adminUnitId: row.admin_unit_id };
  await recordAudit(trx, { actor, requestId }, {
    action: row.purpose === 'invitation' ? 'account.invitation.accept' : 'account.reset',
    entity: 'user',
    entityId: row.user_id,
    after: { sessionsEnded },
  });
  return { username: row.username };
}
