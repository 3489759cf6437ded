import type { ColumnType, Generated } from 'kysely';

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
}

export interface LoginFailureTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: ColumnType<Date, Date | undefined, never>;
}
