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
  decryptBytes(token: Buffer, options: { ttlSeconds?: number; nowSeconds?: number } = {}): Buffer {
    if (token.length < MIN_LENGTH || (token.length - HEADER - HMAC_LENGTH) % 16 !== 0) {
      throw new InvalidToken('wrong length');
    }
    if (token[0] !== VERSION) {
      throw new InvalidToken('unknown version');
    }
    const timestamp = Number(token.readBigUInt64BE(1));
    if (options.ttlSeconds !== undefined) {
      const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
      if (timestamp + options.ttlSeconds < now) {
        throw new InvalidToken('expired');
      }
      if (now + MAX_CLOCK_SKEW_SECONDS < timestamp) {
        throw new InvalidToken('timestamp too far in the future');
      }
    }
    const body = token.subarray(0, token.length - HMAC_LENGTH);
    const expected = createHmac('sha256', this.signingKey).update(body).digest();
    if (!timingSafeEqual(expected, token.subarray(token.length - HMAC_LENGTH))) {
      throw new InvalidToken('signature mismatch');
    }
    const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, token.subarray(9, HEADER));
    try {
      const head = decipher.update(token.subarray(HEADER, token.length - HMAC_LENGTH));
      const tail = decipher.final();
      return tail.length === 0 ? head : Buffer.concat([head, tail]);
    } catch {
      throw new InvalidToken('bad padding');
    }
  }

  decrypt(token: string, options: { ttlSeconds?: number; nowSeconds?: number } = {}): Buffer {
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
  open(token: Buffer): { plaintext: Buffer; keyIndex: number } {
    for (let i = 0; i < this.keys.length; i += 1) {
      try {
        return { plaintext: this.keys[i].decryptBytes(token), keyIndex: i };
      } catch (error) {
        if (!(error instanceof InvalidToken) || i === this.keys.length - 1) {
          throw error;
        }
      }
    }
    throw new InvalidToken('no key');
  }
}
