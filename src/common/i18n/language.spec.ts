import { detectLanguage, localeFromAcceptLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    ['Fırının yanında gaz kokusu var', 'tr'],
    ['Çamaşır makinesi sıkmıyor', 'tr'],
    ['bulasik makinesi calismiyor', 'tr'],
    ['Buzdolabı soğutmuyor ve ses yapıyor', 'tr'],
    ['There is a gas smell near the oven', 'en'],
    ['The washer will not drain after the rinse', 'en'],
    ['Fridge not cooling at all', 'en'],
    // Short texts tinyld alone reads as Turkish or cannot place (found by bench:diagnosis's reply-language check).
    ['Haier washer ERR2 displayed', 'en'],
    ['Samsung fridge 21E, freezer not freezing', 'en'],
    ['Washer stopped mid cycle', 'en'],
    ['LG dryer flashes d80', 'en'],
    ['Makine on dakika sonra duruyor', 'tr'],
    ['Bosch washer E18 hatası veriyor', 'tr'],
  ])('reads %p as %s', (text, language) => {
    expect(detectLanguage(text, language === 'tr' ? 'en' : 'tr')).toBe(language);
  });

  it('leaves short or code-only texts to the fallback (the user’s locale)', () => {
    expect(detectLanguage('E18', 'tr')).toBe('tr');
    expect(detectLanguage('E18', 'en')).toBe('en');
    expect(detectLanguage('ok', 'tr')).toBe('tr');
    expect(detectLanguage('', 'en')).toBe('en');
  });
});

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['tr-TR,tr;q=0.9,en-US;q=0.8,en;q=0.7', 'tr'],
    ['en-GB,en;q=0.9,tr;q=0.8', 'en'],
    ['de-DE,de;q=0.9,tr;q=0.5', 'tr'],
    ['de-DE,fr;q=0.9', 'en'],
    ['TR', 'tr'],
    ['en;q=0.3, tr;q=0.6', 'tr'],
    ['tr;q=0, en', 'en'],
    ['', 'en'],
  ])('%p → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
  it('without the header: English', () => {
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
  });
});
