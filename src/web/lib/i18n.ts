import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import vi from '../locales/vi.json';

export type Locale = 'vi' | 'en';
const STORAGE_KEY = 'ct_lang';

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'vi') return stored;
  const cookie = /(?:^|; )ct_lang=(vi|en)/u.exec(document.cookie)?.[1];
  return cookie === 'en' ? 'en' : 'vi';
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
