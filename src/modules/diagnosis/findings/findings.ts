import { CODE_GRAMMAR, knownCode } from './appliance-codes';

export const FINDING_TYPES = ['error_code', 'brand', 'model_number', 'serial_number'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export interface Finding {
  image_index: number;
  type: FindingType;
  /** Canonical form, e.g. "E24", "4C", "Bosch", "WAT28400GB". */
  value: string;
  /** As read. */
  raw: string;
  confidence: number;
  /** Index into the response's `lines`. */
  source_line: number;
}

export interface LineForFindings {
  image_index: number;
  text: string;
  confidence: number;
  /** Another reading of the same region (see ReadLine.alternative). */
  alternative?: string;
}

/** Brand names as printed on appliances, canonical spelling first, then the spellings OCR returns. */
const BRANDS: [string, ...string[]][] = [
  ['Bosch'],
  ['Siemens'],
  ['Neff'],
  ['Samsung'],
  ['LG'],
  ['Whirlpool'],
  ['GE', 'GE Appliances', 'General Electric'],
  ['Electrolux'],
  ['AEG'],
  ['Zanussi'],
  ['Frigidaire'],
  ['Miele'],
  ['Beko'],
  ['Grundig'],
  ['Blomberg'],
  ['Haier'],
  ['Candy'],
  ['Hoover'],
  ['Indesit'],
  ['Hotpoint'],
  ['Ariston'],
  ['Maytag'],
  ['KitchenAid'],
  ['Amana'],
  ['Kenmore'],
  ['Gorenje'],
  ['Smeg'],
  ['Panasonic'],
  ['Sharp'],
  ['Hisense'],
  ['Liebherr'],
  ['Daewoo'],
  ['Fisher & Paykel'],
  ['Daikin'],
  ['Mitsubishi'],
  ['Midea'],
  ['Toshiba'],
  ['Hitachi'],
  ['Sub-Zero'],
  ['Thermador'],
  ['Asko'],
];

/** Characters OCR and segment displays confuse, each way. */
const CONFUSIONS: Record<string, string[]> = {
  O: ['0'],
  Q: ['0', '9'],
  D: ['0'],
  I: ['1'],
  L: ['1'],
  Z: ['2'],
  S: ['5'],
  B: ['8'],
  G: ['6'],
  '0': ['O', 'D'],
  '1': ['I', 'L'],
  '2': ['Z'],
  '5': ['S'],
  '8': ['B'],
  '6': ['G', 'B'],
  '9': ['Q'],
};
/** Units printed next to numbers on plates and panels: "50Hz", "230V", "8kg" are not codes. */
const UNIT = /^\d+(?:HZ|V|W|KW|KG|MM|CM|RPM|MIN|H|L|A|MA|BAR)$/;

const MODEL_LABEL =
  /\b(?:mode[l1I](?:\s*(?:no|nr|number)\.?)?|mod\.?|type|typ|e-?nr\.?|art\.?\s*(?:-\s*)?nr\.?|product\s*(?:no|code)\.?)\s*[:.]?/i;
const SERIAL_LABEL =
  /\b(?:serial(?:\s*(?:no|nr|number)\.?)?|ser\.?\s*no\.?|s\s*\/\s*n|sn|z-?nr\.?|fabr\.?\s*(?:-\s*)?nr\.?|^nr\.)\s*[:.]?/i;
const CODE_CONTEXT = /\b(?:err(?:or)?|code|fault|fehler|erreur|storing|err\.)\s*[:#-]?\s*/i;

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** Every way of swapping confusable characters, fewest swaps first (bounded: codes are short). */
function confusionVariants(text: string): string[] {
  let variants = [''];
  for (const char of text) {
    const alternatives = [char, ...(CONFUSIONS[char] ?? [])];
    variants = variants.flatMap((prefix) => alternatives.map((c) => prefix + c));
    if (variants.length > 256) {
      return [text];
    }
  }
  const swaps = (v: string): number => [...v].filter((c, i) => c !== text[i]).length;
  return variants.sort((a, b) => swaps(a) - swaps(b));
}

/**
 * An appliance error code from a short read: a known code (after fixing O/0, I/1, S/5, B/8 confusions,
 * fewest swaps first), else the code grammar on the read as is. Undefined when it is no code.
 */
export function canonicalCode(raw: string, brand?: string): string | undefined {
  return resolveCode(raw, brand)?.value;
}

function resolveCode(raw: string, brand?: string): { value: string; known: boolean } | undefined {
  const compact = raw.replace(/[\s\-_.:]/g, '');
  if (compact.length < 2 || compact.length > 5) {
    return undefined;
  }
  const upper = compact.toUpperCase();
  const variants = confusionVariants(upper);
  // The appliance's own brand decides first ("1E" is Samsung's 1E, but LG's IE), then every table.
  for (const scope of brand === undefined ? [undefined] : [brand, undefined]) {
    for (const variant of variants) {
      const known = knownCode(variant, scope);
      if (known !== undefined) {
        return { value: known, known: true };
      }
    }
  }
  if (/^\d+$/.test(upper) || /^[A-Z]+$/.test(upper)) {
    return undefined; // "888" or a word is not a code unless it is a known one
  }
  return CODE_GRAMMAR.test(upper) && !UNIT.test(upper) ? { value: upper, known: false } : undefined;
}

/** Candidate code tokens of a line: after "Error"/"Code", or the whole of a short (display) line. */
function codeCandidates(text: string): string[] {
  const context = CODE_CONTEXT.exec(text);
  const candidates = context ? [text.slice(context.index + context[0].length).split(/\s+/)[0] ?? ''] : [];
  const tokens = text.split(/\s+/);
  if (tokens.length <= 2) {
    candidates.push(...tokens, tokens.join(''));
  }
  return candidates;
}

/**
 * Model and serial numbers: uppercase; O and I/l touching a digit become 0 and 1 (left to right, so
 * "61OO" becomes "6100"), an S between two digits becomes 5. Other letters stay: model numbers use them.
 */
export function canonicalIdentifier(raw: string): string {
  const chars = [...raw.replace(/[^A-Za-z0-9\-/.]/g, '')];
  const isDigit = (c: string | undefined): boolean => c !== undefined && /\d/.test(c);
  for (let i = 0; i < chars.length; i += 1) {
    const c = chars[i];
    const touching = isDigit(chars[i - 1]) || isDigit(chars[i + 1]);
    if ((c === 'O' || c === 'o') && touching) {
      chars[i] = '0';
    } else if ((c === 'I' || c === 'l') && touching) {
      chars[i] = '1';
    } else if (c === 'S' && isDigit(chars[i - 1]) && isDigit(chars[i + 1])) {
      chars[i] = '5';
    }
  }
  const joined = chars.join('').toUpperCase();
  let end = joined.length;
  while (end > 0 && '-/.'.includes(joined[end - 1])) {
    end -= 1;
  }
  return joined.slice(0, end);
}

/**
 * The first brand (in BRANDS order) the text names, exactly or (names of 6 letters or more) with one typo.
 * Each distinct run of 1–3 words is looked at once, so a long text of repeated words costs one pass.
 */
export function matchBrand(text: string): { brand: string; raw: string } | undefined {
  const words = text.split(/[^A-Za-z&-]+/).filter((w) => w.length >= 2);
  /** Per word count: each distinct lower-cased run of words, with the first spelling met. */
  const runs = new Map<number, Map<string, string>>();
  const runsOf = (span: number): Map<string, string> => {
    let found = runs.get(span);
    if (found === undefined) {
      found = new Map();
      for (let i = 0; i + span <= words.length; i += 1) {
        const raw = words.slice(i, i + span).join(' ');
        const key = raw.toLowerCase();
        if (!found.has(key)) {
          found.set(key, raw);
        }
      }
      runs.set(span, found);
    }
    return found;
  };
  for (const [canonical, ...aliases] of BRANDS) {
    for (const name of [canonical, ...aliases]) {
      const target = name.toLowerCase();
      const candidates = runsOf(target.split(' ').length);
      const exact = candidates.get(target);
      if (exact !== undefined) {
        return { brand: canonical, raw: exact };
      }
      if (target.length >= 6) {
        for (const [candidate, raw] of candidates) {
          if (Math.abs(candidate.length - target.length) <= 1 && levenshtein(candidate, target) <= 1) {
            return { brand: canonical, raw };
          }
        }
      }
    }
  }
  return undefined;
}

function labelledValue(text: string, label: RegExp): string | undefined {
  const match = label.exec(text);
  if (!match) {
    return undefined;
  }
  const rest = text.slice(match.index + match[0].length);
  const token = /^[A-Za-z0-9][A-Za-z0-9\-/.]{2,30}/.exec(rest.trim());
  return token && /\d/.test(token[0]) ? token[0] : undefined;
}

/**
 * Typed findings from the lines read across a request's images. The brand read in the same image (else
 * `brandHint`, e.g. from the customer's words) picks which brand's code table resolves ambiguous reads.
 */
export function extractFindings(lines: LineForFindings[], brandHint?: string): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding): void => {
    const key = `${finding.image_index}|${finding.type}|${finding.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  };
  const imageBrands = new Map<number, string>();
  for (const line of lines) {
    const brand = matchBrand(line.text);
    if (brand && !imageBrands.has(line.image_index)) {
      imageBrands.set(line.image_index, brand.brand);
    }
  }
  lines.forEach((line, index) => {
    const text = line.text.trim();
    if (text === '') {
      return;
    }
    const base = { image_index: line.image_index, confidence: line.confidence, source_line: index };
    const brand = matchBrand(text);
    if (brand) {
      add({ ...base, type: 'brand', value: brand.brand, raw: brand.raw });
    }
    const serial = labelledValue(text, SERIAL_LABEL);
    const model = labelledValue(text, MODEL_LABEL);
    if (model !== undefined && !SERIAL_LABEL.test(text.slice(0, text.indexOf(model)))) {
      add({ ...base, type: 'model_number', value: canonicalIdentifier(model), raw: model });
    }
    if (serial !== undefined) {
      add({ ...base, type: 'serial_number', value: canonicalIdentifier(serial), raw: serial });
    }
    if (model !== undefined || serial !== undefined) {
      return;
    }
    // A known code from either reading beats a code that only fits the grammar.
    const brandForCodes = imageBrands.get(line.image_index) ?? brandHint;
    let best: { value: string; known: boolean; raw: string } | undefined;
    for (const source of [text, line.alternative ?? '']) {
      for (const candidate of codeCandidates(source)) {
        if (brand && candidate.toLowerCase() === brand.raw.toLowerCase()) {
          continue;
        }
        const code = resolveCode(candidate, brandForCodes);
        if (code !== undefined && (best === undefined || (code.known && !best.known))) {
          best = { ...code, raw: candidate };
        }
      }
    }
    if (best !== undefined) {
      add({ ...base, type: 'error_code', value: best.value, raw: best.raw });
    }
  });
  return findings;
}
