import { detect } from 'tinyld';

/** The languages replies are written in; every other language gets English. */
export const LANGUAGES = ['en', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Texts with fewer letters than this are too short to tell (a code, "ok", "E18"): the fallback decides. */
const MIN_LETTERS = 6;

/**
 * The language of a customer's message, Turkish or English, by tinyld restricted to those two (measured
 * against eld and franc-min on short appliance texts: `npm run bench:language`). A text too short to tell,
 * mixed, or in neither language reads as `fallback` (the user's locale).
 */
export function detectLanguage(text: string, fallback: Language): Language {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) {
    return fallback;
  }
  const found = detect(text.slice(0, 2000), { only: [...LANGUAGES] });
  return isLanguage(found) ? found : fallback;
}

/**
 * The locale a registration's Accept-Language asks for among ours: the preferred of "tr" and "en" by
 * q-value (a region such as tr-TR counts as tr); neither named: English.
 */
export function localeFromAcceptLanguage(header: string | undefined): Language {
  let best: { language: Language; q: number } | undefined;
  for (const part of (header ?? '').split(',').slice(0, 20)) {
    const [range, ...params] = part.trim().split(';');
    const language = range.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (isLanguage(language) && Number.isFinite(q) && q > 0 && (best === undefined || q > best.q)) {
      best = { language, q };
    }
  }
  return best?.language ?? 'en';
}

/** Turkish lower case (İ→i, I→ı): what JavaScript's default and PostgreSQL's lower() outside tr get wrong. */
export function turkishLower(text: string): string {
  return text.toLocaleLowerCase('tr');
}
