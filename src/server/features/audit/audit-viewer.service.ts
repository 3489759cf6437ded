/**
 * The audit log viewer (issue 12): the department admin reads every row, an area officer its own
 * rows and the rows that concern a school of its area today (`scopeFor(actor, 'audit.read')`, in SQL), a
 * school user nothing. Filters by who, what, which school or pair and dates (Hanoi days); each
 * row with its before, after and a readable list of changes; keyset pages; Excel export of the
 * filtered rows. Beneficiary rows show only their non-personal fields, whatever they stored.
 */
import { authorize } from '#src/core/access/guard.ts';
import { personOf, scopeFor } from '#src/core/access/policy.ts';
import { diffJson } from '#src/core/audit/diff.ts';
import type { AuditEntryDto, AuditPageDto } from '#src/core/audit/dto.ts';
import { ForbiddenError, ValidationError } from '#src/core/errors.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { auditLabels, distinctAuditActions, searchAuditEntries, type AuditFilter, type AuditSearchRow } from './audit.repository.ts';
import { writeAuditWorkbook } from './audit.xlsx.ts';

/** The fields of a beneficiary's audit row that may be shown (never a name, a birth date, a class or a guardian). */
const BENEFICIARY_FIELDS = new Set(['id', 'schoolId', 'personKind', 'hardship', 'publishable', 'erased', 'supportId', 'valueVnd', 'receivedOn', 'anonymised']);

function shown(entity: string, value: unknown): unknown {
  if (entity !== 'beneficiary') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => BENEFICIARY_FIELDS.has(k)));
}

function scopeOf(ctx: CallContext) {
  authorize(ctx.actor, 'audit.list');
  const scope = scopeFor(ctx.actor, 'audit.read');
  if (!scope) throw new ForbiddenError();
  return { scope, ownUserId: personOf(ctx.actor)?.userId };
}

function checkDates(f: { from?: string | undefined; to?: string | undefined }) {
  if (f.from && f.to && f.from > f.to) throw new ValidationError('to', 'date_range');
}

async function toDtos(db: Db, rows: AuditSearchRow[]): Promise<AuditEntryDto[]> {
  const labels = await auditLabels(db, [...new Set(rows.flatMap((r) => r.school_ids))], [...new Set(rows.flatMap((r) => (r.pair_id ? [r.pair_id] : [])))]);
  return rows.map((r) => {
    const before = shown(r.entity, r.before);
    const after = shown(r.entity, r.after);
    const diff = diffJson(before, after);
    return {
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor_username,
      actorUserId: r.actor_user_id,
      actorName: r.actor_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      schools: r.school_ids.map((id) => ({ id, name: labels.schools.get(id) ?? null })),
      pair: r.pair_id ? { id: r.pair_id, label: labels.pairs.get(r.pair_id) ?? null } : null,
      before,
      after,
      changes: diff.changes,
      changesTruncated: diff.truncated,
    };
  });
}

/** A page of the rows the caller may read, newest first; `nextCursor` asks for the next page. */
export async function listAudit(db: Db, ctx: CallContext, f: AuditFilter, now: Date): Promise<AuditPageDto> {
  const { scope, ownUserId } = scopeOf(ctx);
  checkDates(f);
  const rows = await searchAuditEntries(db, scope, isoDateInHanoi(now), { ...f, ownUserId, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  return { items: await toDtos(db, page), nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null };
}

/** The actions the log holds (the "what" filter's choices). */
export async function listAuditActions(db: Db, ctx: CallContext): Promise<string[]> {
  scopeOf(ctx);
  return distinctAuditActions(db);
}

/** At most this many rows in one workbook (the sheet says when it was cut). */
export const AUDIT_EXPORT_MAX = 20_000;
const EXPORT_PAGE = 1000;

/** The filtered rows the caller may read, as an Excel workbook. */
export async function exportAudit(db: Db, ctx: CallContext, f: Omit<AuditFilter, 'limit' | 'before'>, now: Date): Promise<{ bytes: Buffer; fileName: string }> {
  const { scope, ownUserId } = scopeOf(ctx);
  checkDates(f);
  const today = isoDateInHanoi(now);
  const all: AuditEntryDto[] = [];
  let before: number | undefined;
  let cut = false;
  for (;;) {
    const rows = await searchAuditEntries(db, scope, today, { ...f, ownUserId, before, limit: EXPORT_PAGE });
    all.push(...(await toDtos(db, rows)));
    if (rows.length < EXPORT_PAGE) break;
    if (all.length >= AUDIT_EXPORT_MAX) {
      cut = (await searchAuditEntries(db, scope, today, { ...f, ownUserId, before: rows[rows.length - 1]!.id, limit: 1 })).length > 0;
      break;
    }
    before = rows[rows.length - 1]!.id;
  }
  const bytes = await writeAuditWorkbook(all.slice(0, AUDIT_EXPORT_MAX), { madeAt: now, cut, from: f.from ?? null, to: f.to ?? null });
  return { bytes, fileName: `Nhật ký thay đổi ${today}.xlsx` };
}
