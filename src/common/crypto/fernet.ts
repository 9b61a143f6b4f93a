import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Fernet (https://github.com/fernet/spec) on node:crypto: version 0x80, 64-bit big-endian timestamp,
 * 128-bit IV, AES-128-CBC with PKCS#7 padding, HMAC-SHA256 over all of it; tokens are URL-safe base64
 * WITH `=` padding, exactly as Python's `cryptography.fernet.Fernet(key).encrypt(b).decode()` writes them.
 * Written here rather than taken from npm: the `fernet` package applies a 60 s TTL by default and
 * accepts some invalid spec vectors, and data at rest must decrypt with no TTL at all.
 */
export class InvalidToken extends Error {
  constructor(reason: string) {
    super(`Invalid Fernet token: ${reason}`);
  }
}

const VERSION = 0x80;
const HEADER = 1 + 8 + 16;
const HMAC_LENGTH = 32;
const MIN_LENGTH = HEADER + 16 + HMAC_LENGTH;
const MAX_CLOCK_SKEW_SECONDS = 60;
const URLSAFE_B64 = /^[A-Za-z0-9_-]*={0,2}$/;
const ZERO_IV = Buffer.alloc(16);

export interface DecryptOptions {
  ttlSeconds?: number;
  nowSeconds?: number;
}

/**
 * PKCS#7: the last byte n (1..16) says how many bytes of value n end the block; anything else is refused.
 * `padded` is whole blocks, at least one (the length check in `verify` guarantees it).
 */
function unpad(padded: Buffer): Buffer | InvalidToken {
  const n = padded[padded.length - 1];
  if (n < 1 || n > 16) {
    return new InvalidToken('bad padding');
  }
  for (let i = padded.length - n; i < padded.length - 1; i += 1) {
    if (padded[i] !== n) {
      return new InvalidToken('bad padding');
    }
  }
  return padded.subarray(0, padded.length - n);
}

/** Strict URL-safe base64 decoding (Node's own decoder silently skips invalid characters). */
export function decodeUrlsafeBase64(text: string): Buffer {
  if (!URLSAFE_B64.test(text) || text.length % 4 !== 0) {
    throw new InvalidToken('not URL-safe base64');
  }
  return Buffer.from(text, 'base64url');
}

/** URL-safe base64 with the `=` padding Python requires (Node's `base64url` drops it). */
export function encodeUrlsafeBase64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export class FernetKey {
  // KeyObjects: imported once, not on every HMAC and cipher (the hot path decrypts 50 tokens a read).
  readonly signingKey: KeyObject;
  readonly encryptionKey: KeyObject;

  constructor(key: string) {
    let raw: Buffer;
    try {
      raw = decodeUrlsafeBase64(key);
    } catch {
      throw new Error('A Fernet key must be 32 bytes in URL-safe base64');
    }
    if (raw.length !== 32) {
      throw new Error('A Fernet key must be 32 bytes in URL-safe base64');
    }
    this.signingKey = createSecretKey(raw.subarray(0, 16));
    this.encryptionKey = createSecretKey(raw.subarray(16));
  }

  /** Raw token bytes (the dense form, for bytea columns). */
  encryptToBytes(plaintext: Buffer, nowSeconds = Math.floor(Date.now() / 1000), iv: Buffer = randomBytes(16)): Buffer {
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const header = Buffer.alloc(9);
    header[0] = VERSION;
    header.writeBigUInt64BE(BigInt(nowSeconds), 1);
    const body = Buffer.concat([header, iv, ciphertext]);
    return Buffer.concat([body, createHmac('sha256', this.signingKey).update(body).digest()]);
  }

  encrypt(plaintext: Buffer | string, nowSeconds?: number, iv?: Buffer): string {
    const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    return encodeUrlsafeBase64(this.encryptToBytes(bytes, nowSeconds, iv));
  }

  /**
   * Verifies and decrypts raw token bytes. Without `ttlSeconds` (data at rest) the age is not checked;
   * with it, expired and far-future tokens are refused as the spec says.
   */
  decryptBytes(token: Buffer, options: DecryptOptions = {}): Buffer {
    const [result] = this.decryptMany([token], options);
    if (result instanceof InvalidToken) {
      throw result;
    }
    return result;
  }

  /**
   * Verifies and decrypts several tokens: each entry is the plaintext or the InvalidToken that token
   * earned. Every HMAC is checked before anything is decrypted (as the spec orders). The AES work is one
   * CBC pass: each token's IV‖ciphertext region, back to back, under a zero IV. In CBC a block decrypts
   * to D(C[j]) XOR C[j-1], so the first block of a token's ciphertext is XORed with that token's own IV,
   * exactly as if it were decrypted alone; only the IV blocks themselves decrypt to garbage, and they are
   * skipped. A session read opens 50 tokens, and one decipher per token cost ten times the AES itself
   * (figures in the README). PKCS#7 padding is then checked per token.
   */
  decryptMany(tokens: readonly Buffer[], options: DecryptOptions = {}): (Buffer | InvalidToken)[] {
    const results: (Buffer | InvalidToken)[] = new Array<Buffer | InvalidToken>(tokens.length);
    const regions: Buffer[] = [];
    const owners: number[] = [];
    for (let i = 0; i < tokens.length; i += 1) {
      const checked = this.verify(tokens[i], options);
      if (checked instanceof InvalidToken) {
        results[i] = checked;
      } else {
        regions.push(checked);
        owners.push(i);
      }
    }
    if (regions.length === 0) {
      return results;
    }
    const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, ZERO_IV);
    decipher.setAutoPadding(false);
    const stream = regions.length === 1 ? regions[0] : Buffer.concat(regions);
    const plain = decipher.update(stream);
    decipher.final();
    let offset = 0;
    for (let r = 0; r < regions.length; r += 1) {
      const end = offset + regions[r].length;
      results[owners[r]] = unpad(plain.subarray(offset + 16, end));
      offset = end;
    }
    return results;
  }

  /** Length, version, age (with a TTL) and HMAC; returns the token's IV‖ciphertext region. */
  private verify(token: Buffer, options: DecryptOptions): Buffer | InvalidToken {
    if (token.length < MIN_LENGTH || (token.length - HEADER - HMAC_LENGTH) % 16 !== 0) {
      return new InvalidToken('wrong length');
    }
    if (token[0] !== VERSION) {
      return new InvalidToken('unknown version');
    }
    if (options.ttlSeconds !== undefined) {
      const timestamp = Number(token.readBigUInt64BE(1));
      const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
      if (timestamp + options.ttlSeconds < now) {
        return new InvalidToken('expired');
      }
      if (now + MAX_CLOCK_SKEW_SECONDS < timestamp) {
        return new InvalidToken('timestamp too far in the future');
      }
    }
    const body = token.subarray(0, token.length - HMAC_LENGTH);
    const expected = createHmac('sha256', this.signingKey).update(body).digest();
    if (!timingSafeEqual(expected, token.subarray(token.length - HMAC_LENGTH))) {
      return new InvalidToken('signature mismatch');
    }
    return token.subarray(9, token.length - HMAC_LENGTH);
  }

  decrypt(token: string, options: DecryptOptions = {}): Buffer {
    return this.decryptBytes(decodeUrlsafeBase64(token), options);
  }
}

