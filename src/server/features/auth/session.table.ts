import type { ColumnType, Generated } from 'kysely';

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
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
