import { FieldError } from '../../common/http/api-error';

export interface ConditionalFields {
  diagnosis_correct: boolean;
  parts_sufficient: boolean;
  second_trip_required: boolean;
  actual_problem?: string;
  actual_solution?: string;
  actual_problem_category?: string;
  missing_parts?: string[];
  second_trip_reason?: string;
}

interface Rule {
  when: (f: ConditionalFields) => boolean;
  because: string;
  /** Required when the condition holds (as in the legacy app). */
  required: (keyof ConditionalFields)[];
  /** Our structured fields: optional when it holds, refused when it does not. */
  onlyThen: (keyof ConditionalFields)[];
}

const RULES: Rule[] = [
  {
    when: (f) => f.diagnosis_correct === false,
    because: 'diagnosis_correct is false',
    required: ['actual_problem', 'actual_solution'],
    onlyThen: ['actual_problem_category'],
  },
  {
    when: (f) => f.parts_sufficient === false,
    because: 'parts_sufficient is false',
    required: [],
    onlyThen: ['missing_parts'],
  },
  {
    when: (f) => f.second_trip_required === true,
    because: 'second_trip_required is true',
    required: [],
    onlyThen: ['second_trip_reason'],
  },
];

function present(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/**
 * The conditional fields of a technician report: a wrong diagnosis requires the actual problem and
 * solution (as the legacy app does); our structured fields (category, missing parts, second-trip reason)
 * are optional when their condition holds and refused when it does not (no silent garbage). The legacy
 * free-text fields are kept whatever the flags say. Pure, so the rules are unit-tested on their own.
 */
export function conditionalFieldErrors(fields: ConditionalFields): FieldError[] {
  const errors: FieldError[] = [];
  for (const rule of RULES) {
    const applies = rule.when(fields);
    for (const name of rule.required) {
      if (applies && !present(fields[name])) {
        errors.push({ field: name, message: `is required when ${rule.because}` });
      }
    }
    for (const name of rule.onlyThen) {
      if (!applies && fields[name] !== undefined) {
        errors.push({ field: name, message: `must be omitted unless ${rule.because}` });
      }
    }
  }
  return errors;
}
