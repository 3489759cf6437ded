import type { ColumnType, Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | undefined, never>;
  actor_user_id: string | null;
  actor_username: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  /** The schools the change concerns (0016_accounts): the department's filter and an area officer's scope. */
  school_ids: ColumnType<string[], string[] | undefined, string[]>;
  pair_id: string | null;
}
