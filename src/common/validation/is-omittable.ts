import { ValidateIf } from 'class-validator';

/**
 * The property may be left out; when it is present it is validated, `null` included (and then refused by
 * its type check). class-validator's @IsOptional() also skips `null`, which let `{"role": null}` through to
 * a NOT NULL column as a 500 (found by the fuzzer). Use @IsOptional() only where null means "absent" on
 * purpose.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value: unknown) => value !== undefined);
}
