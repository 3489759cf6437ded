/**
 * What the mail routes (`/api/mail/*`) send: one zod schema each, used as the route's response
 * schema (mail.routes.ts, and from there the OpenAPI description) and, through its inferred type,
 * by the mail service and the pages ("Hộp thư đi", the unsubscribe page).
 */
import { z } from 'zod';

export const OUTBOX_STATUSES = ['queued', 'sent', 'written', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A mail in "Hộp thư đi" (the department's outbox). */
export const outboxItemDto = z.object({
  id: z.string(),
  to: z.string(),
  locale: z.enum(['vi', 'en']),
  kind: z.string(),
  subject: z.string(),
  link: z.string().nullable(),
  status: z
    .enum(OUTBOX_STATUSES)
    .describe('queued: waiting for its job; sent: accepted by the SMTP server; written: an .eml file (no SMTP_URL); failed: retries used up, see error'),
  attempts: z.number().int(),
  error: z.string().nullable(),
  hasFile: z.boolean(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type OutboxItemDto = z.infer<typeof outboxItemDto>;

export const outboxPageDto = z.object({ items: z.array(outboxItemDto), total: z.number().int() });
export type OutboxPageDto = z.infer<typeof outboxPageDto>;

/** What an unsubscribe link stops, before the person confirms (the address masked). */
export const unsubscribeInfoDto = z.object({ kind: z.string(), email: z.string().nullable().describe('masked'), channel: z.string() });
export type UnsubscribeInfoDto = z.infer<typeof unsubscribeInfoDto>;

/** An unsubscribe confirmed: the kind of mail stopped. */
export const unsubscribedDto = z.object({ kind: z.string() });
export type UnsubscribedDto = z.infer<typeof unsubscribedDto>;
