import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import vi from '../locales/vi.json';

export type Locale = 'vi' | 'en';
const STORAGE_KEY = 'ct_lang';

// The cookie first: the server-rendered public pages (docs/decisions/0027) switch the language by it.
function initialLocale(): Locale {
  const cookie = /(?:^|; )ct_lang=(vi|en)/u.exec(document.cookie)?.[1];
  if (cookie === 'en' || cookie === 'vi') return cookie;
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'vi';
}

/** Switch the language of the page and of the server's messages, and remember it. */
export function setLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  document.cookie = `ct_lang=${locale}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

const locale = initialLocale();
document.documentElement.lang = locale;
document.cookie = `ct_lang=${locale}; path=/; max-age=31536000; samesite=lax`;

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: locale,
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  showSupportNotice: false,
} as Parameters<typeof i18n.init>[0]);

export default i18n;
