import { Transform } from 'class-transformer';

/**
 * Create bodies (the legacy contract): an optional field sent as `null` means "not given", so it takes
 * its default. Use with @IsOmittable(); never on update bodies, where `null` clears a nullable field.
 */
export function AbsentIfNull(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === null ? undefined : value));
}

/** Like AbsentIfNull, for optional free text: `null`, `""` and whitespace alone mean "not given". */
export function AbsentIfBlank(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value,
  );
}
