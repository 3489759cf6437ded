import { createInstance, type TFunction } from 'i18next';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };

export type Locale = 'vi' | 'en';
export const LOCALES: readonly Locale[] = ['vi', 'en'];

const i18n = createInstance();
await i18n.init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
} as Parameters<typeof i18n.init>[0]);

const fixed: Record<Locale, TFunction> = { vi: i18n.getFixedT('vi'), en: i18n.getFixedT('en') };

/** A message from the server catalogs in the caller's language. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  return fixed[locale](key, params) as string;
}

/** The caller's language: the `ct_lang` cookie the page sets, then Accept-Language, then Vietnamese. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === 'en' || cookie === 'vi') return cookie;
  if (acceptLanguage && /^\s*en\b/iu.test(acceptLanguage)) return 'en';
  return 'vi';
}
