/**
 * A text cell a spreadsheet will never run: a value starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return is taken by Excel and LibreOffice for a formula (formula
 * injection, OWASP), so it is written after an apostrophe. Numbers and dates are left alone.
 */
export function safeCell<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}
