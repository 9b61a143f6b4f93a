/**
 * Safety triage by situation, in English and Turkish: a hazard is recognised from its parts within one
 * sentence (gas + a smell or a leak; water + anything electrical), whatever the words between them, and a
 * negated part ("gaz kokusu yok", "no smell of gas") does not count. Linear in the text: one pass splits it
 * into sentences and words, and each word is compared with a fixed, small set of forms and stems.
 */

import { Language } from '../../common/i18n/language';
import { messages } from '../../common/i18n/messages';

export const HAZARDS = [
  'gas',
  'carbon_monoxide',
  'smoke_or_fire',
  'burning',
  'sparks',
  'water_near_electrics',
] as const;
export type Hazard = (typeof HAZARDS)[number];

/**
 * Text folded for matching: Turkish dotted and dotless I's all become "i" (so "İ", "I", "ı" and "i" match
 * alike, whatever locale wrote them: JavaScript's default toLowerCase turns "I" into "i" and "İ" into
 * "i̇", and neither is right for Turkish), then lower case, then accents and cedillas dropped ("ş" → "s",
 * "ğ" → "g", "ö" → "o"), so text typed without a Turkish keyboard matches too.
 */
export function foldForMatching(text: string): string {
  return text.replace(/[İIı]/g, 'i').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/** A word list: exact forms, and stems a word may continue (Turkish suffixes: priz, prize, prizin). */
interface Terms {
  exact?: string[];
  stems?: string[];
}

/** Turkish consonant softening before a vowel suffix: yanık → yanığı, dolap → dolabı, kanat → kanadı. */
const SOFTENED: Record<string, string> = { k: 'g', p: 'b', t: 'd' };

function matcher(terms: Terms): (word: string) => boolean {
  const exact = new Set(terms.exact ?? []);
  const stems = (terms.stems ?? []).flatMap((stem) => {
    const soft = SOFTENED[stem[stem.length - 1]];
    return soft === undefined ? [stem] : [stem, stem.slice(0, -1) + soft];
  });
  return (word) => exact.has(word) || stems.some((stem) => word.startsWith(stem));
}

/** Words a concept is made of; `phrases` are runs of words (each matched like a term). */
interface Concept {
  words?: Terms;
  phrases?: Terms[][];
}

interface CompiledConcept {
  word: (word: string) => boolean;
  phrases: ((word: string) => boolean)[][];
}

function compile(concept: Concept): CompiledConcept {
  return {
    word: matcher(concept.words ?? {}),
    phrases: (concept.phrases ?? []).map((phrase) => phrase.map(matcher)),
  };
}

// Words are folded (foldForMatching): no Turkish letters, no capitals, in what follows.
const C = {
  gas: compile({
    words: {
      exact: ['gas', 'gaz', 'gazi', 'gazin', 'lpg', 'propane', 'propan', 'butane', 'butan'],
      stems: ['dogalgaz'],
    },
  }),
  smell: compile({
    words: {
      stems: ['smell', 'odor', 'odour', 'stink', 'whiff', 'kok'],
    },
  }),
  gasLeak: compile({
    words: {
      stems: ['leak', 'hiss', 'kacak', 'kacag', 'sizinti', 'siziyor', 'sizdir', 'sizmis', 'sizdi', 'kaciyor', 'kacti'],
    },
  }),
  rottenEgg: compile({
    phrases: [
      [{ exact: ['rotten'] }, { stems: ['egg'] }],
      [{ exact: ['curuk'] }, { stems: ['yumurta'] }],
    ],
  }),
  carbonMonoxide: compile({
    words: { stems: ['karbonmonoksit', 'monoxide', 'monoksit'] },
    phrases: [
      [{ exact: ['co', 'co2'] }, { stems: ['alarm', 'detector', 'dedektor', 'sensor'] }],
      [{ exact: ['karbon'] }, { stems: ['monoksit'] }],
    ],
  }),
  smoke: compile({ words: { stems: ['smok', 'duman'] } }),
  fire: compile({
    words: { exact: ['fire', 'fires', 'ablaze'], stems: ['yangin'] },
    phrases: [
      [{ exact: ['on'] }, { exact: ['fire'] }],
      [
        { stems: ['alev'] },
        { stems: ['aldi', 'almis', 'aliyor', 'cikti', 'cikiyor', 'cikardi', 'sacti', 'saciyor', 'puskur'] },
      ],
      [{ stems: ['ates'] }, { stems: ['aldi', 'almis', 'aliyor'] }],
    ],
  }),
  /** A flame is a fire, except the one a gas hob is meant to have ("the hob flame is yellow"). */
  flame: compile({ words: { exact: ['flame', 'flames'] } }),
  hobFlame: compile({ words: { stems: ['hob', 'burner', 'pilot', 'cooktop', 'stove', 'ocak', 'ocag', 'brulor'] } }),
  burning: compile({
    words: {
      exact: ['burning', 'burnt', 'burned', 'melted', 'melting', 'melts', 'erimis', 'eridi', 'eriyor'],
      stems: ['scorch', 'yanik', 'yanma', 'kavrul', 'kavruk'],
    },
  }),
  /** Turkish "yanıyor/yandı" is also what a lamp does: burning only next to a smell, smoke, or a part. */
  burningWeak: compile({ words: { exact: ['yaniyor', 'yandi', 'yanmis', 'yaniyordu'] } }),
  burningCompanion: compile({ words: { stems: ['kok', 'duman', 'kablo', 'fis', 'priz', 'motor', 'kart', 'sigorta'] } }),
  lampWords: compile({
    words: { stems: ['isik', 'lamba', 'led', 'gosterge', 'ikaz', 'uyari', 'ekran', 'light', 'lamp', 'display'] },
    phrases: [[{ exact: ['yanip'] }, { stems: ['son'] }]],
  }),
  sparks: compile({
    words: {
      exact: [
        'arc',
        'arcs',
        'arcing',
        'tingle',
        'tingles',
        'tingling',
        'tingly',
        'shock',
        'shocks',
        'shocked',
        'electrocuted',
      ],
      stems: ['spark', 'kivilcim'],
    },
    phrases: [
      [{ stems: ['elektrik', 'akim'] }, { stems: ['carp', 'vur'] }],
      [{ exact: ['ark'] }, { stems: ['yap'] }],
      [{ stems: ['kacak'] }, { stems: ['akim'] }],
      [{ stems: ['akim'] }, { exact: ['var', 'veriyor', 'geliyor'] }],
      [{ stems: ['carpt', 'carpiyor'] }, { exact: ['beni', 'bizi', 'elimi', 'eli'] }],
    ],
  }),
  shockAbsorber: compile({ phrases: [[{ stems: ['shock'] }, { stems: ['absorb'] }]] }),
  igniter: compile({ words: { stems: ['ignit', 'electrode', 'atesleyici', 'buji', 'cakmak'] } }),
  igniterDanger: compile({
    words: { stems: ['shock', 'socket', 'plug', 'wall', 'cable', 'smok', 'priz', 'fis', 'kablo', 'duvar', 'duman'] },
    phrases: [[{ stems: ['elektrik'] }, { stems: ['carp'] }]],
  }),
  water: compile({
    words: {
      exact: [
        'water',
        'wet',
        'damp',
        'puddle',
        'puddles',
        'su',
        'suyu',
        'suya',
        'sudan',
        'sular',
        'sulari',
        'suyun',
        'sulu',
        'gol',
      ],
      stems: [
        'leak',
        'flood',
        'drip',
        'soak',
        'spill',
        'islak',
        'islan',
        'sizinti',
        'siziyor',
        'sizdir',
        'sizmis',
        'sizdi',
        'akiyor',
        'akit',
        'akan',
        'damla',
        'tasti',
        'tasiyor',
        'kacir',
      ],
    },
  }),
  electric: compile({
    words: {
      // Turkish "fiş" and "elektrik" by their forms: a stem would also take "fish" and "elektrikli" (an
      // electric kettle leaking water is not water near the mains).
      exact: [
        'electrics',
        'electrical',
        'electricity',
        'wiring',
        'pano',
        'panoya',
        'panodan',
        'panonun',
        'panosu',
        'fis',
        'fisi',
        'fise',
        'fisin',
        'fiste',
        'fisten',
        'fisler',
        'fisleri',
        'elektrik',
        'elektrige',
        'elektrigi',
        'elektrikte',
        'elektrikten',
        'elektrigin',
      ],
      stems: ['socket', 'plug', 'outlet', 'wire', 'cable', 'cord', 'breaker', 'priz', 'kablo', 'sigorta', 'uzatma'],
    },
    phrases: [
      [{ exact: ['extension'] }, { stems: ['lead', 'cord', 'reel', 'cable'] }],
      [{ exact: ['power'] }, { stems: ['strip', 'point', 'board', 'supply'] }],
      [{ exact: ['fuse'] }, { stems: ['box', 'board'] }],
      [{ exact: ['consumer'] }, { stems: ['unit'] }],
    ],
  }),
  /** "drain plug", "plughole", "water outlet", "wireless": plugs, outlets and wires that are not the mains. */
  notElectric: compile({
    words: { stems: ['plughole', 'wireless'] },
    phrases: [
      [{ exact: ['drain', 'sink', 'bath', 'filter', 'pump'] }, { stems: ['plug'] }],
      [{ stems: ['plug'] }, { exact: ['hole'] }],
      [{ exact: ['water', 'drain', 'waste', 'air', 'hose'] }, { stems: ['outlet'] }],
    ],
  }),
};

/** Words that negate what follows them (English), or what precedes them (Turkish), within a few words. */
const NEGATES_NEXT = new Set(['no', 'not', 'never', 'without', 'nothing', 'none', 'nor', 'neither', 'hic', 't']);
const NEGATES_PREVIOUS = new Set(['yok', 'yoktur', 'degil', 'degildir', 'yoktu']);
/** Turkish predicates that affirm what precedes them: a negation after them belongs to another clause. */
const AFFIRMS_PREVIOUS = new Set([
  'var',
  'vardi',
  'geliyor',
  'geldi',
  'aliyorum',
  'aldim',
  'artiyor',
  'yayiliyor',
  'cikiyor',
  'cikti',
]);
/** Turkish verbs in the negative: "kokmuyor", "çarpmadı", "sızdırmıyor" (stem + m + vowel + yor/di/iyor/az). */
const TURKISH_NEGATIVE_VERB = /^(?:kok|carp|siz|sizdir|ak|yan|duman|kacir|islan|tas)m[aeiu](?:yor|di|mis|z|yacak)/;
const NEGATION_WINDOW = 3;
/** A Turkish verb in the negative right after a word: "koku gelmiyor", "duman çıkmıyor". */
const NEGATIVE_PREDICATE = /m[aeiu](?:yor|di|mis|z)/;

interface Sentence {
  words: string[];
}

function sentencesOf(text: string): Sentence[] {
  return foldForMatching(text)
    .split(/[.!?;\n]+/)
    .map((sentence) => ({ words: sentence.match(/[\p{L}\p{N}]+/gu) ?? [] }))
    .filter((sentence) => sentence.words.length > 0);
}

/** Word positions where the concept occurs (the start of a phrase). */
function occurrences(words: string[], concept: CompiledConcept): number[] {
  const found: number[] = [];
  for (let i = 0; i < words.length; i += 1) {
    if (
      concept.word(words[i]) ||
      concept.phrases.some(
        (phrase) => i + phrase.length <= words.length && phrase.every((part, k) => part(words[i + k])),
      )
    ) {
      found.push(i);
    }
  }
  return found;
}

function negated(words: string[], at: number): boolean {
  if (TURKISH_NEGATIVE_VERB.test(words[at])) {
    return true;
  }
  for (let k = Math.max(0, at - NEGATION_WINDOW); k < at; k += 1) {
    // "don't", "isn't": the apostrophe splits off a lone "t".
    if (NEGATES_NEXT.has(words[k]) && (words[k] !== 't' || (k > 0 && words[k - 1].endsWith('n')))) {
      return true;
    }
  }
  for (let k = at + 1; k <= Math.min(words.length - 1, at + NEGATION_WINDOW + 1); k += 1) {
    if (AFFIRMS_PREVIOUS.has(words[k])) {
      return false; // "gaz kokusu var, ocak yanmıyor": the smell is affirmed; the negation is the hob's
    }
    // A Turkish negative verb negates the word it follows ("koku gelmiyor"), not a later clause.
    if (NEGATES_PREVIOUS.has(words[k]) || (k === at + 1 && NEGATIVE_PREDICATE.test(words[k]))) {
      return true;
    }
  }
  return false;
}

/** Positions of the concept in the sentence that no negation applies to. */
function affirmed(words: string[], concept: CompiledConcept): number[] {
  return occurrences(words, concept).filter((at) => !negated(words, at));
}

const has = (words: string[], concept: CompiledConcept): boolean => affirmed(words, concept).length > 0;

const RULES: Record<Hazard, (words: string[]) => boolean> = {
  gas: (w) => (has(w, C.gas) && (has(w, C.smell) || has(w, C.gasLeak))) || has(w, C.rottenEgg),
  carbon_monoxide: (w) => has(w, C.carbonMonoxide),
  smoke_or_fire: (w) =>
    has(w, C.smoke) || has(w, C.fire) || (has(w, C.flame) && occurrences(w, C.hobFlame).length === 0),
  burning: (w) =>
    has(w, C.burning) ||
    (has(w, C.burningWeak) && has(w, C.burningCompanion) && occurrences(w, C.lampWords).length === 0),
  sparks: (w) => {
    const absorbers = new Set(occurrences(w, C.shockAbsorber));
    const sparks = affirmed(w, C.sparks).filter((at) => !absorbers.has(at));
    if (sparks.length === 0) {
      return false;
    }
    // A gas hob's igniter is meant to spark: not a hazard, unless the sentence goes on to a shock, a
    // socket, a plug, a wall, a cable or smoke after the igniter.
    const igniter = occurrences(w, C.igniter);
    if (igniter.length === 0) {
      return true;
    }
    const danger = occurrences(w, C.igniterDanger);
    return danger.length > 0 && danger[danger.length - 1] > igniter[0];
  },
  water_near_electrics: (w) => {
    if (!has(w, C.water)) {
      return false;
    }
    const notElectric = new Set(occurrences(w, C.notElectric).flatMap((at) => [at, at + 1]));
    return affirmed(w, C.electric).some((at) => !notElectric.has(at));
  },
};

export interface SafetyTriage {
  hazards: Hazard[];
  /** What to do, in the reply's language (the message catalogue's `safety.<hazard>`). */
  warnings: string[];
}

/** The hazards the customer's words describe, sentence by sentence over the whole text. */
export function detectHazards(text: string): Hazard[] {
  const sentences = sentencesOf(text);
  return HAZARDS.filter((hazard) => sentences.some((sentence) => RULES[hazard](sentence.words)));
}

/** Looks for hazards in the customer's words; runs before anything else in a diagnosis. */
export function triageSafety(text: string, language: Language = 'en'): SafetyTriage {
  const hazards = detectHazards(text);
  const t = messages(language);
  return { hazards, warnings: hazards.map((hazard) => t(`safety.${hazard}`)) };
}
