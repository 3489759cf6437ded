/**
 * What an audit row changed, readable: the leaves of `before` and `after` (JSON values) that
 * differ, each with its dotted path ("members.1.name"). A value present on one side only is
 * "added" or "removed". Pure; the viewer shows the list, the export writes it as lines.
 */
import type { AuditChange } from './dto.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** At most this many changes per row (a long list is cut; `truncated` says so). */
export const MAX_CHANGES = 200;

export function diffJson(before: unknown, after: unknown): { changes: AuditChange[]; truncated: boolean } {
  const changes: AuditChange[] = [];
  let truncated = false;
  const walk = (a: unknown, b: unknown, path: string[], depth: number): void => {
    if (changes.length >= MAX_CHANGES) {
      truncated = true;
      return;
    }
    // A creation (nothing before) or a deletion lists the fields of the side that exists.
    if (depth === 0 && (a === null || a === undefined) && isObject(b)) a = {};
    if (depth === 0 && (b === null || b === undefined) && isObject(a)) b = {};
    const both = (isObject(a) && isObject(b)) || (Array.isArray(a) && Array.isArray(b));
    if (both && depth < 12) {
      const keys = Array.isArray(a)
        ? Array.from({ length: Math.max(a.length, (b as unknown[]).length) }, (_, i) => String(i))
        : [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
      for (const k of keys) {
        const av = (a as Record<string, unknown>)[k];
        const bv = (b as Record<string, unknown>)[k];
        if (av === undefined && bv === undefined) continue;
        walk(av, bv, [...path, k], depth + 1);
      }
      return;
    }
    if (a === undefined || a === null) {
      if (b === undefined || b === null) return;
      changes.push({ path: path.join('.'), kind: 'added', after: b });
      return;
    }
    if (b === undefined || b === null) {
      changes.push({ path: path.join('.'), kind: 'removed', before: a });
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ path: path.join('.'), kind: 'changed', before: a, after: b });
  };
  walk(before ?? null, after ?? null, [], 0);
  return { changes, truncated };
}

/** A value as one short line: strings as they are, the rest as JSON, cut at `max` characters. */
export function valueText(v: unknown, max = 300): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * One line per change: "path: before → after", with "∅" for a side that has no value; `label`
 * names the path (the export passes `auditFieldLabel` of field-labels.ts, as the page shows it).
 */
export function changeLines(changes: readonly AuditChange[], label: (path: string) => string = (path) => path || '·'): string[] {
  return changes.map((c) => `${label(c.path)}: ${c.kind === 'added' ? '∅' : valueText(c.before)} → ${c.kind === 'removed' ? '∅' : valueText(c.after)}`);
}
