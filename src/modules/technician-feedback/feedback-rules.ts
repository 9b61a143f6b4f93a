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

const RULES: { when: (f: ConditionalFields) => boolean; because: string; fields: (keyof ConditionalFields)[] }[] = [
  {
    when: (f) => f.diagnosis_correct === false,
    because: 'diagnosis_correct is false',
    fields: ['actual_problem', 'actual_solution', 'actual_problem_category'],
  },
  { when: (f) => f.parts_sufficient === false, because: 'parts_sufficient is false', fields: ['missing_parts'] },
  {
    when: (f) => f.second_trip_required === true,
    because: 'second_trip_required is true',
    fields: ['second_trip_reason'],
  },
];

function present(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/**
 * The conditional fields of a technician report: each is required when its condition holds and refused
 * when it does not (no silent garbage). Pure, so the rules are unit-tested on their own.
 */
export function conditionalFieldErrors(fields: ConditionalFields): FieldError[] {
  const errors: FieldError[] = [];
  for (const rule of RULES) {
    const applies = rule.when(fields);
    for (const name of rule.fields) {
      if (applies && !present(fields[name])) {
        errors.push({ field: name, message: `is required when ${rule.because}` });
      } else if (!applies && fields[name] !== undefined) {
        errors.push({ field: name, message: `must be omitted unless ${rule.because}` });
      }
    }
  }
  return errors;
}
