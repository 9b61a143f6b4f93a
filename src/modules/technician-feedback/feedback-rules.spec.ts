import { conditionalFieldErrors } from './feedback-rules';

const base = { diagnosis_correct: true, parts_sufficient: true, second_trip_required: false };

describe('conditionalFieldErrors', () => {
  it('accepts a clean visit with no conditional fields', () => {
    expect(conditionalFieldErrors(base)).toEqual([]);
  });

  it('requires the actual problem and solution when the diagnosis was wrong (the category is optional)', () => {
    expect(
      conditionalFieldErrors({ ...base, diagnosis_correct: false, actual_problem: '  ' }).map((e) => e.field),
    ).toEqual(['actual_problem', 'actual_solution']);
    expect(
      conditionalFieldErrors({
        ...base,
        diagnosis_correct: false,
        actual_problem: 'pump',
        actual_solution: 'replaced',
      }),
    ).toEqual([]);
    expect(
      conditionalFieldErrors({
        ...base,
        diagnosis_correct: false,
        actual_problem: 'pump',
        actual_solution: 'replaced',
        actual_problem_category: 'drain_pump',
      }),
    ).toEqual([]);
  });

  it('refuses our structured fields whose condition does not hold, and keeps the legacy free text', () => {
    expect(
      conditionalFieldErrors({
        ...base,
        actual_problem: 'x',
        actual_problem_category: 'motor',
        missing_parts: ['belt'],
        second_trip_reason: 'y',
      }),
    ).toEqual([
      { field: 'actual_problem_category', message: 'must be omitted unless diagnosis_correct is false' },
      { field: 'missing_parts', message: 'must be omitted unless parts_sufficient is false' },
      { field: 'second_trip_reason', message: 'must be omitted unless second_trip_required is true' },
    ]);
  });

  it('leaves missing parts and a second-trip reason optional when those conditions hold', () => {
    expect(conditionalFieldErrors({ ...base, parts_sufficient: false, second_trip_required: true })).toEqual([]);
  });
});
