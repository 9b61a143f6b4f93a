import { ApiProperty } from '@nestjs/swagger';
import { PROBLEM_CATEGORIES, ProblemCategory } from '../problem-categories';
import { APPLIANCE_KINDS, ApplianceKind } from '../knowledge-base';
import { Hazard, HAZARDS } from '../safety-triage';
import { Language, LANGUAGES } from '../../../common/i18n/language';

export class DiagnosedApplianceDto {
  /** From the customer's words, else from the matched entry; null when unknown. */
  @ApiProperty({ enum: APPLIANCE_KINDS, nullable: true, type: String })
  kind!: ApplianceKind | null;
  /** As read from a photo or named by the customer, e.g. "Bosch"; null when unknown. */
  @ApiProperty({ type: String, nullable: true })
  brand!: string | null;
}

export class MatchedCodeDto {
  /** Canonical code, e.g. "E18", "OE". */
  code!: string;
  /** What the code means, e.g. "Drain error". */
  title!: string;
  /** The manual or documentation the knowledge-base entry comes from. */
  source!: string;
}

export class RankedCauseDto {
  title!: string;
  /** In the technicians' taxonomy (their reports' `actual_problem_category`). */
  @ApiProperty({ enum: PROBLEM_CATEGORIES })
  category!: ProblemCategory;
  /** 0..1 */
  confidence!: number;
  /** Why: which code (typed or read from which photo), which brand, which of the customer's words, technician visits. */
  evidence!: string[];
  /** Technician visits that confirmed this cause for the same code and appliance kind. */
  confirmed_visits!: number;
}

/** The structured diagnosis in an assistant message (`structured.diagnosis`). */
export class DiagnosisDto {
  appliance!: DiagnosedApplianceDto;
  codes!: MatchedCodeDto[];
  /** Most likely first; empty when nothing matched. */
  likely_causes!: RankedCauseDto[];
  /** Do-it-yourself steps in order; empty when a hazard was described. */
  steps!: string[];
  /** Safety instructions in the reply's language, empty unless the safety triage fired. */
  safety_warnings!: string[];
  /** The hazards the triage found, language-neutral (one warning each, in the same order). */
  @ApiProperty({ enum: HAZARDS, isArray: true, example: ['water_near_electrics'] })
  hazards!: Hazard[];
  /** The language of the texts here and of the reply: the customer's, else their locale. */
  @ApiProperty({ enum: LANGUAGES, example: 'tr' })
  language!: Language;
  recommend_technician!: boolean;
  @ApiProperty({ type: String, nullable: true })
  technician_reason!: string | null;
  likely_parts!: string[];
  /** The knowledge-base entry the diagnosis comes from (brand:kind:code or symptom); technician reports are linked to it. */
  @ApiProperty({ type: String, nullable: true, example: 'lg:washer:OE' })
  knowledge_entry!: string | null;
  /** false: no knowledge-base entry matched; the reply asks for a photo of the display or rating plate. */
  matched!: boolean;
}
