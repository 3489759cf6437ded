/**
 * What a text field may contain, once for every end (server routes, page forms, CLI):
 *
 * - never C0 control characters (NUL, bell, escape …), DEL or C1 controls (U+0080–U+009F, such as
 *   NEL and CSI): invisible, and NUL cannot even be stored by PostgreSQL;
 * - never bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069), which
 *   make a text display differently from what it says ("Trojan source");
 * - tab and line breaks (U+2028 and U+2029 too) only in fields that have lines (`multiLineText`), not in one-line fields
 *   (`singleLineText`: names, numbers, titles …).
 *
 * The server also checks every string of every query, body and path (`findTextProblem`) before
 * validation, so a route that forgets a helper still refuses NUL, controls and overrides with the
 * field's name; the helpers add the one-line rule and the calendar date.
 */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE = /[\t\n\r\u2028\u2029]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;

/** The message key (`validation.<key>`) of what is wrong with a text, or null. */
export type TextProblem = 'control_chars' | 'bidi_chars' | 'line_break' | 'too_deep';

/** No form nests deeper than this; a body that does is refused before it is walked (or validated). */
const MAX_DEPTH = 32;

export function textProblem(value: string, allowLines: boolean): TextProblem | null {
  if (CONTROL.test(value)) return 'control_chars';
  if (BIDI.test(value)) return 'bidi_chars';
  if (!allowLines && LINE.test(value)) return 'line_break';
  return null;
}

/**
 * A record of fields: a JSON object, or a parsed query — Fastify's query parser makes objects
 * whose prototype is an empty object without a prototype (`new Empty()`), neither
 * `Object.prototype` nor null, and a query went unchecked while only those two were taken.
 */
const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/**
 * The first string (or key) in a parsed query or JSON body that no field accepts (a control
 * character other than tab/line breaks, or a bidirectional override), with its dotted path;
 * or a nesting deeper than any form (`too_deep`, with the top field).
 */
export function findTextProblem(value: unknown, path: string[] = []): { path: string; problem: TextProblem } | null {
  // A body nested thousands deep overflowed the stack here (500): refused, naming its top field.
  if (path.length > MAX_DEPTH) return { path: path[0] ?? '', problem: 'too_deep' };
  if (typeof value === 'string') {
    const problem = textProblem(value, true);
    return problem ? { path: path.join('.'), problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTextProblem(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const keyProblem = textProblem(key, false);
      if (keyProblem) return { path: [...path, key.replace(/[^\p{L}\p{N}_-]/gu, '?')].join('.'), problem: keyProblem };
      const found = findTextProblem(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const refuse = (allowLines: boolean) => (value: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(value, allowLines);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { key: problem } });
};

/** A one-line text (trimmed): no controls, overrides, tabs or line breaks. Chain `.min()`, `.max()`. */
export const singleLineText = () => z.string().trim().superRefine(refuse(false));

/** A text with lines (trimmed at both ends): tab and line breaks allowed, other controls and overrides not. */
export const multiLineText = () => z.string().trim().superRefine(refuse(true));

/** Whether `yyyy-mm-dd` names a day of the calendar (2024-02-29 does, 2023-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** A calendar day, `2025-07-01`; an impossible one (`2023-02-30`) is refused with `validation.<key>`. */
export const isoDateText = (key = 'iso_date') => z.string().refine(isCalendarDate, { params: { key } });
