import { createHash } from 'node:crypto';
import { turkishLower } from '../../common/i18n/language';
import document from '../../database/seeds/knowledge-base.json';
import turkish from '../../database/seeds/knowledge-base.tr.json';
import { PROBLEM_CATEGORIES, ProblemCategory } from './problem-categories';

export const APPLIANCE_KINDS = [
  'washer',
  'dryer',
  'dishwasher',
  'refrigerator',
  'oven',
  'hob',
  'microwave',
  'air_conditioner',
] as const;
export type ApplianceKind = (typeof APPLIANCE_KINDS)[number];
export const SAFETY_LEVELS = ['none', 'caution', 'danger'] as const;
export type SafetyLevel = (typeof SAFETY_LEVELS)[number];

export interface Cause {
  title: string;
  /** The same cause in Turkish (knowledge-base.tr.json); absent on causes learnt from technicians. */
  title_tr?: string;
  parts_tr?: string[];
  /** Prior weight (0..1) of this cause for the entry's fault. */
  weight: number;
  parts: string[];
  /** The technicians' taxonomy (actual_problem_category): how their reports confirm this cause. */
  category: ProblemCategory;
}

/** One knowledge-base entry as stored (kb_entries). */
export interface KnowledgeEntry {
  entry_key: string;
  appliance_kind: ApplianceKind;
  /** Brand family (lower case, e.g. "bosch" also covers Siemens and Neff), null for generic entries. */
  brand: string | null;
  code: string | null;
  title: string;
  keywords: string;
  causes: Cause[];
  steps: string[];
  parts: string[];
  safety_level: SafetyLevel;
  technician_usually: boolean;
  source: string;
  /** Turkish text; `*_search` are the Turkish-lower-cased fields the `turkish` full-text index reads. */
  tr: KnowledgeEntryTurkish;
}

export interface KnowledgeEntryTurkish {
  title: string;
  steps: string[];
  parts: string[];
  title_search: string;
  keywords_search: string;
}

interface TurkishDocument {
  templates: Record<string, { title: string; keywords: string; causes: string[]; steps: string[] }>;
  parts: Record<string, string>;
}

interface Template {
  causes: [string, number, string[], string][];
  steps: string[];
  safety: SafetyLevel;
  technician: boolean;
}

interface RawEntry {
  brand: string | null;
  kind: ApplianceKind;
  code: string | null;
  template: string;
  title: string;
  keywords: string;
  source: string;
}

interface KnowledgeDocument {
  version: number;
  sources: Record<string, string>;
  templates: Record<string, Template>;
  entries: RawEntry[];
}

/** Words customers use for each kind, indexed with every entry so the search matches how they say it. */
const KIND_WORDS: Record<ApplianceKind, string> = {
  washer: 'washer washing machine laundry',
  dryer: 'dryer tumble dryer drier',
  dishwasher: 'dishwasher',
  refrigerator: 'refrigerator fridge freezer',
  oven: 'oven cooker range',
  hob: 'hob cooktop stove',
  microwave: 'microwave',
  air_conditioner: 'air conditioner air con',
};

const KIND_WORDS_TR: Record<ApplianceKind, string> = {
  washer: 'çamaşır makinesi çamaşır',
  dryer: 'kurutma makinesi kurutucu',
  dishwasher: 'bulaşık makinesi bulaşık',
  refrigerator: 'buzdolabı dondurucu derin dondurucu',
  oven: 'fırın',
  hob: 'ocak set üstü ocak',
  microwave: 'mikrodalga fırın mikrodalga',
  air_conditioner: 'klima',
};

function isCategory(value: string): value is ProblemCategory {
  return (PROBLEM_CATEGORIES as readonly string[]).includes(value);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The versioned data file (src/database/seeds/knowledge-base.json) expanded into entries: each entry
 * names a fault template (causes with prior weights and parts, DIY steps, safety level, technician
 * usually needed) and a source key. Throws on a dangling template or source, or a duplicate key.
 */
export function loadKnowledgeBase(
  doc: KnowledgeDocument = document as unknown as KnowledgeDocument,
  tr: TurkishDocument = turkish as TurkishDocument,
): {
  version: number;
  entries: (KnowledgeEntry & { content_hash: string })[];
} {
  const seen = new Set<string>();
  const entries = doc.entries.map((raw) => {
    const template = doc.templates[raw.template];
    const source = doc.sources[raw.source];
    if (!template || !source) {
      throw new Error(`knowledge base: entry "${raw.title}" names unknown template or source`);
    }
    const brand = raw.brand === null ? null : raw.brand.toLowerCase();
    const entry_key = `${brand ?? 'generic'}:${raw.kind}:${raw.code ?? slug(raw.title)}`;
    if (seen.has(entry_key)) {
      throw new Error(`knowledge base: duplicate entry ${entry_key}`);
    }
    seen.add(entry_key);
    const turkishTemplate = tr.templates[raw.template];
    if (
      !turkishTemplate ||
      turkishTemplate.causes.length !== template.causes.length ||
      turkishTemplate.steps.length !== template.steps.length
    ) {
      throw new Error(`knowledge base: template ${raw.template} has no matching Turkish text`);
    }
    const partTr = (part: string): string => {
      const name = tr.parts[part];
      if (name === undefined) {
        throw new Error(`knowledge base: part "${part}" has no Turkish name`);
      }
      return name;
    };
    const causes = template.causes.map(([title, weight, parts, category], index) => {
      if (!isCategory(category) || !(weight > 0 && weight <= 1)) {
        throw new Error(`knowledge base: template ${raw.template}, cause "${title}": bad category or weight`);
      }
      return { title, title_tr: turkishTemplate.causes[index], weight, parts, parts_tr: parts.map(partTr), category };
    });
    const entry: KnowledgeEntry = {
      entry_key,
      appliance_kind: raw.kind,
      brand,
      code: raw.code,
      title: raw.title,
      keywords: `${raw.keywords}, ${causes.map((c) => c.title).join(', ')}, ${KIND_WORDS[raw.kind]}`,
      causes,
      steps: template.steps,
      parts: [...new Set(causes.flatMap((c) => c.parts))],
      safety_level: template.safety,
      technician_usually: template.technician,
      source,
      tr: {
        title: turkishTemplate.title,
        steps: turkishTemplate.steps,
        parts: [...new Set(causes.flatMap((c) => c.parts_tr))],
        title_search: turkishLower(turkishTemplate.title),
        keywords_search: turkishLower(
          `${turkishTemplate.keywords}, ${turkishTemplate.causes.join(', ')}, ${KIND_WORDS_TR[raw.kind]}`,
        ),
      },
    };
    return { ...entry, content_hash: createHash('sha256').update(JSON.stringify(entry)).digest('hex') };
  });
  return { version: doc.version, entries };
}
