import { createHash } from 'node:crypto';
import type { MouContent } from './types.ts';

/** JSON with keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The SHA-256 a signature records: of the exact version's text, not of a rendering. */
export function hashMouContent(content: MouContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
