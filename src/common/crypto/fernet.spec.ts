import { execFileSync } from 'node:child_process';
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUrlsafeBase64, FernetKey, FernetKeyring, InvalidToken } from './fernet';

// The published spec's vectors (github.com/fernet/spec), kept in test/fixtures/fernet.
const VECTORS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'fernet');
const load = <T>(name: string): T[] => JSON.parse(readFileSync(join(VECTORS, name), 'utf8')) as T[];
const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

interface Vector {
  token: string;
  now: string;
  secret: string;
  src?: string;
  iv?: number[];
  ttl_sec?: number;
  desc?: string;
}

describe('Fernet spec vectors', () => {
  it.each(load<Vector>('generate.json'))('generates $token', (v) => {
    const key = new FernetKey(v.secret);
    expect(key.encrypt(v.src ?? '', seconds(v.now), Buffer.from(v.iv ?? []))).toBe(v.token);
  });

  it.each(load<Vector>('verify.json'))('verifies $token', (v) => {
    const key = new FernetKey(v.secret);
    expect(key.decrypt(v.token, { ttlSeconds: v.ttl_sec, nowSeconds: seconds(v.now) }).toString()).toBe(v.src);
  });

  it.each(load<Vector>('invalid.json'))('refuses: $desc', (v) => {
    const key = new FernetKey(v.secret);
    expect(() => key.decrypt(v.token, { ttlSeconds: v.ttl_sec, nowSeconds: seconds(v.now) })).toThrow(InvalidToken);
  });
});

describe('FernetKey', () => {
  const key = new FernetKey('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=');

  it('writes padded URL-safe base64 tokens and decrypts them without a TTL (data at rest)', () => {
    const token = key.encrypt('x', seconds('2001-01-01T00:00:00Z'));
    expect(token).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(token.length % 4).toBe(0);
    expect(key.decrypt(token).toString()).toBe('x');
  });

  it('round-trips empty, unicode and binary plaintexts', () => {
    for (const plaintext of [Buffer.alloc(0), Buffer.from('Fehler E24 — Pumpe 🚿'), Buffer.from([0, 255, 1, 254])]) {
      expect(key.decrypt(key.encrypt(plaintext))).toEqual(plaintext);
    }
  });

  it('refuses unpadded tokens and stray characters instead of guessing', () => {
    const token = key.encrypt('hello');
    expect(() =>
      decodeUrlsafeBase64(token.slice(0, token.indexOf('=') === -1 ? undefined : token.indexOf('=')) + '.'),
    ).toThrow(InvalidToken);
    expect(() => key.decrypt(`${token.slice(0, 10)}!${token.slice(11)}`)).toThrow(InvalidToken);
  });

  it('rejects a key that is not 32 bytes of URL-safe base64', () => {
    expect(() => new FernetKey('short')).toThrow('32 bytes');
  });
});

