import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { MailMessageTable, MailStatus } from './mail.table.ts';

export async function insertMail(db: Db, row: Insertable<MailMessageTable>) {
  return db.insertInto('mail_message').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertMails(db: Db, rows: Insertable<MailMessageTable>[]): Promise<void> {
  if (rows.length) await db.insertInto('mail_message').values(rows).execute();
}

export async function findMail(db: Db, id: string, lock = false) {
  let q = db.selectFrom('mail_message').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateMail(
  db: Db,
  id: string,
  change: { status?: MailStatus; attempts?: number; error?: string | null; eml_file?: string | null; message_id?: string | null; delivered_at?: Date | null; html?: null; text?: null },
): Promise<void> {
  await db.updateTable('mail_message').set(change).where('id', '=', id).execute();
}

export async function listMail(db: Db, filter: { status?: MailStatus | undefined; limit: number; offset: number }) {
  let q = db
    .selectFrom('mail_message')
    .select(['id', 'to_address', 'locale', 'kind', 'subject', 'link', 'status', 'attempts', 'error', 'eml_file', 'created_at', 'delivered_at']);
  let c = db.selectFrom('mail_message').select((eb) => eb.fn.countAll<string>().as('n'));
  if (filter.status) {
    q = q.where('status', '=', filter.status);
    c = c.where('status', '=', filter.status);
  }
  const [items, count] = await Promise.all([q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(), c.executeTakeFirstOrThrow()]);
  return { items, total: Number(count.n) };
}

/** The person's link for one kind of message: made once, then reused. */
export async function unsubscribeTokenFor(db: Db, userId: string, kind: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.insertInto('mail_unsubscribe').values({ token, user_id: userId, kind }).onConflict((oc) => oc.columns(['user_id', 'kind']).doNothing()).execute();
  const row = await db.selectFrom('mail_unsubscribe').select('token').where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirstOrThrow();
  return row.token;
}

export async function findUnsubscribe(db: Db, token: string) {
  return db
    .selectFrom('mail_unsubscribe as u')
    .innerJoin('app_user as a', 'a.id', 'u.user_id')
    .select(['u.user_id', 'u.kind', 'a.email', 'a.locale'])
    .where('u.token', '=', token)
    .executeTakeFirst();
}

/** The newest mail of a kind to an account. */
export async function findLatestMailTo(db: Db, userId: string, kind: string) {
  return db.selectFrom('mail_message').select('id').where('to_user_id', '=', userId).where('kind', '=', kind).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}
