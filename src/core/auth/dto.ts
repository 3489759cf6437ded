/**
 * What the auth routes (`/api/auth/*`) send: one zod schema each, used as the route's response
 * schema (auth.routes.ts, and from there the OpenAPI description) and, through its inferred
 * type, by the services and the pages (src/web/features/auth).
 */
import { z } from 'zod';
import { ROLES } from '#src/core/roles.ts';

/** The signed-in user with its role, school or area and CSRF token (sign-in, `GET /api/auth/me`, the session). */
export const meDto = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  locale: z.enum(['vi', 'en']),
  school: z.object({ id: z.string(), name: z.string() }).nullable(),
  area: z.object({ id: z.string(), name: z.string() }).nullable(),
  csrfToken: z.string(),
});
export type MeDto = z.infer<typeof meDto>;

/** `GET /api/auth/session`: the signed-in user, or null for a visitor. */
export const sessionStateDto = z.object({ user: meDto.nullable() });
export type SessionStateDto = z.infer<typeof sessionStateDto>;

/** A sign-in throttle in force (the department's view). */
export const loginThrottleDto = z.object({
  id: z.string(),
  username: z.string().nullable().describe('null: every username from this address'),
  address: z.string(),
  failures: z.number().int(),
  lastAttemptAt: z.string(),
  blockedUntil: z.string(),
});
export type LoginThrottleDto = z.infer<typeof loginThrottleDto>;
export const loginThrottleListDto = z.object({ items: z.array(loginThrottleDto) });
export type LoginThrottleListDto = z.infer<typeof loginThrottleListDto>;

/** One of the caller's sessions (a device signed in); `current`: the one asking. */
export const ownSessionDto = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
  address: z.string().nullable(),
});
export type OwnSessionDto = z.infer<typeof ownSessionDto>;
export const ownSessionListDto = z.object({ items: z.array(ownSessionDto) });
export type OwnSessionListDto = z.infer<typeof ownSessionListDto>;

/** A password change or "sign out everywhere else": how many other sessions ended. */
export const sessionsEndedDto = z.object({ sessionsEnded: z.number().int() });
export type SessionsEndedDto = z.infer<typeof sessionsEndedDto>;

/** What a one-time link (invitation or password reset) is for. */
export const tokenInfoDto = z.object({
  purpose: z.enum(['invitation', 'password-reset']),
  username: z.string(),
  displayName: z.string(),
  expiresAt: z.string(),
});
export type TokenInfoDto = z.infer<typeof tokenInfoDto>;

/** A one-time link used: the account's username (the page then signs in). */
export const tokenUsedDto = z.object({ username: z.string() });
export type TokenUsedDto = z.infer<typeof tokenUsedDto>;

/** Whether two-factor sign-in is on, and how many recovery codes are left. */
export const twoFactorStatusDto = z.object({ enabled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number().int() });
export type TwoFactorStatusDto = z.infer<typeof twoFactorStatusDto>;

/** Two-factor enrolment started: the secret, its otpauth:// URI and a QR code (SVG). */
export const twoFactorSetupDto = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export type TwoFactorSetupDto = z.infer<typeof twoFactorSetupDto>;

/** Two-factor sign-in confirmed: the ten recovery codes, shown this once. */
export const recoveryCodesDto = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodesDto = z.infer<typeof recoveryCodesDto>;
