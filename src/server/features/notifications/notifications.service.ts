/**
 * In-app notifications, and the mail that goes with them. `notify` is called by the services
 * whose changes people must hear about (pairs, MoU, notices, the reminder sweep), in their
 * transaction: the rows, the mails (queued jobs) and the live signal (pg_notify, delivered at
 * commit) exist exactly when the change does. Each person's choice per kind decides: in the
 * app, e-mail at once, the daily digest, or nothing.
 */
import { z } from 'zod';
import { authorize } from '#src/core/access/guard.ts';
import { personOf } from '#src/core/access/policy.ts';
import { NotFoundError, ValidationError } from '#src/core/errors.ts';
import { CHANNELS, DEFAULT_CHANNEL, NOTIFICATION_KINDS, isNotificationKind, type ChannelChoice, type NotificationKind } from '#src/core/notifications/kinds.ts';
import type { AllReadDto, NotificationDto, NotificationListDto, NotificationPreferencesDto, UnreadCountDto } from '#src/core/notifications/dto.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { sendMails, type MailInput } from '#src/server/mail/mail.service.ts';
import {
  choicesOf,
  findOwnNotification,
  insertNotifications,
  listForUser,
  listPreferences,
  markAllNotificationsRead,
  markNotificationRead,
  signalChanged,
  unreadCount,
  upsertPreference,
} from './notifications.repository.ts';
import type { NotificationRow } from './notification.table.ts';

export type NotificationParams = Record<string, string | number>;

export interface NotifyInput {
  userIds: readonly string[];
  kind: NotificationKind;
  params: NotificationParams;
  /** the page of the item: `/app/pairs/<id>` */
  link: string;
}

/** The one-line title and the mail body of a notification, in the reader's language. */
export function renderNotification(locale: Locale, kind: string, raw: NotificationParams): { title: string; body: string } {
  // Words chosen by code (a decision, the step that waits) are stored as codes and said in the reader's language.
  const params = { ...raw };
  if (typeof raw.decision === 'string') params.decision = translate(locale, `notifications.decision.${raw.decision}`);
  if (typeof raw.what === 'string') params.what = translate(locale, `notifications.what.${raw.what}`);
  return {
    title: translate(locale, `notifications.kinds.${kind}.title`, params),
    body: translate(locale, `notifications.kinds.${kind}.body`, params),
  };
}

/** Tell people (see the file's comment). Returns how many were told (not "off"). */
export async function notify(trx: Db, input: NotifyInput): Promise<number> {
  return notifyMany(trx, [input]);
}

/**
 * `notify` for many items at once (the reminder sweep): the people's choices in one query, the
 * rows in one insert per 1,000, the mails in one batch (`sendMails`), one live signal. Returns
 * how many notifications were made.
 */
export async function notifyMany(trx: Db, inputs: readonly NotifyInput[]): Promise<number> {
  const userIds = [...new Set(inputs.flatMap((i) => i.userIds))];
  if (userIds.length === 0) return 0;
  const kinds = [...new Set(inputs.map((i) => i.kind))];
  const { users, choices } = await choicesOf(trx, userIds, kinds);
  const rows: { user_id: string; kind: string; params: string; link: string; channel: 'app' | 'email' | 'digest' }[] = [];
  const mails: MailInput[] = [];
  for (const input of inputs) {
    const params = JSON.stringify(input.params);
    for (const id of new Set(input.userIds)) {
      const user = users.get(id);
      if (!user) continue;
      const channel = choices.get(`${id}:${input.kind}`) ?? DEFAULT_CHANNEL[input.kind];
      if (channel === 'off') continue;
      rows.push({ user_id: id, kind: input.kind, params, link: input.link, channel });
      if (channel !== 'email' || !user.email) continue;
      const { title, body } = renderNotification(user.locale, input.kind, input.params);
      mails.push({ to: user.email, locale: user.locale, kind: input.kind, subject: title, text: body, link: input.link, userId: id, unsubscribeKind: input.kind });
    }
  }
  if (rows.length === 0) return 0;
  await insertNotifications(trx, rows);
  if (mails.length) await sendMails(trx, mails);
  await signalChanged(trx, [...new Set(rows.map((r) => r.user_id))]);
  return rows.length;
}

const dto = (locale: Locale) => (r: NotificationRow): NotificationDto => ({
  id: r.id,
  kind: r.kind,
  title: renderNotification(locale, r.kind, r.params as NotificationParams).title,
  link: r.link,
  createdAt: r.created_at.toISOString(),
  read: r.read_at !== null,
});

function me(ctx: CallContext): string {
  authorize(ctx.actor, 'notification.own');
  return personOf(ctx.actor)!.userId;
}

/** The caller's own notifications, newest first, and how many are unread. */
export async function listMyNotifications(db: Db, ctx: CallContext, q: { unread?: boolean | undefined; limit: number; offset: number }, locale: Locale): Promise<NotificationListDto> {
  const userId = me(ctx);
  const [rows, unread] = await Promise.all([listForUser(db, userId, q), unreadCount(db, userId)]);
  return { items: rows.map(dto(locale)), unread };
}

export async function myUnreadCount(db: Db, ctx: CallContext): Promise<number> {
  return unreadCount(db, me(ctx));
}

/** Mark one of the caller's notifications read (another person's is "not found"). */
export async function markRead(trx: Db, ctx: CallContext, id: string, now: Date): Promise<UnreadCountDto> {
  const userId = me(ctx);
  const row = await findOwnNotification(trx, userId, id);
  if (!row) throw new NotFoundError('notification');
  if (!row.read_at) {
    await markNotificationRead(trx, id, now);
    await recordAudit(trx, ctx, { action: 'notification.read', entity: 'notification', entityId: id });
    await signalChanged(trx, [userId]);
  }
  return { unread: await unreadCount(trx, userId) };
}

export async function markAllRead(trx: Db, ctx: CallContext, now: Date): Promise<AllReadDto> {
  const userId = me(ctx);
  const marked = await markAllNotificationsRead(trx, userId, now);
  if (marked > 0) {
    await recordAudit(trx, ctx, { action: 'notification.readAll', entity: 'user', entityId: userId, after: { marked } });
    await signalChanged(trx, [userId]);
  }
  return { unread: 0, marked };
}

export const preferencesSchema = z.strictObject({
  items: z.array(z.strictObject({ kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(CHANNELS) })).max(NOTIFICATION_KINDS.length),
});

export async function myPreferences(db: Db, ctx: CallContext): Promise<NotificationPreferencesDto> {
  const userId = me(ctx);
  const rows = await listPreferences(db, userId);
  const chosen = new Map(rows.map((r) => [r.kind, r.channel as ChannelChoice]));
  return { items: NOTIFICATION_KINDS.map((kind) => ({ kind, channel: chosen.get(kind) ?? DEFAULT_CHANNEL[kind], isDefault: !chosen.has(kind) })) };
}

export async function setMyPreferences(trx: Db, ctx: CallContext, input: z.infer<typeof preferencesSchema>, now: Date) {
  const userId = me(ctx);
  for (const item of input.items) {
    if (!isNotificationKind(item.kind)) throw new ValidationError('kind', 'invalid');
  }
  const before = await myPreferences(trx, ctx);
  for (const item of input.items) {
    await upsertPreference(trx, userId, item.kind, item.channel, now);
  }
  await recordAudit(trx, ctx, { action: 'notification.preferences', entity: 'user', entityId: userId, before: before.items.filter((i) => !i.isDefault), after: input.items });
  return myPreferences(trx, ctx);
}
