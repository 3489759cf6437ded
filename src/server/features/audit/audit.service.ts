import { personOf } from '#src/core/access/policy.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { schoolIdsOfUser } from '#src/server/features/users/users.repository.ts';
import { insertAuditEntry, schoolIdsOfPair } from './audit.repository.ts';

/** Secrets never reach the audit log. */
const REDACTED_KEYS = new Set(['password', 'password_hash', 'passwordHash', 'token_hash', 'csrf_token']);

function redact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redact);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, REDACTED_KEYS.has(k) ? '[redacted]' : redact(v)]),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

/** Which schools and pair a change concerns, for the viewer's filters and an area officer's scope. */
async function concernsOf(
  db: Db,
  change: { entity: string; entityId: string | null; schoolIds?: readonly string[]; pairId?: string | null },
): Promise<{ schoolIds: string[]; pairId: string | null }> {
  const id = change.entityId && UUID.test(change.entityId) ? change.entityId : null;
  const pairId = change.pairId !== undefined ? change.pairId : change.entity === 'pair' ? id : null;
  if (change.schoolIds) return { schoolIds: [...new Set(change.schoolIds)], pairId };
  if (pairId) return { schoolIds: await schoolIdsOfPair(db, pairId), pairId };
  if (change.entity === 'school' && id) return { schoolIds: [id], pairId };
  if ((change.entity === 'user' || change.entity === 'session') && id) return { schoolIds: await schoolIdsOfUser(db, id), pairId };
  return { schoolIds: [], pairId };
}

/**
 * Write one audit row for a change. Call it with the transaction that makes the
 * change, so the row exists exactly when the change does.
 */
export async function recordAudit(
  trx: Db,
  ctx: CallContext,
  change: {
    action: string;
    entity: string;
    entityId: string | null;
    before?: unknown;
    after?: unknown;
    /** The schools the change concerns (default: read off the entity: a school, a pair's members, a user's school). */
    schoolIds?: readonly string[];
    /** The pair the change concerns (default: the entity when it is a pair). */
    pairId?: string | null;
  },
): Promise<void> {
  const concerns = await concernsOf(trx, change);
  await insertAuditEntry(trx, {
    schoolIds: concerns.schoolIds,
    pairId: concerns.pairId,
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