describe('FernetKey.decryptMany (one AES pass for many tokens)', () => {
  const secret = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
  const key = new FernetKey(secret);
  const raw = decodeUrlsafeBase64(secret);

  /** A token with a valid HMAC whose plaintext ends in `lastBlock` unpadded (bad PKCS#7 by construction). */
  function badlyPadded(lastBlock: Buffer): Buffer {
    const iv = Buffer.alloc(16, 9);
    const cipher = createCipheriv('aes-128-cbc', raw.subarray(16), iv);
    cipher.setAutoPadding(false);
    const body = Buffer.concat([
      Buffer.from([0x80, 0, 0, 0, 0, 0, 0, 0, 1]),
      iv,
      cipher.update(lastBlock),
      cipher.final(),
    ]);
    return Buffer.concat([body, createHmac('sha256', raw.subarray(0, 16)).update(body).digest()]);
  }

  it('gives every token in a mixed batch exactly what it gets alone', () => {
    const plaintexts = [0, 1, 15, 16, 17, 31, 32, 1000].map((n) => randomBytes(n));
    const valid = plaintexts.map((p) => key.encryptToBytes(p));
    const tampered = Buffer.from(valid[4]);
    tampered[30] ^= 1;
    const bad = [
      tampered,
      valid[2].subarray(0, 40),
      new FernetKey(Buffer.alloc(32, 3).toString('base64url') + '=').encryptToBytes(Buffer.from('other key')),
      badlyPadded(Buffer.alloc(16, 0)),
      badlyPadded(Buffer.from([...Buffer.alloc(14, 1), 2, 3])),
      badlyPadded(Buffer.alloc(16, 17)),
    ];
    // Interleave good and bad so every bad token sits between good ones in the AES stream.
    const batch = valid.flatMap((token, i) => (bad[i] ? [token, bad[i]] : [token]));
    const results = key.decryptMany(batch);
    expect(results).toHaveLength(batch.length);
    results.forEach((result, i) => {
      const alone = ((): Buffer | InvalidToken => {
        try {
          return key.decryptBytes(batch[i]);
        } catch (error) {
          return error as InvalidToken;
        }
      })();
      expect(result).toEqual(alone);
    });
    expect(results.filter((r) => r instanceof Buffer)).toEqual(plaintexts);
    expect(results.filter((r) => r instanceof InvalidToken).map((r) => (r as InvalidToken).message)).toEqual([
      'Invalid Fernet token: signature mismatch',
      'Invalid Fernet token: wrong length',
      'Invalid Fernet token: signature mismatch',
      'Invalid Fernet token: bad padding',
      'Invalid Fernet token: bad padding',
      'Invalid Fernet token: bad padding',
    ]);
  });

  it('refuses the invalid spec vectors and opens the valid ones when they come as one batch', () => {
    const verify = load<Vector>('verify.json');
    const invalid = load<Vector>('invalid.json').filter(
      (v) => v.now === verify[0].now && /^[A-Za-z0-9_=-]+$/.test(v.token),
    );
    const results = key.decryptMany(
      [...verify, ...invalid].map((v) => Buffer.from(v.token, 'base64url')),
      { ttlSeconds: verify[0].ttl_sec, nowSeconds: seconds(verify[0].now) },
    );
    expect(results.slice(0, verify.length).map((r) => r.toString())).toEqual(verify.map((v) => v.src));
    expect(results.slice(verify.length).every((r) => r instanceof InvalidToken)).toBe(true);
    expect(invalid.length).toBeGreaterThanOrEqual(5);
  });

  it('gives an empty batch an empty answer', () => {
    expect(key.decryptMany([])).toEqual([]);
  });
});

describe('FernetKeyring', () => {
  const oldKey = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
  const newKey = Buffer.alloc(32, 7).toString('base64url') + '=';

  it('opens a batch under several keys, each token under the key that made it', () => {
    const ring = new FernetKeyring(newKey, [oldKey]);
    const tokens = [
      ring.current.encryptToBytes(Buffer.from('a')),
      new FernetKey(oldKey).encryptToBytes(Buffer.from('b')),
      Buffer.from('not a token at all, long enough to pass the length check....... 0123456789abcdef'),
      ring.current.encryptToBytes(Buffer.from('c')),
    ];
    const results = ring.openMany(tokens);
    expect(results[0]).toEqual({ plaintext: Buffer.from('a'), keyIndex: 0 });
    expect(results[1]).toEqual({ plaintext: Buffer.from('b'), keyIndex: 1 });
    expect(results[2]).toBeInstanceOf(InvalidToken);
    expect(results[3]).toEqual({ plaintext: Buffer.from('c'), keyIndex: 0 });
  });

  it('decrypts with previous keys and says which key opened the token', () => {
    const old = new FernetKey(oldKey).encryptToBytes(Buffer.from('legacy'));
    const ring = new FernetKeyring(newKey, [oldKey]);
    expect(ring.open(old)).toEqual({ plaintext: Buffer.from('legacy'), keyIndex: 1 });
    expect(ring.open(ring.current.encryptToBytes(Buffer.from('new'))).keyIndex).toBe(0);
    expect(() => new FernetKeyring(newKey).open(old)).toThrow(InvalidToken);
  });
});

describe('Interop with Python cryptography', () => {
  const secret = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
  const python = (code: string, input: string): string =>
    execFileSync('python3', ['-c', code], { input, encoding: 'utf8' }).trim();

  it('decrypts a token made by Python, and Python decrypts ours', () => {
    const fromPython = python(
      `import sys; from cryptography.fernet import Fernet; print(Fernet(b"${secret}").encrypt(sys.stdin.read().encode()).decode())`,
      'Waschmaschine zeigt E24 ✓',
    );
    expect(new FernetKey(secret).decrypt(fromPython).toString()).toBe('Waschmaschine zeigt E24 ✓');
    const ours = new FernetKey(secret).encrypt('réfrigérateur 5E');
    expect(
      python(
        `import sys; from cryptography.fernet import Fernet; print(Fernet(b"${secret}").decrypt(sys.stdin.read().strip().encode()).decode())`,
        ours,
      ),
    ).toBe('réfrigérateur 5E');
  });
});
