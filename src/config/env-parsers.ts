/**
 * Pure parsers for environment values. Each returns the parsed value or throws
 * an EnvError whose message is one human line naming the variable.
 */
export class EnvError extends Error {}

export type Env = Record<string, string | undefined>;

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** `900` (seconds), `15m`, `30d`, `12h`, `45s`, `500ms` -> seconds (may be fractional for ms). */
export function parseDurationSeconds(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!match) {
    throw new EnvError(`must be a duration: a number of seconds, or a number with ms, s, m, h or d (got "${raw}")`);
  }
  const seconds = Number(match[1]) * DURATION_UNITS[match[2] ?? 's'];
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new EnvError(`must be a positive duration (got "${raw}")`);
  }
  return seconds;
}

/** Reads variables and collects one line per bad variable instead of stopping at the first. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, opts: { min?: number; max?: number } = {}): number {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallback;
    }
    const value = Number(raw);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = opts;
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      return this.fail(name, `must be a whole number from ${min} to ${max} (got "${raw}")`, fallback);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name)?.toLowerCase();
    if (raw === undefined) {
      return fallback;
    }
    if (['true', '1', 'yes', 'on'].includes(raw)) {
      return true;
    }
    if (['false', '0', 'no', 'off'].includes(raw)) {
      return false;
    }
    return this.fail(name, `must be true or false (got "${raw}")`, fallback);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(raw)) {
      return this.fail(name, `must be one of ${allowed.join(', ')} (got "${raw}")`, fallback);
    }
    return raw as T;
  }

  /** Duration in milliseconds; accepts the formats of parseDurationSeconds. */
  durationMs(name: string, fallbackMs: number): number {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallbackMs;
    }
    try {
      return Math.round(parseDurationSeconds(raw) * 1000);
    } catch (error) {
      return this.fail(name, (error as Error).message, fallbackMs);
    }
  }

  /**
   * For variables whose name ends in _MS: a bare number is milliseconds (the name says so);
   * a number with a unit (`5s`, `2m`, `500ms`) is read with that unit.
   */
  durationMsNamedMs(name: string, fallbackMs: number): number {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallbackMs;
    }
    if (/^\d+$/.test(raw)) {
      return Number(raw);
    }
    return this.durationMs(name, fallbackMs);
  }

  list(name: string): string[] {
    const raw = this.raw(name);
    return raw === undefined
      ? []
      : raw
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item.length > 0);
  }

  /** Records a problem without echoing the value (for secrets). */
  fail<T>(name: string, message: string, fallback: T): T {
    this.problems.push(`${name} ${message}`);
    return fallback;
  }

  /** Throws one error whose message has one line per bad variable. */
  assertValid(): void {
    if (this.problems.length > 0) {
      throw new EnvError(this.problems.map((line) => `Invalid configuration: ${line}`).join('\n'));
    }
  }
}
