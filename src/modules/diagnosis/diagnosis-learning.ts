import { PROBLEM_CATEGORIES, ProblemCategory } from './problem-categories';
import { messages } from '../../common/i18n/messages';
import { DiagnosisDto } from './dto/diagnosis.dto';
import { APPLIANCE_KINDS, ApplianceKind, Cause } from './knowledge-base';

/**
 * How many technician visits the knowledge base's prior weights are worth. A cause's weight after N
 * confirmed visits to the same entry, n of them for its category, is (prior × K + n) / (K + N): with no
 * visits the priors rank alone, after a handful a cause technicians keep finding overtakes the manuals.
 */
export const PRIOR_STRENGTH = 5;

export interface WeightedCause extends Cause {
  /** Technician visits that confirmed this cause's category for the entry. */
  confirmed: number;
}

/**
 * The entry's causes re-weighted by confirmed outcomes, best first. Counts go to the first (highest prior)
 * cause of a category; a category technicians found that the entry does not list becomes a cause of its own.
 */
export function reweightCauses(causes: Cause[], confirmed: Map<ProblemCategory, number>): WeightedCause[] {
  const total = [...confirmed.values()].reduce((sum, n) => sum + n, 0);
  const counted = new Set<ProblemCategory>();
  const weighted = causes.map((cause) => {
    const n = counted.has(cause.category) ? 0 : (confirmed.get(cause.category) ?? 0);
    counted.add(cause.category);
    return { ...cause, weight: (cause.weight * PRIOR_STRENGTH + n) / (PRIOR_STRENGTH + total), confirmed: n };
  });
  for (const [category, n] of confirmed) {
    if (!counted.has(category) && n > 0) {
      weighted.push({
        // How a category reads as a cause when technicians found it but the knowledge base did not list it.
        title: messages('en')(`category.${category}`),
        category,
        parts: [],
        weight: n / (PRIOR_STRENGTH + total),
        confirmed: n,
      });
    }
  }
  return weighted.sort((a, b) => b.weight - a.weight);
}

/** What a technician's report says about a stored model diagnosis, as an outcome row's fields. */
export interface OutcomeFields {
  entryKey: string | null;
  applianceKind: ApplianceKind | null;
  brand: string | null;
  code: string | null;
  predictedCategory: ProblemCategory | null;
  diagnosisCorrect: boolean;
  confirmedCategory: ProblemCategory | null;
}

const isCategory = (value: unknown): value is ProblemCategory =>
  typeof value === 'string' && (PROBLEM_CATEGORIES as readonly string[]).includes(value);
const text = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value !== '' && value.length <= max ? value : null;

/**
 * Links a report to the diagnosis it judges. `structured` is a stored model message's structured result;
 * undefined when it holds no diagnosis (written before diagnoses existed). When the diagnosis was right,
 * the visit confirms the cause the model ranked first; when wrong, the technician's category.
 */
export function outcomeFor(
  structured: Record<string, unknown> | null,
  report: { diagnosisCorrect: boolean; actualProblemCategory: ProblemCategory | null },
): OutcomeFields | undefined {
  const diagnosis = structured?.diagnosis as Partial<DiagnosisDto> | undefined;
  if (diagnosis === undefined || diagnosis === null || typeof diagnosis !== 'object') {
    return undefined;
  }
  const top = Array.isArray(diagnosis.likely_causes) ? diagnosis.likely_causes[0] : undefined;
  const predicted = isCategory(top?.category) ? top.category : null;
  const kind = diagnosis.appliance?.kind;
  const brand = text(diagnosis.appliance?.brand, 40);
  return {
    entryKey: text(diagnosis.knowledge_entry, 160),
    applianceKind: (APPLIANCE_KINDS as readonly unknown[]).includes(kind) ? (kind as ApplianceKind) : null,
    brand: brand?.toLowerCase() ?? null,
    code: Array.isArray(diagnosis.codes) ? text(diagnosis.codes[0]?.code, 12) : null,
    predictedCategory: predicted,
    diagnosisCorrect: report.diagnosisCorrect,
    confirmedCategory: report.diagnosisCorrect ? predicted : report.actualProblemCategory,
  };
}
