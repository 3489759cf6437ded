/**
 * A news post's address from its Vietnamese title: no diacritics, `đ` → `d`, lower case,
 * words joined by hyphens, at most 100 characters cut at a word. "Hội nghị Gặp mặt và kí kết"
 * → "hoi-nghi-gap-mat-va-ki-ket". Pure.
 */
import { foldForSearch } from '#src/core/vn/text.ts';

export const SLUG_MAX = 100;

export function slugOf(title: string): string {
  const words = foldForSearch(title)
    .replace(/[^a-z0-9 ]/gu, ' ')
    .split(' ')
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > SLUG_MAX) break;
    out = next;
  }
  // A title of symbols only (or one word longer than the limit) still gets an address.
  return out || words[0]?.slice(0, SLUG_MAX) || 'bai-viet';
}

/** The first free slug: `base`, then `base-2`, `base-3` … (`taken` says whether one is used). */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/u, '')}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

export const isSlug = (s: string): boolean => /^[a-z0-9]+(-[a-z0-9]+)*$/u.test(s) && s.length <= 120;
