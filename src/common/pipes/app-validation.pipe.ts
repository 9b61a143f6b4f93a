import { ArgumentMetadata, HttpStatus, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { validateSync, ValidatorOptions } from 'class-validator';
import { ApiError, FieldError } from '../http/api-error';

/** Flattens class-validator's tree into `{field: "images[2]", message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field =
      parent === '' ? error.property : isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      result.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'is not allowed') });
    }
    if (error.children?.length) {
      result.push(...flattenValidationErrors(error.children, field));
    }
  }
  return result;
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Why PostgreSQL text (UTF-8) cannot store the string faithfully, or undefined. */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'must not contain U+0000';
  }
  // A lone UTF-16 surrogate ("\ud800" in JSON) has no UTF-8 form: stored, it would silently become U+FFFD,
  // and validator's length and e-mail checks throw on it.
  return LONE_SURROGATE.test(text) ? 'must be well-formed Unicode (no lone surrogates)' : undefined;
}

/**
 * The first string, anywhere in the value, that PostgreSQL text cannot store (U+0000, lone surrogates):
 * its path and why.
 */
export function findUnstorableText(value: unknown, path = ''): { field: string; message: string } | undefined {
  if (typeof value === 'string') {
    const message = unstorable(value);
    return message === undefined ? undefined : { field: path || 'value', message };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const found = findUnstorableText(child, path === '' ? key : `${path}.${key}`);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/**
 * The global pipe: whitelist + forbidNonWhitelisted (unknown fields are a 400, so no mass assignment),
 * transform to DTO instances, and per-field errors in the envelope.
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) =>
        new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', flattenValidationErrors(errors)),
    });
  }

  /**
   * Synchronous validation: every constraint in this code base is synchronous, and class-validator's
   * async `validate` builds a promise per property and constraint for nothing. A custom validator that
   * needs I/O would have to bring this back to `validate`.
   */
  protected override validate(object: object, validatorOptions?: ValidatorOptions): ValidationError[] {
    return validateSync(object, validatorOptions);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const found = findUnstorableText(value);
      if (found !== undefined) {
        throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Validation failed', [
          { field: metadata.type === 'body' ? found.field : (metadata.data ?? found.field), message: found.message },
        ]);
      }
    }
    return super.transform(value, metadata);
  }
}
