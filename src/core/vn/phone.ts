/**
 * A phone number as people write it in Viet Nam: digits with spaces, dots, dashes,
 * brackets and a leading +84 allowed ("024 3977 9824", "0912.345.678", "+84 912 345 678").
 * One rule for every form and import, so "xyz" is refused everywhere alike.
 */
const PHONE_CHARS = /^\+?[0-9 ().-]+$/u;

export function isPhoneNumber(value: string): boolean {
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/\D/gu, '').length;
  return digits >= 8 && digits <= 15 && value.length <= 20;
}
