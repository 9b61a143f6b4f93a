import { en } from './locales/en';
import { tr } from './locales/tr';
import { messages } from './messages';

/** Every key with its placeholders, e.g. "reply.code_means {{code}} {{title}}". */
function keysWithPlaceholders(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [
          `${prefix}${key} ${[...value.matchAll(/\{\{(\w+)\}\}/g)]
            .map((m) => m[1])
            .sort()
            .join(' ')}`,
        ]
      : keysWithPlaceholders(value as object, `${prefix}${key}.`),
  );
}

describe('message catalogue', () => {
  it('has the same keys and placeholders in Turkish and English', () => {
    expect(keysWithPlaceholders(tr).sort()).toEqual(keysWithPlaceholders(en).sort());
  });

  it('fills in codes, names and numbers, unescaped, in each language', () => {
    expect(messages('en')('reply.code_means', { code: 'E18', title: 'Drain fault' })).toBe('E18 means: Drain fault.');
    expect(messages('tr')('reply.code_means', { code: 'E18', title: 'Tahliye arızası' })).toBe(
      'E18 kodunun anlamı: Tahliye arızası.',
    );
    expect(messages('tr')('reply.cause', { title: 'Pompa <filtre>', percent: 80 })).toBe('Pompa <filtre> (%80)');
    expect(messages('tr')('safety.gas')).toContain('187');
  });
});
