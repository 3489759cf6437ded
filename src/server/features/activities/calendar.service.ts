/**
 * Each person's calendar feed: an iCalendar (RFC 5545) file at a secret address that Google
 * Calendar and Outlook subscribe to. Only the SHA-256 of the token is stored, so the address
 * is shown once, when made; making a new one or revoking it ends the old one at once. The feed
 * lists what its owner may see now (the same scope as the activity list), in Hanoi time: a
 * whole-day event for an activity without hours, a timed one (TZID=Asia/Ho_Chi_Minh, with its
 * VTIMEZONE) for one with hours.
 */
import { createHash, randomBytes } from 'node:crypto';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import ical, { ICalEventStatus } from 'ical-generator';
import { authorize } from '#src/core/access/guard.ts';
import { personOf, scopeFor } from '#src/core/access/policy.ts';
import type { CalendarFeedMadeDto, CalendarFeedStatusDto } from '#src/core/activities/dto.ts';
import { isRole, type Actor } from '#src/core/roles.ts';
import { ForbiddenError } from '#src/core/errors.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { CalendarFeedNotFoundError } from './activities.errors.ts';
import { deleteFeed, findFeedOf, findFeedUser, listActivityRows, listKindRows, upsertFeed } from './activities.repository.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

export const HANOI_TZ = 'Asia/Ho_Chi_Minh';

/** Vietnam keeps UTC+7 all year (no daylight saving since 1975): one STANDARD rule. */
export const HANOI_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${HANOI_TZ}`,
  `X-LIC-LOCATION:${HANOI_TZ}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'DTSTART:19700101T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/u, '')}/api/calendar/feeds/${token}.ics`;
}

function ownerOf(ctx: CallContext): Actor {
  authorize(ctx.actor, 'calendar.feed');
  const me = personOf(ctx.actor);
  if (!me) throw new ForbiddenError();
  return me;
}

export async function feedStatus(db: Db, ctx: CallContext): Promise<CalendarFeedStatusDto> {
  const me = ownerOf(ctx);
  const row = await findFeedOf(db, me.userId);
  return { active: Boolean(row), createdAt: row?.created_at.toISOString() ?? null };
}

/** A new secret address for the caller (the old one, if any, stops working). */
export async function createFeed(trx: Db, ctx: CallContext, now: Date, publicUrl: string): Promise<CalendarFeedMadeDto> {
  const me = ownerOf(ctx);
  const token = randomBytes(32).toString('base64url');
  const had = Boolean(await findFeedOf(trx, me.userId));
  await upsertFeed(trx, me.userId, hashToken(token), now);
  await recordAudit(trx, ctx, { action: had ? 'calendar.feed.renew' : 'calendar.feed.create', entity: 'user', entityId: me.userId });
  return { url: feedUrl(publicUrl, token) };
}

export async function revokeFeed(trx: Db, ctx: CallContext): Promise<void> {
  const me = ownerOf(ctx);
  if (!(await deleteFeed(trx, me.userId))) throw new CalendarFeedNotFoundError();
  await recordAudit(trx, ctx, { action: 'calendar.feed.revoke', entity: 'user', entityId: me.userId });
}

/** How far the feed reaches: a school year back, two ahead (calendars poll it every few hours). */
const FEED_PAST_DAYS = 400;
const FEED_FUTURE_DAYS = 800;
const FEED_MAX_EVENTS = 3000;

/** The feed at `token` (with or without ".ics"), or "not found" for an unknown or revoked one. */
export async function renderFeed(db: Db, token: string, now: Date, publicUrl: string): Promise<string> {
  const clean = token.replace(/\.ics$/u, '');
  if (!/^[A-Za-z0-9_-]{20,100}$/u.test(clean)) throw new CalendarFeedNotFoundError();
  const user = await findFeedUser(db, hashToken(clean));
  if (!user || !isRole(user.role)) throw new CalendarFeedNotFoundError();
  const actor: Actor = { userId: user.id, username: user.username, role: user.role, schoolId: user.school_id, adminUnitId: user.admin_unit_id };
  const scope = scopeFor(actor, 'activity.read');
  if (!scope) throw new CalendarFeedNotFoundError();
  const today = isoDateInHanoi(now);
  const from = dayjs.utc(today).subtract(FEED_PAST_DAYS, 'day').format('YYYY-MM-DD');
  const to = dayjs.utc(today).add(FEED_FUTURE_DAYS, 'day').format('YYYY-MM-DD');
  const [{ rows }, kinds] = await Promise.all([
    listActivityRows(db, scope, today, { from, to }, { limit: FEED_MAX_EVENTS, offset: 0, order: 'asc' }),
    listKindRows(db, null),
  ]);
  const vi = user.locale !== 'en';
  const kindName = new Map(kinds.map((k) => [k.code, vi ? k.name_vi : k.name_en]));
  const base = publicUrl.replace(/\/+$/u, '');
  const cal = ical({
    name: vi ? 'Chung Tay — hoạt động kết nghĩa' : 'Chung Tay — twinning activities',
    prodId: { company: 'Chung Tay', product: 'activities', language: vi ? 'VI' : 'EN' },
    ttl: 3 * 3600,
  });
  for (const r of rows) {
    const last = r.ends_on ?? r.starts_on;
    const timed = Boolean(r.start_time);
    const start = timed ? dayjs.tz(`${r.starts_on}T${r.start_time}`, HANOI_TZ) : dayjs.utc(r.starts_on);
    const end = timed
      ? r.end_time
        ? dayjs.tz(`${last}T${r.end_time}`, HANOI_TZ)
        : start.add(2, 'hour')
      : // A whole-day event ends the day after its last day (DTEND is exclusive).
        dayjs.utc(last).add(1, 'day');
    const lines = [
      `${vi ? 'Loại' : 'Kind'}: ${kindName.get(r.kind) ?? r.kind}`,
      `${vi ? 'Cặp kết nghĩa' : 'Pair'}: ${r.pair_name ?? ''}`,
      r.host_name ? `${vi ? 'Trường chủ trì' : 'Host'}: ${r.host_name}` : null,
      r.description,
    ].filter(Boolean);
    cal.createEvent({
      id: `${r.id}@chungtay`,
      ...(timed ? { timezone: HANOI_TZ } : { allDay: true }),
      start,
      end,
      stamp: r.updated_at,
      summary: r.status === 'cancelled' ? `${vi ? '[Đã hủy]' : '[Cancelled]'} ${r.title}` : r.title,
      description: lines.join('\n'),
      location: r.mode === 'online' ? (vi ? 'Trực tuyến' : 'Online') : r.place,
      url: `${base}/app/activities/${r.id}`,
      status: r.status === 'cancelled' ? ICalEventStatus.CANCELLED : r.status === 'planned' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    });
  }
  // The zone's definition, once, before the events (ical-generator emits it only with a
  // calendar-wide zone, which would also write DTSTAMP in local time instead of UTC).
  const text = cal.toString();
  const at = text.indexOf('BEGIN:VEVENT');
  const head = `X-WR-TIMEZONE:${HANOI_TZ}\r\n${HANOI_VTIMEZONE}\r\n`;
  return at >= 0 ? text.slice(0, at) + head + text.slice(at) : text.replace('END:VCALENDAR', `${head}END:VCALENDAR`);
}
