import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';

const LANGUAGE_KEY = 'luoshi.language';

export function initI18n(): typeof i18next {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  void i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: saved === 'en' ? 'en' : 'zh',
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language === 'en' ? 'en' : 'zh-CN';
  return i18next;
}

export function toggleLanguage(): void {
  const next = i18next.language === 'en' ? 'zh' : 'en';
  localStorage.setItem(LANGUAGE_KEY, next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  void i18next.changeLanguage(next);
}

/** The API's message in the reader's language (errors carry both). */
export function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'messageZh' in error) {
    const e = error as { message: string; messageZh: string };
    return i18next.language === 'en' ? e.message : e.messageZh;
  }
  return error instanceof Error ? error.message : String(error);
}
