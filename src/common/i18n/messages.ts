import i18next, { TFunction } from 'i18next';
import { Language } from './language';
import { en } from './locales/en';
import { tr } from './locales/tr';

/**
 * The reply catalogue (i18next): one instance, both languages loaded synchronously at import, no
 * escaping (replies are plain text, not HTML). `message('tr')('reply.code_means', { code, title })`.
 */
const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: en }, tr: { translation: tr } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  // No console line at start-up: every line the server prints goes through its logger.
  showSupportNotice: false,
});

export type Translate = TFunction;

/** The catalogue's translate function for a language. */
export function messages(language: Language): Translate {
  return instance.getFixedT(language);
}
