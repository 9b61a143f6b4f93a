import { Injectable } from '@nestjs/common';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

/** OWASP Password Storage Cheat Sheet minimum for argon2id: m = 19 MiB, t = 2, p = 1. */
/** @node-rs/argon2's Algorithm is an ambient const enum (unusable with isolatedModules): 0 d, 1 i, 2 id. */
export const ARGON2ID = 2 as Algorithm;
export const ARGON2I = 1 as Algorithm;

export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface VerifyResult {
  valid: boolean;
  /** The stored hash is bcrypt or weaker argon2: re-hash the password now that we know it. */
  needsRehash: boolean;
}

const ARGON2_PHC = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/;
const BCRYPT = /^\$2[aby]\$\d{2}\$/;

/**
 * Password hashing with argon2id (@node-rs/argon2 runs on the libuv pool, off the event loop).
 * Verifies legacy bcrypt hashes (passlib's `$2a$`/`$2b$`) so migrated accounts log in, then asks for
 * an upgrade. Passwords are never truncated (argon2 takes them whole; bcrypt's 72-byte limit only
 * applies to legacy hashes, which are replaced on that login).
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_PARAMS);
  }

  /** `storedHash` null: an account without a password (imported from Google sign-in); nothing opens it. */
  async verify(storedHash: string | null, password: string): Promise<VerifyResult> {
    if (storedHash === null) {
      await this.verifyDummy(password);
      return { valid: false, needsRehash: false };
    }
    const argon = ARGON2_PHC.exec(storedHash);
    if (argon) {
      const valid = await verify(storedHash, password).catch(() => false);
      const [, variant, m, t, p] = argon;
      const weaker =
        variant !== 'argon2id' ||
        Number(m) < ARGON2_PARAMS.memoryCost ||
        Number(t) < ARGON2_PARAMS.timeCost ||
        Number(p) < ARGON2_PARAMS.parallelism;
      return { valid, needsRehash: valid && weaker };
    }
    if (BCRYPT.test(storedHash)) {
      const valid = await bcrypt.compare(password, storedHash).catch(() => false);
      return { valid, needsRehash: valid };
    }
    return { valid: false, needsRehash: false };
  }

  /**
   * Runs a full verification against a fixed hash, so a login for an unknown email costs the same
   * as one with a wrong password (no user enumeration by timing).
   */
  async verifyDummy(password: string): Promise<void> {
    this.dummyHash ??= this.hash('dummy-password-for-unknown-accounts');
    await this.verify(await this.dummyHash, password);
  }
}
