import { hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { ARGON2_PARAMS, ARGON2I, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const stored = await hasher.hash('a long enough password');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hasher.verify(stored, 'a long enough password')).resolves.toEqual({ valid: true, needsRehash: false });
    await expect(hasher.verify(stored, 'a long enough passwore')).resolves.toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('does not truncate long passwords', async () => {
    const long = 'p'.repeat(100);
    const stored = await hasher.hash(long);
    await expect(hasher.verify(stored, long + 'x')).resolves.toMatchObject({ valid: false });
  });

  it('verifies a legacy bcrypt hash ($2b$ as passlib writes it) and asks for an upgrade', async () => {
    const legacy = bcrypt.hashSync('legacy password 1', 12).replace(/^\$2a\$/, '$2b$');
    await expect(hasher.verify(legacy, 'legacy password 1')).resolves.toEqual({ valid: true, needsRehash: true });
    await expect(hasher.verify(legacy, 'legacy password 2')).resolves.toEqual({ valid: false, needsRehash: false });
  });

  it('asks to upgrade a weaker argon2 hash', async () => {
    const weak = await hash('weak params password', { ...ARGON2_PARAMS, memoryCost: 4096, timeCost: 1 });
    await expect(hasher.verify(weak, 'weak params password')).resolves.toEqual({ valid: true, needsRehash: true });
    const argon2i = await hash('argon2i password', { ...ARGON2_PARAMS, algorithm: ARGON2I });
    await expect(hasher.verify(argon2i, 'argon2i password')).resolves.toEqual({ valid: true, needsRehash: true });
  });

  it('refuses unknown hash formats', async () => {
    await expect(hasher.verify('plaintext', 'plaintext')).resolves.toEqual({ valid: false, needsRehash: false });
  });
});
