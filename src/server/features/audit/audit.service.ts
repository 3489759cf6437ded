import { personOf } from '#src/core/access/policy.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { insertAuditEntry } from './audit.repository.ts';

/** Secrets never reach the audit log. */
const REDACTED_KEYS = new Set(['password', 'password_hash', 'passwordHash', 'token_hash', 'csrf_token']);

function redact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redact);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, REDACTED_KEYS.has(k) ? '[redacted]' : redact(v)]),
  );
}

/**
 * Write one audit row for a change. Call it with the transaction that makes the
 * change, so the row exists exactly when the change does.
 */
export async function recordAudit(
  trx: Db,
  ctx: CallContext,
  change: { action: string; entity: string; entityId: string | null; before?: unknown; after?: unknown },
): Promise<void> {
  await insertAuditEntry(trx, {
    actorUserId: personOf(ctx.actor)?.userId ?? null,
    actorUsername: personOf(ctx.actor)?.username ?? ctx.via ?? ctx.actor?.username ?? null,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    before: redact(change.before ?? null),
    after: redact(change.after ?? null),
    requestId: ctx.requestId,
  });
}