/** The current key encrypts; it and the previous keys decrypt (like Python's MultiFernet). */
export class FernetKeyring {
  readonly keys: FernetKey[];

  constructor(current: string, previous: string[] = []) {
    this.keys = [current, ...previous].map((key) => new FernetKey(key));
  }

  get current(): FernetKey {
    return this.keys[0];
  }

  /** Returns the plaintext and which key opened it (0 = current): rotation re-encrypts the others. */
  open(token: Buffer): OpenedToken {
    const [result] = this.openMany([token]);
    if (result instanceof InvalidToken) {
      throw result;
    }
    return result;
  }

  /** `open` for several tokens at once (one AES pass per key): each entry opened or an InvalidToken. */
  openMany(tokens: readonly Buffer[]): (OpenedToken | InvalidToken)[] {
    const results: (OpenedToken | InvalidToken)[] = new Array<OpenedToken | InvalidToken>(tokens.length);
    let pending = tokens.map((_, index) => index);
    for (let k = 0; k < this.keys.length && pending.length > 0; k += 1) {
      const opened = this.keys[k].decryptMany(pending.map((index) => tokens[index]));
      const failed: number[] = [];
      opened.forEach((result, j) => {
        const index = pending[j];
        if (result instanceof InvalidToken) {
          results[index] = result;
          failed.push(index);
        } else {
          results[index] = { plaintext: result, keyIndex: k };
        }
      });
      pending = failed;
    }
    return results;
  }
}

export interface OpenedToken {
  plaintext: Buffer;
  keyIndex: number;
}
