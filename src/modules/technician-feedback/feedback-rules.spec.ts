import { conditionalFieldErrors } from './feedback-rules';

const base = { diagnosis_correct: true, parts_sufficient: true, second_trip_required: false };

describe('conditionalFieldErrors', () => {
  it('accepts a clean visit with no conditional fields', () => {
    expect(conditionalFieldErrors(base)).toEqual([]);
  });

  it('requires the actual problem, solution and category when the diagnosis was wrong', () => {
    expect(
      conditionalFieldErrors({ ...base, diagnosis_correct: false, actual_problem: '  ' }).map((e) => e.field),
    ).toEqual(['actual_problem', 'actual_solution', 'actual_problem_category']);
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

  it('refuses conditional fields whose condition does not hold', () => {
    expect(
      conditionalFieldErrors({ ...base, actual_problem: 'x', missing_parts: ['belt'], second_trip_reason: 'y' }),
    ).toEqual([
      { field: 'actual_problem', message: 'must be omitted unless diagnosis_correct is false' },
      { field: 'missing_parts', message: 'must be omitted unless parts_sufficient is false' },
      { field: 'second_trip_reason', message: 'must be omitted unless second_trip_required is true' },
    ]);
  });

  it('requires missing parts and a second-trip reason when those conditions hold', () => {
    expect(conditionalFieldErrors({ ...base, parts_sufficient: false, second_trip_required: true })).toEqual([
      { field: 'missing_parts', message: 'is required when parts_sufficient is false' },
      { field: 'second_trip_reason', message: 'is required when second_trip_required is true' },
    ]);
  });
});
