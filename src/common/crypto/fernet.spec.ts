import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeUrlsafeBase64, FernetKey, FernetKeyring, InvalidToken } from './fernet';

// The published spec's vectors (github.com/fernet/spec), as given in ../shared/vectors/fernet.
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
    expect(() => decodeUrlsafeBase64(token.replace(/=+$/, '') + '.')).toThrow(InvalidToken);
    expect(() => key.decrypt(`${token.slice(0, 10)}!${token.slice(11)}`)).toThrow(InvalidToken);
  });

  it('rejects a key that is not 32 bytes of URL-safe base64', () => {
    expect(() => new FernetKey('short')).toThrow('32 bytes');
  });
});

describe('FernetKeyring', () => {
  const oldKey = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
  const newKey = Buffer.alloc(32, 7).toString('base64url') + '=';

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
