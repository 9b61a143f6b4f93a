import { normaliseEmail, passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('correct horse battery', 'a@b.example')).toBeUndefined();
  });

  it.each([
    ['short', 'must be at least 10 characters'],
    ['x'.repeat(129), 'must be at most 128 characters'],
    ['Password123', 'is too common; choose a less guessable password'],
    ['QWERTYUIOP', 'is too common; choose a less guessable password'],
    ['Jane.Doe@Example.com', 'must not be your email address'],
    ['jane.doe12', 'must not be your email address'],
  ])('refuses %p', (password, problem) => {
    const email = password === 'jane.doe12' ? 'JANE.DOE12@example.com' : 'jane.doe@example.com';
    expect(passwordProblem(password, email)).toBe(problem);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(passwordProblem('🔒'.repeat(10))).toBeUndefined();
    expect(passwordProblem('🔒'.repeat(9))).toBe('must be at least 10 characters');
  });

  it('normalises emails', () => {
    expect(normaliseEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });
});
