import type { ColumnType, Generated, Selectable } from 'kysely';

export type Channel = 'app' | 'email' | 'digest';

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  link: string;
  channel: Channel;
  created_at: ColumnType<Date, Date | undefined, never>;
  read_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  digested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type NotificationRow = Selectable<NotificationTable>;

export interface NotificationPreferenceTable {
  user_id: string;
  kind: string;
  channel: Channel | 'off';
  updated_at: ColumnType<Date, Date | undefined, Date | undefined>;
}

export interface ReminderSentTable {
  key: string;
  sent_at: ColumnType<Date, Date | undefined, never>;
}
