// @ts-check
/* global console */
/**
 * npm run bench:language: which language detector tells Turkish from English on the short texts customers
 * write (appliance problems, 1–12 words; written by us, typed with and without Turkish letters). Prints each
 * library's accuracy, restricted to tr/en where it can be, and its misses. tinyld (restricted) is what the
 * product uses (src/common/i18n/language.ts): eld is as accurate here but ESM-only (the test runner and the
 * CommonJS build cannot load it), franc-min misses most short Turkish texts.
 */
import { eld } from 'eld/medium';
import { franc } from 'franc-min';
import { detect } from 'tinyld';
import { createRequire } from 'node:module';

// The product's detector, from the build (`npm run bench:language` builds first).
const { detectLanguage } = createRequire(import.meta.url)('../dist/src/common/i18n/language.js');

const TURKISH = [
  'Fırının yanında gaz kokusu var',
  'Makine su almıyor',
  'E18 hatası veriyor',
  'Çamaşır makinesi sıkmıyor',
  'Buzdolabı soğutmuyor',
  'Motor arızası',
  'Fotoğraf gönderildi',
  'kapı açılmıyor',
  'su akıtıyor',
  'ses yapıyor',
  'bulasik makinesi calismiyor',
  'Prizden kıvılcım çıktı',
  'F05 yanıp sönüyor',
  'Arçelik fırın ısınmıyor',
  'Merhaba',
  'Kurutma makinesi çok ses çıkarıyor',
  'Bulaşıkları yıkamıyor, kirli kalıyor',
  'buzdolabinin alti su doldu',
  'Ekranda F2 yazıyor ne yapmalıyım',
  'Klima su damlatıyor',
  'Fırın kapağı kapanmıyor',
  'Makine çalışırken çok titriyor',
  'Dondurucu buz yapıyor',
  'teknisyen ne zaman gelir',
  'Pompa arızası olabilir mi',
  'Su tahliye etmiyor',
  'Ocak yanmıyor',
  'Kombi su ısıtmıyor',
  'Sıcak su gelmiyor',
  'makine kapagi kilitli kaldi',
];
const ENGLISH = [
  'There is a gas smell near the oven',
  'The washer will not drain',
  'It shows E18',
  'Spin does not work',
  'Fridge not cooling',
  'Motor failure',
  'Photo sent',
  'door will not open',
  'leaking water',
  'makes a noise',
  'dishwasher not working',
  'Sparks from the socket',
  'F05 blinking',
  'Beko oven not heating',
  'Hello',
  'The dryer is very loud',
  'Dishes come out dirty',
  'water under the fridge',
  'Display says F2 what should I do',
  'The air conditioner drips water',
  'Oven door does not close',
  'The machine shakes a lot while spinning',
  'Freezer is icing up',
  'when will the technician come',
  'Could it be the pump',
  'It will not empty',
  'The hob will not light',
  'Boiler not heating water',
  'No hot water',
  'washer door stuck locked',
];

const detectors = {
  // The product: tinyld plus the Turkish-letter and English-marker rules, with the other language as the
  // user's locale, so that only the text can make it right.
  'detectLanguage, locale = the other language (product)': (t, expected) =>
    detectLanguage(t, expected === 'tr' ? 'en' : 'tr'),
  'tinyld (tr/en)': (t) => detect(t, { only: ['tr', 'en'] }),
  tinyld: (t) => detect(t),
  'eld (tr/en scores)': (t) => {
    const scores = eld.detect(t).getScores();
    const tr = scores.tr ?? 0;
    const en = scores.en ?? 0;
    return tr === 0 && en === 0 ? '' : tr >= en ? 'tr' : 'en';
  },
  eld: (t) => eld.detect(t).language,
  'franc-min (tur/eng)': (t) => ({ tur: 'tr', eng: 'en' })[franc(t, { only: ['tur', 'eng'], minLength: 1 })] ?? '',
};

console.log(`bench:language: ${TURKISH.length} Turkish and ${ENGLISH.length} English short texts (written by us)\n`);
console.log('| detector | Turkish right | English right | undecided | misses |');
console.log('|---|---|---|---|---|');
for (const [name, run] of Object.entries(detectors)) {
  const results = [
    ...TURKISH.map((text) => ({ text, expected: 'tr', got: run(text, 'tr') })),
    ...ENGLISH.map((text) => ({ text, expected: 'en', got: run(text, 'en') })),
  ];
  const right = (language) => results.filter((r) => r.expected === language && r.got === language).length;
  const undecided = results.filter((r) => r.got === '' || r.got === 'und').length;
  const misses = results
    .filter((r) => r.got !== r.expected && r.got !== '' && r.got !== 'und')
    .map((r) => `"${r.text}" → ${r.got}`);
  console.log(
    `| ${name} | ${right('tr')}/${TURKISH.length} | ${right('en')}/${ENGLISH.length} | ${undecided} | ${misses.join('; ') || 'none'} |`,
  );
}
console.log('\nUndecided texts fall back to the user’s locale in the product.');
