import { Injectable } from '@nestjs/common';
import { brandFamily } from './findings/appliance-codes';
import { Finding, matchBrand } from './findings/findings';
import { detectKind } from './appliance-kind';
import { reweightCauses, WeightedCause } from './diagnosis-learning';
import { DiagnosisOutcomesRepository } from './diagnosis-outcomes.repository';
import { DiagnosisDto } from './dto/diagnosis.dto';
import { KnowledgeBaseRepository, KnowledgeMatch } from './knowledge-base.repository';
import { triageSafety } from './safety-triage';
import { Language } from '../../common/i18n/language';
import { messages } from '../../common/i18n/messages';
import { leadingText } from '../../common/text/leading-text';

export interface DiagnosisInput {
  /** The customer's latest words. */
  text: string;
  /** What the model read in the session's photos. */
  findings: Pick<Finding, 'type' | 'value' | 'image_index'>[];
  /** The language of the texts in the diagnosis (default English). */
  language?: Language;
}

const MAX_CAUSES = 4;

/** Words after which a customer types what the display shows ("it shows OE", "error code dE", "hata kodu HE"). */
const CODE_BEFORE =
  /^(?:shows?|showing|says|code|error|display(?:s|ing)?|flash(?:es|ing)|blink(?:s|ing)|reads?|kodu|ekranda|hata)$/i;
/** Words after a code ("Sd error", "AF code", "HE hatası", "dE yazıyor"). */
const CODE_AFTER =
  /^(?:(?:error|code|fault|alarm|message)s?|hata|hatasi|hatalari|kodu|arizasi|uyarisi|yaziyor|veriyor|gosteriyor)$/i;
const FILLER = /^(?:the|a|an|is|it|of|message|light|on|in)$/i;
/** Capitalised short words that are not codes when they stand alone. */
const NOT_CODES = new Set([
  'AC',
  'OK',
  'TV',
  'UK',
  'US',
  'USA',
  'ON',
  'OFF',
  'LG',
  'GE',
  'AEG',
  'HE',
  'UV',
  'LED',
  'DIY',
]);

/**
 * Code candidates in what the customer typed, checked later against the knowledge base's codes (exact,
 * case-insensitive, as typed: no OCR confusion swaps): tokens with a letter and a digit ("E18", "4C"); two short tokens typed apart ("F9 E1",
 * "Er FF"); letter-only codes after "shows", "error", "code"... or before "error", "code"; and capitalised
 * short tokens ("OE", "dE") that are not everyday acronyms (so "my AC" is not a code).
 */
export function codesInText(text: string): string[] {
  // Turkish letters become their plain ones, case kept ("hatası" → "hatasi", "İ" → "I"), so words split right.
  const plain = text.replace(/ı/g, 'i').replace(/İ/g, 'I').normalize('NFD').replace(/\p{M}/gu, '');
  const tokens = plain.split(/[^A-Za-z0-9]+/).filter((token) => token !== '');
  const short = (t: string | undefined): t is string => t !== undefined && t.length >= 2 && t.length <= 5;
  const candidates: string[] = [];
  tokens.forEach((token, i) => {
    if (short(token) && /\d/.test(token) && /[A-Za-z]/.test(token)) {
      candidates.push(token);
    }
    if (
      /^[A-Za-z]{2,3}$/.test(token) &&
      /[A-Z]/.test(token) &&
      !NOT_CODES.has(token.toUpperCase()) &&
      token !== token[0] + token.slice(1).toLowerCase()
    ) {
      candidates.push(token); // "OE", "dE", "SUd"; not "The" or "My"
    }
    const next = tokens[i + 1];
    if (next !== undefined && /^[A-Z][A-Za-z0-9]?$|^[A-Z0-9]{2,3}$/.test(token) && /^[A-Z0-9]{1,3}$/.test(next)) {
      candidates.push(token + next); // "F9 E1", "Er FF"
    }
    if (CODE_BEFORE.test(token)) {
      const after = tokens.slice(i + 1, i + 4).find((t) => !CODE_BEFORE.test(t) && !FILLER.test(t));
      if (short(after)) {
        candidates.push(after);
      }
    }
    if (CODE_AFTER.test(token) && short(tokens[i - 1]) && !FILLER.test(tokens[i - 1])) {
      candidates.push(tokens[i - 1]);
    }
  });
  return [...new Set(candidates)];
}

