/**
 * What the notification routes (`/api/notifications*`) send: one zod schema each, used as the
 * route's response schema (notifications.routes.ts, and from there the OpenAPI description) and,
 * through its inferred type, by the notifications service, the page and the bell.
 */
import { z } from 'zod';
import { CHANNELS, NOTIFICATION_KINDS } from './kinds.ts';

/** One of the caller's notifications, its title in the caller's language. */
export const notificationDto = z.object({ id: z.string(), kind: z.string(), title: z.string().describe("in the caller's language"), link: z.string(), createdAt: z.string(), read: z.boolean() });
export type NotificationDto = z.infer<typeof notificationDto>;

export const notificationListDto = z.object({ items: z.array(notificationDto), unread: z.number().int() });
export type NotificationListDto = z.infer<typeof notificationListDto>;

/** The caller's unread count (the bell). */
export const unreadCountDto = z.object({ unread: z.number().int() });
export type UnreadCountDto = z.infer<typeof unreadCountDto>;

/** "Mark all read": the unread count after, and how many were marked. */
export const allReadDto = z.object({ unread: z.number().int(), marked: z.number().int() });
export type AllReadDto = z.infer<typeof allReadDto>;

/** How the caller is told, per kind; `isDefault`: not chosen, the kind's default. */
export const notificationPreferenceDto = z.object({ kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(CHANNELS), isDefault: z.boolean() });
export type NotificationPreferenceDto = z.infer<typeof notificationPreferenceDto>;

export const notificationPreferencesDto = z.object({ items: z.array(notificationPreferenceDto) });
export type NotificationPreferencesDto = z.infer<typeof notificationPreferencesDto>;
