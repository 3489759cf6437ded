/**
 * The hash a versioned document's approval or signature records: SHA-256 of the version's
 * text in canonical JSON (keys sorted at every level), so equal content always gives the
 * same hash whatever the order its fields were written in. Shared by the MoU and the plan.
 */
import { createHash } from 'node:crypto';

/** JSON with keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of a value in canonical JSON. */
export const sha256Canonical = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex');