/** Words of the customer's text that the entry also uses (a crude stem match, for the evidence). */
function sharedWords(text: string, entry: KnowledgeMatch): string[] {
  const haystack = `${entry.title} ${entry.keywords}`.toLowerCase();
  const words = text.toLowerCase().match(/[a-z]{4,}/g) ?? [];
  return [...new Set(words.filter((w) => haystack.includes(w.slice(0, Math.max(4, w.length - 2)))))].slice(0, 6);
}

/**
 * Safety triage first, then the knowledge base: codes read from photos or typed, brand and appliance
 * kind, and the customer's words retrieve entries; the best entry's causes are ranked by their prior
 * weights updated by technician-confirmed outcomes, scaled by how well the entry matched. Nothing matched means an empty diagnosis, never a guess.
 */
@Injectable()
export class DiagnosisService {
  constructor(
    private readonly knowledge: KnowledgeBaseRepository,
    private readonly outcomes: DiagnosisOutcomesRepository,
  ) {}

  async diagnose(input: DiagnosisInput): Promise<DiagnosisDto> {
    const language = input.language ?? 'en';
    const t = messages(language);
    const triage = triageSafety(input.text, language);
    // Retrieval reads a bounded prefix of the text; the triage above reads all of it.
    const text = leadingText(input.text);
    const photoCodes = input.findings.filter((f) => f.type === 'error_code');
    const typedCodes = codesInText(text);
    const codes = [...new Set([...photoCodes.map((f) => f.value), ...typedCodes])];
    const brand = input.findings.find((f) => f.type === 'brand')?.value ?? matchBrand(text)?.brand ?? null;
    const family = brand === null ? undefined : (brandFamily(brand) ?? brand.toLowerCase());
    const kind = detectKind(text) ?? null;
    const matches = await this.knowledge.search({
      text,
      codes,
      brands: family === undefined ? [] : [family],
      kind: kind ?? undefined,
      limit: 5,
      language,
    });
    // Codes mean different things per brand and appliance (LG washer "OE" drains, Samsung washer "OE"
    // overflows, LG dishwasher "OE" is another machine): with a known brand or kind, only entries that
    // agree count (generic entries agree with every brand).
    const compatible = matches.filter(
      (m) =>
        (family === undefined || m.brand === null || m.brand === family) &&
        (kind === null || m.appliance_kind === kind),
    );
    const best = compatible.find((m) => m.code_matched) ?? compatible[0];
    const hazard = triage.hazards.length > 0;
    if (best === undefined || (!best.code_matched && best.text_rank < 0.05)) {
      return {
        appliance: { kind, brand },
        codes: [],
        likely_causes: [],
        steps: [],
        safety_warnings: triage.warnings,
        hazards: triage.hazards,
        language,
        recommend_technician: hazard,
        technician_reason: hazard ? t('technician.hazard_no_match') : null,
        likely_parts: [],
        knowledge_entry: null,
        matched: false,
      };
    }
    // How sure we are of the entry: an exact code with the right brand, a code alone, or words only.
    const brandOk = best.brand === null || best.brand === family;
    const entryConfidence = best.code_matched
      ? brandOk && family !== undefined
        ? 0.95
        : 0.8
      : Math.min(0.7, 0.3 + 0.4 * best.coverage);
    const words = sharedWords(text, best);
    const photoCode = photoCodes.find((f) => best.code !== null && f.value.toUpperCase() === best.code.toUpperCase());
    const evidence: string[] = [];
    if (best.code_matched && best.code !== null) {
      evidence.push(
        photoCode
          ? t('evidence.code_photo', { code: best.code, photo: photoCode.image_index + 1 })
          : t('evidence.code_message', { code: best.code }),
      );
    }
    if (brand !== null && best.brand !== null) {
      evidence.push(t('evidence.brand', { brand }));
    }
    if (words.length > 0) {
      evidence.push(t('evidence.words', { words: words.map((w) => `"${w}"`).join(', ') }));
    }
    // Turkish text where the entry has it (every seeded entry does; a cause learnt from technicians is
    // named by its category).
    const turkish = language === 'tr' && best.tr !== null && best.tr !== undefined ? best.tr : undefined;
    const causeTitle = (cause: WeightedCause): string =>
      language === 'tr' ? (cause.title_tr ?? t(`category.${cause.category}`)) : cause.title;
    // Prior weights updated by what technicians confirmed on earlier visits for the same entry.
    const causes = reweightCauses(best.causes, await this.outcomes.confirmedCounts(best.entry_key));
    const likely_causes = causes.slice(0, MAX_CAUSES).map((cause) => ({
      title: causeTitle(cause),
      category: cause.category,
      confidence: Math.round(cause.weight * entryConfidence * 100) / 100,
      evidence: cause.confirmed > 0 ? [...evidence, t('evidence.confirmed', { count: cause.confirmed })] : evidence,
      confirmed_visits: cause.confirmed,
    }));
    const top = causes.slice(0, 3);
    const recommend = hazard || best.technician_usually || best.safety_level === 'danger';
    return {
      appliance: { kind: kind ?? best.appliance_kind, brand },
      codes:
        best.code_matched && best.code !== null
          ? [{ code: best.code, title: turkish?.title ?? best.title, source: best.source }]
          : [],
      likely_causes,
      // With a hazard described, no do-it-yourself steps: only the safety instructions.
      steps: hazard ? [] : (turkish?.steps ?? best.steps),
      safety_warnings: triage.warnings,
      hazards: triage.hazards,
      language,
      recommend_technician: recommend,
      technician_reason: hazard
        ? t('technician.hazard')
        : best.safety_level === 'danger'
          ? t('technician.danger')
          : best.technician_usually
            ? t('technician.usually', { title: turkish?.title ?? best.title })
            : null,
      likely_parts: [...new Set(top.flatMap((c) => (turkish ? (c.parts_tr ?? c.parts) : c.parts)))],
      knowledge_entry: best.entry_key,
      matched: true,
    };
  }
}

