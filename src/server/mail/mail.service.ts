/**
 * E-mail: `sendMail` records a message and queues its delivery in the caller's transaction
 * (both or neither); a job of the `mail-send` queue delivers it (SMTP, or an .eml file), with
 * retries; a message that still fails is kept as failed with its error, for the department
 * admin's outbox page. docs/notifications.md is the guide for callers.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { authorize } from '#src/core/access/guard.ts';
import { NotFoundError, ValidationError } from '#src/core/errors.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { Locale } from '#src/server/i18n/i18n.ts';
import { enqueue, enqueueMany } from '#src/server/jobs/job-queue.ts';
import { absoluteLink, renderLayout, textToHtml } from './layout.ts';
import { digestKindsOf, findPreference, upsertPreference } from '#src/server/features/notifications/notifications.repository.ts';
import { findLatestMailTo, findMail, findUnsubscribe, insertMail, insertMails, listMail, unsubscribeTokenFor, updateMail } from './mail.repository.ts';
import type { MailStatus } from './mail.table.ts';
import type { OutboxItemDto, OutboxPageDto, UnsubscribedDto, UnsubscribeInfoDto } from '#src/core/mail/dto.ts';
import type { MailSettings, MailTransport } from './transport.ts';

export const MAIL_QUEUE = 'mail-send';

export interface MailInput {
  /** one address */
  to: string;
  /** the recipient's language (their account's `locale`); the caller writes subject and body in it */
  locale: Locale;
  /** what kind of message, for the outbox and the logs: 'invitation', 'password-reset', a notification kind… */
  kind: string;
  subject: string;
  /** the body as HTML (trusted: escape every value with `escapeHtml`); absent → made from `text` */
  html?: string | undefined;
  /** the body as plain text (required: every mail has a text part) */
  text: string;
  /** the item the mail is about: an app path (`/app/pairs/<id>`) or a full URL; shown as a button and a line */
  link?: string | null | undefined;
  /** the recipient's account, when they have one (needed for `unsubscribeKind`) */
  userId?: string | null | undefined;
  /** the kind of notification the footer's link turns off for this person; absent for mails a person cannot refuse (an invitation, a password reset) */
  unsubscribeKind?: string | undefined;
}

const inputSchema = z.object({
  to: z.email().max(320),
  locale: z.enum(['vi', 'en']),
  kind: z.string().min(1).max(60),
  subject: z.string().min(1).max(300),
  html: z.string().max(200_000).optional(),
  text: z.string().min(1).max(100_000),
  link: z.string().max(2000).nullable().optional(),
  userId: z.uuid().nullable().optional(),
  unsubscribeKind: z.string().min(1).max(60).optional(),
});

/**
 * Record a mail and queue its delivery, in `trx` (pass the transaction of the change the mail
 * is about: a rollback sends nothing). Returns the message's id. No audit row of its own: the
 * change that sends it has one.
 */
export async function sendMail(trx: Db, input: MailInput): Promise<{ id: string }> {
  const row = await insertMail(trx, mailRow(input));
  await enqueue(trx, MAIL_QUEUE, row.id, { mailId: row.id });
  return { id: row.id };
}

/** The row of a mail, checked (a `ValidationError` naming the field otherwise). */
function mailRow(input: MailInput) {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(String(issue.path[0] ?? 'to'), 'invalid');
  }
  const m = parsed.data;
  if (m.unsubscribeKind && !m.userId) throw new ValidationError('userId', 'invalid');
  return {
    to_address: m.to,
    to_user_id: m.userId ?? null,
    locale: m.locale,
    kind: m.kind,
    subject: m.subject,
    html: m.html ?? textToHtml(m.text),
    text: m.text,
    link: m.link ?? null,
    unsubscribe_kind: m.unsubscribeKind ?? null,
  };
}

/**
 * `sendMail` for many mails at once (the reminder sweep): the rows in one insert per 1,000 and
 * their delivery jobs in one statement, in `trx`. All checked first: one bad input records none.
 */
export async function sendMails(trx: Db, inputs: readonly MailInput[]): Promise<{ ids: string[] }> {
  const rows = inputs.map((i) => ({ id: randomUUID(), ...mailRow(i) }));
  for (let i = 0; i < rows.length; i += 1000) await insertMails(trx, rows.slice(i, i + 1000));
  await enqueueMany(
    trx,
    MAIL_QUEUE,
    rows.map((r) => ({ key: r.id, payload: { mailId: r.id } })),
  );
  return { ids: rows.map((r) => r.id) };
}

/**
 * Deliver one recorded mail (the job's work). Already delivered: nothing to do (a retried job
 * never sends twice what went out). A delivery error is recorded on the row and thrown, so
 * the queue retries.
 */
