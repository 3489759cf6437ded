/**
 * What the audit log viewer's routes (`/api/audit*`) send: one zod schema each, used as the
 * route's response schema (audit.routes.ts, and from there the OpenAPI description) and, through
 * its inferred type, by the viewer's service, its Excel export and the page.
 */
import { z } from 'zod';

/** One leaf of `before`/`after` that differs, with its dotted path ("members.1.name"). */
export const auditChangeDto = z.object({ path: z.string(), kind: z.enum(['added', 'removed', 'changed']), before: z.unknown().optional(), after: z.unknown().optional() });
export type AuditChange = z.infer<typeof auditChangeDto>;

export const auditEntryDto = z.object({
  id: z.number(),
  at: z.string(),
  /** who: the account's username (or the system's name: "system", "cli:…") */
  actor: z.string().nullable(),
  actorUserId: z.string().nullable(),
  /** the account's display name today */
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  schools: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
  pair: z.object({ id: z.string(), label: z.string().nullable() }).nullable(),
  before: z.unknown(),
  after: z.unknown(),
  changes: z.array(auditChangeDto),
  changesTruncated: z.boolean(),
});
export type AuditEntryDto = z.infer<typeof auditEntryDto>;

/** A page of the log, newest first; pass `nextCursor` as `before` for the next one. */
export const auditPageDto = z.object({ items: z.array(auditEntryDto), nextCursor: z.number().nullable() });
export type AuditPageDto = z.infer<typeof auditPageDto>;

/** The actions the log holds (the choices of the "what" filter). */
export const auditActionsDto = z.object({ items: z.array(z.string()) });
export type AuditActionsDto = z.infer<typeof auditActionsDto>;
