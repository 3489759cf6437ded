import { describe, expect, it } from 'vitest';
import { findTextProblem, isCalendarDate, isoDateText, multiLineText, singleLineText, textProblem } from './text-schema.ts';

describe('text fields', () => {
  it('refuse NUL and other control characters, and bidirectional overrides, everywhere', () => {
    for (const bad of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f']) {
      expect(textProblem(bad, true)).toBe('control_chars');
    }
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(textProblem(`Trường ${c}X`, true)).toBe('bidi_chars');
    }
    expect(textProblem('Trường Tiểu học Ái Mộ B', false)).toBeNull();
  });

  it('allow tab and line breaks only in fields with lines', () => {
    expect(singleLineText().safeParse('Số 1\nphố Huế').success).toBe(false);
    expect(singleLineText().safeParse('Số 1\tphố Huế').success).toBe(false);
    expect(multiLineText().parse('Dòng một\r\nDòng hai\tcó tab')).toBe('Dòng một\r\nDòng hai\tcó tab');
    // A line break pasted at the end of a one-line field is trimmed, not refused.
    expect(singleLineText().parse('4340/KH-SGDĐT\n')).toBe('4340/KH-SGDĐT');
  });

  it('find the first bad string in a parsed body or query, with its path', () => {
    expect(findTextProblem({ a: 'ok', list: [{ name: 'x' }, { name: 'y\u0000' }] })).toEqual({ path: 'list.1.name', problem: 'control_chars' });
    expect(findTextProblem({ note: 'line\nbreak\tok' })).toBeNull();
    expect(findTextProblem('q\u202e')).toEqual({ path: '', problem: 'bidi_chars' });
    expect(findTextProblem({ 'k\u0000': 1 })?.problem).toBe('control_chars');
    expect(findTextProblem(Buffer.from([0]))).toBeNull();
  });

  it('refuses C1 control characters everywhere and the Unicode line and paragraph separators in one-line fields', () => {
    expect(textProblem('TH\u0085MQ', true)).toBe('control_chars');
    expect(textProblem('TH\u009B31m', true)).toBe('control_chars');
    expect(textProblem('TH\u2028MQ', false)).toBe('line_break');
    expect(textProblem('TH\u2029MQ', false)).toBe('line_break');
    expect(textProblem('Dòng\u2028hai', true)).toBeNull();
    expect(textProblem('Trường Tiểu học Ái Mộ B – Đống Đa', false)).toBeNull();
  });

  it("checks a parsed query too: Fastify's parser makes objects whose prototype is an empty object without one", () => {
    // What fast-querystring returns for `?level=%00`: `new Empty()` with `Empty.prototype = Object.create(null)`.
    function Empty() {}
    Empty.prototype = Object.create(null) as object;
    const query = new (Empty as unknown as new () => Record<string, unknown>)();
    query.level = '\u0000';
    expect(findTextProblem(query)).toEqual({ path: 'level', problem: 'control_chars' });
    expect(findTextProblem(new Date(0))).toBeNull();
  });

  it('names a body nested deeper than any form is (200,000 brackets overflowed the stack: 500)', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`) as unknown;
    expect(findTextProblem(deep)).toEqual({ path: 'a', problem: 'too_deep' });
    const fine = JSON.parse(`{"a":${'['.repeat(20)}"x"${']'.repeat(20)}}`) as unknown;
    expect(findTextProblem(fine)).toBeNull();
  });
});

describe('calendar dates', () => {
  it('accept days of the calendar only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-12-31')).toBe(true);
    for (const bad of ['2023-02-29', '2023-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-1-1', '20240101', '0000-01-01']) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
    expect(isoDateText().safeParse('2023-02-30').success).toBe(false);
  });
});
