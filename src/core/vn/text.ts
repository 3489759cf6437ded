/**
 * Vietnamese text rules shared by every end: clean storage form, search keys
 * that ignore diacritics and case, and Vietnamese sort order.
 */

/** Storage form: NFC, trimmed, inner runs of whitespace collapsed to one space. */
export function cleanText(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Search key: lower case, no diacritics, `đ` → `d`, only letters and digits
 * separated by single spaces. "Ái Mộ B" → "ai mo b".
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded key without spaces, so that "aimob" finds "Ái Mộ B". */
export function compactSearchKey(value: string): string {
  return foldForSearch(value).replace(/ /gu, '');
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese sort order: "Ái" with "A", "Đ" after "D", numbers by value. */
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}
