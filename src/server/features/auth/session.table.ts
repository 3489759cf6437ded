import type { ColumnType, Generated } from 'kysely';

export interface SessionTable {
  /** A handle the owner may name (ending one session); never the token. */
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
}

/** One throttle: a username at an address, or (username '') an address for every username. */
export interface LoginThrottleTable {
  id: Generated<string>;
  username: string;
  ip: string;
  failures: number;
  last_attempt_at: Date;
  blocked_until: Date | null;
}

/** A one-time link: an invitation or a password reset; only the token's SHA-256 is kept. */
export interface AccountTokenTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'invitation' | 'password-reset';
  token_hash: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  used_at: Date | null;
  created_by_user_id: string | null;
}

/** An account's authenticator (TOTP); `enabled_at` null while enrolment waits for a first code. */
export interface UserTotpTable {
  user_id: string;
  secret: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  enabled_at: Date | null;
  /** The time step of the last code accepted (a code is never accepted twice). */
  last_step: ColumnType<number, number | undefined, number>;
}

/** A single-use recovery code; only its SHA-256 is kept. */
export interface TotpRecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

/** Mails with a one-time link, counted per key in a fixed window. */
export interface MailThrottleTable {
  key: string;
  window_started_at: Date;
  count: number;
}
