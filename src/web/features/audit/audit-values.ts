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
