import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { deliverMail, failMail } from './mail.service.ts';
import type { MailSettings, MailTransport } from './transport.ts';

/** The `mail-send` queue: one job per message (its id is the key). */
export function mailJob(db: Kysely<Database>, transport: MailTransport, settings: MailSettings, now: () => Date = () => new Date()): JobDefinition<{ mailId: string }> {
  return {
    run: async (job) => {
      await deliverMail(db, transport, settings, job.data.mailId, now);
    },
    gaveUp: (data, reason) => failMail(db, data.mailId, reason),
  };
}
