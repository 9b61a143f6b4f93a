import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The ISO 8601 forms the API accepts for dates and instants: a calendar date (`2026-03-01`, midnight UTC) or
 * a date-time with optional seconds, fraction and offset (`2026-03-01T09:30`, `…:00.123Z`, `…+03:00`; no
 * offset reads as UTC). Week dates (`2020-W01`), ordinal dates (`2020-123`), impossible days (`2020-02-30`)
 * and years outside 1–9999 are refused: PostgreSQL and JavaScript disagree on those, so they are a 400.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export const TIMESTAMP_MESSAGE =
  'must be an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ) in years 0001 to 9999';

/** The instant `value` names, or null when it is not one of the accepted forms or not a real date. */
export function parseTimestamp(value: string): Date | null {
  const m = TIMESTAMP.exec(value);
  if (m === null) {
    return null;
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) =>
    part === undefined ? 0 : Number(part),
  );
  const millis = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return null; // 2020-02-30 rolled over into March
  }
  const offset = m[8];
  if (offset !== undefined && offset.toUpperCase() !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) {
      return null;
    }
    date.setTime(date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  }
  return date;
}

/** class-validator rule: a string `parseTimestamp` reads. */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimestamp',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseTimestamp(value) !== null,
        defaultMessage: () => `$property ${TIMESTAMP_MESSAGE}`,
      },
    },
    options,
  );
}
