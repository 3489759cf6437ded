import { formatDate, formatDateTime } from '#src/core/vn/format.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/u;

/** A string of the audit log as people read it: an ISO timestamp in Hanoi time (dd/mm/yyyy HH:mm), a date as dd/mm/yyyy. */
function readable(s: string): string {
  if (TIMESTAMP.test(s)) {
    const at = new Date(s);
    return Number.isNaN(at.getTime()) ? s : formatDateTime(at);
  }
  if (DATE.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime())) return formatDate(s);
  return s;
}

/** One value of the before/after diff: ∅ for none, strings readable, objects as JSON with their timestamps readable. */
export function auditText(v: unknown): string {
  if (v === undefined || v === null) return '∅';
  if (typeof v === 'string') return readable(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' ? readable(x) : x));
}

/** The i18n key of an audit action's name as people read it ("pair.approve" → "audit.actions.pair_approve"); unknown actions fall back to their code. */
export function auditActionKey(action: string): string {
  return `audit.actions.${action.replaceAll('.', '_')}`;
}

/** The i18n key of an audited entity's name ("contribution_delivery" → "audit.entities.contribution_delivery"); unknown entities fall back to their code. */
export function auditEntityKey(entity: string): string {
  return `audit.entities.${entity}`;
}

/** A message of the web catalogs, or undefined when there is none (a missing key, or a group of keys). */
export type CatalogLookup = (key: string) => string | undefined;

/**
 * The catalog group that names the values of an audited field, by entity ("pair.state") or for
 * any entity ("role"): only enums the pages already translate. The MoU's rows are the pair's
 * (entity "pair"), so its signing's `state` reads as a pair state too.
 */
const VALUE_GROUPS: Readonly<Record<string, string>> = {
  'pair.state': 'pairState',
  'user.status': 'users.statusValue',
  'school.level': 'schools.level',
  'school.ownership': 'schools.ownership',
  'school.areaType': 'schools.areaType',
  'school.status': 'schools.status',
  'contribution.state': 'support.state',
  role: 'roles',
};

/** A value of the before/after table: a known enum value in words ("active" → "Đã ký, đang thực hiện"), anything else as `auditText` shows it. */
export function auditValueText(entity: string, path: string, value: unknown, lookup: CatalogLookup): string {
  const field = path.split('.').at(-1) ?? '';
  const group = VALUE_GROUPS[`${entity}.${field}`] ?? VALUE_GROUPS[field];
  if (group && typeof value === 'string') return lookup(`${group}.${value}`) ?? auditText(value);
  return auditText(value);
}
