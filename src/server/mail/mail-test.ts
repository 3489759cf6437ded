import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { deliverMail } from './mail.service.ts';
import { findMail, insertMail, updateMail } from './mail.repository.ts';
import { textToHtml } from './layout.ts';
import { createMailTransport, type MailSettings } from './transport.ts';

export type TestMailResult =
  | { ok: true; id: string; status: 'sent' | 'written'; messageId: string | null; file: string | null }
  | { ok: false; id: string | null; error: string };

/**
 * The operator's check of the mail settings: one message delivered now, not through the
 * queue (so the answer is at once), and listed in the outbox like any other.
 */
export async function sendTestMail(db: Kysely<Database>, settings: MailSettings, to: string, locale: Locale): Promise<TestMailResult> {
  if (!/^[^\s@]+@[^\s@]+$/u.test(to)) return { ok: false, id: null, error: `"${to}" is not an e-mail address` };
  const text = translate(locale, 'mail.testText');
  const row = await insertMail(db, {
    to_address: to,
    to_user_id: null,
    locale,
    kind: 'test',
    subject: translate(locale, 'mail.testSubject'),
    html: textToHtml(text),
    text,
    link: '/app',
    unsubscribe_kind: null,
  });
  const transport = createMailTransport(settings);
  try {
    const status = await deliverMail(db, transport, settings, row.id, () => new Date());
    const after = await findMail(db, row.id);
    return { ok: true, id: row.id, status: status as 'sent' | 'written', messageId: after?.message_id ?? null, file: after?.eml_file ? join(settings.outboxDir, after.eml_file) : null };
  } catch (err) {
    const after = await findMail(db, row.id);
    await updateMail(db, row.id, { status: 'failed' });
    return { ok: false, id: row.id, error: after?.error ?? String(err) };
  } finally {
    transport.close();
  }
}
