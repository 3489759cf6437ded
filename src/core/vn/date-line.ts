/**
 * Dates and numbers as Vietnamese administrative documents write them
 * (Decree 30/2020/NĐ-CP, Appendix I).
 *
 * Pure: no clock, no locale of the machine. Times are shown in Vietnam's time
 * (UTC+7 all year round, no daylight saving).
 */

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const VIETNAM_OFFSET_MINUTES = 7 * 60;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Throws a RangeError unless the date exists in the Gregorian calendar (years 1000–9999). */
export function assertCalendarDate(date: CalendarDate): void {
  const { year, month, day } = date;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Invalid year: ${String(year)}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month: ${String(month)}`);
  }
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid day: ${String(day)} for ${year}-${month}`);
  }
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * "ngày 13 tháng 3 năm 2023", "ngày 05 tháng 02 năm 2024": Decree 30 puts a leading
 * zero before days below 10 and before months 1 and 2 (so that "tháng 1" and
 * "tháng 2" cannot be turned into "tháng 11" / "tháng 12" by adding a digit).
 */
export function formatVietnameseDate(date: CalendarDate): string {
  assertCalendarDate(date);
  const day = date.day < 10 ? two(date.day) : String(date.day);
  const month = date.month <= 2 ? two(date.month) : String(date.month);
  return `ngày ${day} tháng ${month} năm ${date.year}`;
}

/** The place-and-date line: "Mê Linh, ngày 13 tháng 3 năm 2023". */
export function formatPlaceDateLine(place: string, date: CalendarDate): string {
  const p = place.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (p === '') throw new RangeError('The place of a document is required');
  return `${p}, ${formatVietnameseDate(date)}`;
}

/**
 * The number line: "Số: 01/GN-THCP" (at least two digits). A document not yet
 * numbered (a draft) gets the blank that clerks fill by hand: "Số:     /GN-THCP".
 */
export function formatDocumentNumber(seq: number | null, symbol: string): string {
  const s = symbol.normalize('NFC').trim();
  if (s === '') throw new RangeError('The symbol of a document number is required');
  if (seq === null) return `Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/${s}`;
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`Invalid document number: ${String(seq)}`);
  return `Số: ${two(seq)}/${s}`;
}

/** dd/mm/yyyy, as everywhere in the interface: "13/03/2023". */
export function formatDateDmy(date: CalendarDate): string {
  assertCalendarDate(date);
  return `${two(date.day)}/${two(date.month)}/${date.year}`;
}

/**
 * An instant (ISO 8601 string with an offset, or a Date) as Vietnam's wall-clock time:
 * "13/03/2023 09:30".
 */
export function formatVietnamDateTime(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${String(instant)}`);
  const local = new Date(ms + VIETNAM_OFFSET_MINUTES * 60_000);
  return (
    `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`
  );
}
