/**
 * How much of a customer's message knowledge retrieval reads (codes, brand, appliance kind, full-text
 * search): the first 4,000 characters, about 700 words. The safety triage still reads the whole message.
 * Bounds the work a long message can cost per request (README, "Limits").
 */
export const RETRIEVAL_TEXT_CHARS = 4000;

/** The first `max` UTF-16 units of `text`, never ending inside a surrogate pair. */
export function leadingText(text: string, max = RETRIEVAL_TEXT_CHARS): string {
  if (text.length <= max) {
    return text;
  }
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
