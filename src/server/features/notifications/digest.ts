import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { translate } from '#src/server/i18n/i18n.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { findUserById } from '#src/server/features/users/users.repository.ts';
import { sendMail } from '#src/server/mail/mail.service.ts';
import { takeDigestRows, usersWithPendingDigest } from './notifications.repository.ts';
import { renderNotification, type NotificationParams } from './notifications.service.ts';

export const DIGEST_QUEUE = 'notification-digest';

/**
 * The daily digest: one mail per person listing what they chose to get in the digest since the
 * last one. Each person's rows are marked in the transaction that queues their mail, so a
 * digest that runs twice (two nodes, a retry) sends nothing twice.
 */
export async function sendDigests(db: Kysely<Database>, now: Date): Promise<{ mails: number; notifications: number }> {
  const users = await usersWithPendingDigest(db);
  let mails = 0;
  let notifications = 0;
  for (const user_id of users) {
    await db.transaction().execute(async (trx) => {
      const rows = await takeDigestRows(trx, user_id, now);
      const user = await findUserById(trx, user_id);
      if (!rows.length || !user?.email || user.disabled_at) return;
      const lines = rows
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
        .map((r) => `• ${renderNotification(user.locale, r.kind, r.params as NotificationParams).title}`);
      await sendMail(trx, {
        to: user.email,
        locale: user.locale,
        kind: 'digest',
        subject: translate(user.locale, 'notifications.digest.subject', { count: rows.length }),
        text: `${translate(user.locale, 'notifications.digest.intro', { count: rows.length })}\n\n${lines.join('\n')}`,
        link: '/app/notifications',
        userId: user_id,
        unsubscribeKind: 'digest',
      });
      mails++;
      notifications += rows.length;
    });
  }
  return { mails, notifications };
}

export function digestJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await sendDigests(db, now());
    },
    gaveUp: async () => {},
  };
}
