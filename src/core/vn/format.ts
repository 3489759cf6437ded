/** Display formats for Vietnamese users: dd/mm/yyyy and `1.500.000 ₫`. */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO date (`2023-03-13`) or Date → `13/03/2023`. Dates are calendar days, no time zone shift. */
export function formatDate(value: string | Date): string {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/u.exec(value);
    if (!m) throw new Error(`not an ISO date: ${value}`);
    return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return `${pad2(value.getUTCDate())}/${pad2(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
}

/**
 * Formatters by time zone, made once: making an `Intl.DateTimeFormat` costs far more than using
 * one (it was a tenth of a list request's CPU time, docs/performance.md).
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateTimeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    dateTimeFormats.set(timeZone, f);
  }
  return f;
}

/** A timestamp shown in Hanoi time: `13/03/2023 09:05`. */
export function formatDateTime(value: Date, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const parts = dateTimeFormat(timeZone).formatToParts(value);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

const vndFormat = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });

/** 1500000 → `1.500.000 ₫` (with the non-breaking space Intl uses before ₫). */
export function formatVnd(amount: number): string {
  return vndFormat.format(amount);
}

const countFormat = new Intl.NumberFormat('vi-VN');

/** 45000 → `45.000`. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

const hanoiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** Hanoi has kept UTC+7, without summer time, since 13/06/1975: from 1976 on the day is plain arithmetic. */
const FIXED_OFFSET_SINCE = Date.UTC(1976, 0, 1);
const HANOI_OFFSET_MS = 7 * 3_600_000;

/** The calendar day in Hanoi at an instant, as `2026-11-23`. */
export function isoDateInHanoi(at: Date): string {
  const t = at.getTime();
  // Several calls per request: `Intl.DateTimeFormat#format` cost ~20 µs each, this ~1 µs.
  if (t >= FIXED_OFFSET_SINCE && t < 253_402_300_800_000) return new Date(t + HANOI_OFFSET_MS).toISOString().slice(0, 10);
  return hanoiDay.format(at);
}
