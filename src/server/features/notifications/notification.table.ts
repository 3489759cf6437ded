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

/** An activity the reminder sweep watches (0022), kept by the activities hook. */
export interface ActivityWatchTable {
  activity_id: string;
  pair_id: string;
  host_school_id: string | null;
  title: string;
  starts_on: string;
  ends_on: string | null;
  status: string;
  person_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
