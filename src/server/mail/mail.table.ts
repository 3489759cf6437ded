import type { ColumnType, Generated, Selectable } from 'kysely';

export type MailStatus = 'queued' | 'sent' | 'written' | 'failed';

export interface MailMessageTable {
  id: Generated<string>;
  to_address: string;
  to_user_id: string | null;
  locale: 'vi' | 'en';
  kind: string;
  subject: string;
  html: string | null;
  text: string | null;
  link: string | null;
  unsubscribe_kind: string | null;
  status: ColumnType<MailStatus, MailStatus | undefined, MailStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
  eml_file: ColumnType<string | null, string | null | undefined, string | null>;
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type MailMessageRow = Selectable<MailMessageTable>;

export interface MailUnsubscribeTable {
  token: string;
  user_id: string;
  kind: string;
}
