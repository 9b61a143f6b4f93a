import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Returns why a password is refused, or undefined when it is acceptable. Pure: used by the API and the CLI. */
export function passwordProblem(password: string, email?: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  const lowered = password.toLowerCase();
  if (email !== undefined) {
    const normalised = normaliseEmail(email);
    if (lowered === normalised || lowered === normalised.split('@')[0]) {
      return 'must not be your email address';
    }
  }
  if (COMMON_PASSWORDS.has(lowered)) {
    return 'is too common; choose a less guessable password';
  }
  return undefined;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