export async function deliverMail(db: Db, transport: MailTransport, settings: MailSettings, id: string, now: () => Date): Promise<MailStatus> {
  const row = await findMail(db, id);
  if (!row) return 'failed';
  if (row.status === 'sent' || row.status === 'written') return row.status;
  const link = row.link ? absoluteLink(settings.publicUrl, row.link) : null;
  const token = row.unsubscribe_kind && row.to_user_id ? await unsubscribeTokenFor(db, row.to_user_id, row.unsubscribe_kind) : null;
  const unsubscribeUrl = token ? absoluteLink(settings.publicUrl, `/unsubscribe/${token}`) : null;
  const body = renderLayout({ locale: row.locale, subject: row.subject, html: row.html ?? '', text: row.text ?? '', link, unsubscribeUrl });
  const headers: Record<string, string> = { 'Content-Language': row.locale };
  if (token) {
    // RFC 8058: mail clients offer "unsubscribe" and POST to this address, without a page.
    headers['List-Unsubscribe'] = `<${absoluteLink(settings.publicUrl, `/api/mail/unsubscribe/${token}`)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  try {
    const delivery = await transport.deliver({ id: row.id, to: row.to_address, subject: body.subject, html: body.html, text: body.text, headers });
    await updateMail(db, id, {
      status: delivery.status,
      attempts: row.attempts + 1,
      error: null,
      message_id: delivery.messageId,
      eml_file: delivery.emlFile ?? null,
      delivered_at: now(),
      // Sent away: the body (perhaps a one-time link) need not stay here. A written file is the outbox itself.
      ...(delivery.status === 'sent' ? { html: null, text: null } : {}),
    });
    return delivery.status;
  } catch (err) {
    await updateMail(db, id, { attempts: row.attempts + 1, error: errorText(err) });
    throw err;
  }
}

/** The queue gave up: the message is failed, with the last error. */
export async function failMail(db: Db, id: string, reason: string): Promise<void> {
  const row = await findMail(db, id);
  if (!row || row.status === 'sent' || row.status === 'written') return;
  await updateMail(db, id, { status: 'failed', error: row.error ?? reason });
}

function errorText(err: unknown): string {
  const e = err as { message?: string; code?: string; response?: string };
  return [e.code, e.response ?? e.message ?? String(err)].filter(Boolean).join(': ').slice(0, 1000);
}

/** "Hộp thư đi": every mail, newest first (department admins). */
export async function listOutbox(db: Db, ctx: CallContext, query: { status?: MailStatus | undefined; limit: number; offset: number }): Promise<OutboxPageDto> {
  authorize(ctx.actor, 'mail.outbox');
  const { items, total } = await listMail(db, query);
  return {
    total,
    items: items.map(
      (r): OutboxItemDto => ({
        id: r.id,
        to: r.to_address,
        locale: r.locale,
        kind: r.kind,
        subject: r.subject,
        link: r.link,
        status: r.status,
        attempts: r.attempts,
        error: r.error,
        hasFile: r.eml_file !== null,
        createdAt: r.created_at.toISOString(),
        deliveredAt: r.delivered_at?.toISOString() ?? null,
      }),
    ),
  };
}

/** The .eml file written for a message (no SMTP_URL). */
export async function readOutboxFile(db: Db, ctx: CallContext, id: string, outboxDir: string): Promise<{ bytes: Buffer; fileName: string }> {
  authorize(ctx.actor, 'mail.outbox');
  const row = await findMail(db, id);
  if (!row?.eml_file) throw new NotFoundError('mail');
  return { bytes: await readFile(join(outboxDir, row.eml_file)), fileName: row.eml_file };
}

/** What an unsubscribe link stops (shown before the person confirms). */
export async function describeUnsubscribe(db: Db, token: string): Promise<UnsubscribeInfoDto> {
  const found = await findUnsubscribe(db, token);
  if (!found) throw new NotFoundError('unsubscribe');
  const pref = await findPreference(db, found.user_id, found.kind);
  return { kind: found.kind, email: maskEmail(found.email), channel: pref?.channel ?? 'default' };
}

/**
 * Stop mails of the link's kind for its person: the kind is then shown in the app only (a
 * digest's link: every kind the digest carried). Whoever holds the link may do it (it came in
 * their mail); one audit row.
 */
export async function confirmUnsubscribe(trx: Db, ctx: CallContext, token: string): Promise<UnsubscribedDto> {
  const found = await findUnsubscribe(trx, token);
  if (!found) throw new NotFoundError('unsubscribe');
  const kinds =
    found.kind === 'digest'
      ? await digestKindsOf(trx, found.user_id)
      : [found.kind];
  for (const kind of kinds) {
    await upsertPreference(trx, found.user_id, kind, 'app', new Date());
  }
  await recordAudit(trx, { ...ctx, via: ctx.via ?? 'unsubscribe-link' }, { action: 'notification.unsubscribe', entity: 'user', entityId: found.user_id, after: { kinds, channel: 'app' } });
  return { kind: found.kind };
}

function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 2)}${'•'.repeat(Math.max(1, name.length - 2))}@${domain}`;
}

/** The newest mail of a kind to an account (the CLI delivers an invitation at once). */
export async function lastMailTo(db: Db, userId: string, kind: string): Promise<string | null> {
  return (await findLatestMailTo(db, userId, kind))?.id ?? null;
}
