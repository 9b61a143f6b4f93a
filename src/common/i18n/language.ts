import { detect } from 'tinyld';

/** The languages replies are written in; every other language gets English. */
export const LANGUAGES = ['en', 'tr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Texts with fewer letters than this are too short to tell (a code, "ok", "E18"): the fallback decides. */
const MIN_LETTERS = 6;

/** Letters only Turkish of the two languages has: their presence is decisive evidence for Turkish. */
const TURKISH_LETTERS = /[çğışöüİÇĞŞÖÜ]/u;

/**
 * Words an English appliance complaint carries and a Turkish one typed without Turkish letters does not
 * (short Turkish words such as "on" (ten), "a" and "no" are left out on purpose).
 */
const ENGLISH_MARKERS =
  /\b(?:the|is|are|my|not|and|it|of|with|won't|doesn't|isn't|don't|can't|washer|washing|fridge|freezer|dryer|dishwasher|oven|display|displayed|shows|stopped|flashes|flashing)\b/iu;

/**
 * The language of a customer's message, Turkish or English. tinyld restricted to those two decides (measured
 * against eld and franc-min on short appliance texts: `npm run bench:language`), except where a short text
 * gives it too little to go on: a text with a Turkish-only letter that tinyld reads as Turkish is Turkish, and a
 * text without one that carries English function or appliance words ("Haier washer ERR2 displayed") is English.
 * A text too short to tell, or one tinyld cannot place, reads as `fallback` (the user's locale).
 */
export function detectLanguage(text: string, fallback: Language): Language {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) {
    return fallback;
  }
  const head = text.slice(0, 2000);
  const found = detect(head, { only: [...LANGUAGES] });
  const turkishLetters = TURKISH_LETTERS.test(head);
  if (found === 'tr' && turkishLetters) {
    return 'tr';
  }
  if (!turkishLetters && ENGLISH_MARKERS.test(head)) {
    return 'en';
  }
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