/** The reply a customer reads, composed from the diagnosis only (never inventing a code or a cause). */
/** The reply, composed from the message catalogue in the diagnosis's language. */
export function composeDiagnosisReply(diagnosis: DiagnosisDto, readLine: string): string {
  const t = messages(diagnosis.language);
  const parts: string[] = [];
  if (diagnosis.safety_warnings.length > 0) {
    parts.push(t('safety.first', { warnings: diagnosis.safety_warnings.join(' ') }));
  }
  if (readLine !== '') {
    parts.push(readLine);
  }
  if (!diagnosis.matched) {
    parts.push(t('reply.no_match'));
  } else {
    const code = diagnosis.codes[0];
    if (code) {
      parts.push(t('reply.code_means', { code: code.code, title: code.title }));
    }
    const causes = diagnosis.likely_causes
      .slice(0, 3)
      .map((c) => t('reply.cause', { title: c.title, percent: Math.round(c.confidence * 100) }))
      .join('; ');
    parts.push(t('reply.most_likely', { causes }));
    if (diagnosis.steps.length > 0) {
      parts.push(t('reply.try_this', { steps: diagnosis.steps.map((s, i) => `${i + 1}. ${s}`).join(' ') }));
    }
  }
  if (diagnosis.recommend_technician && diagnosis.technician_reason) {
    parts.push(t('reply.technician', { reason: diagnosis.technician_reason }));
  }
  return parts.join('\n\n');
}
