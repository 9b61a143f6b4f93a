import { UrlSigner } from './url-signer';

describe('UrlSigner', () => {
  let now = Date.UTC(2026, 11, 2, 10, 0, 0);
  const signer = new UrlSigner('a-secret-of-enough-length-0123456789', 600, () => now);
  const path = '/api/chat/sessions/s/messages/m/images/0';
  const parts = (url: string) =>
    Object.fromEntries(new URL(url, 'http://x').searchParams) as { exp: string; sig: string };

  it('signs a path until its expiry (rounded up to a minute), and no other path', () => {
    const { exp, sig } = parts(signer.sign(path));
    expect(Number(exp) % 60).toBe(0);
    expect(Number(exp) * 1000 - now).toBeGreaterThanOrEqual(600_000);
    expect(signer.verify(path, exp, sig)).toBe(true);
    expect(signer.verify(path.replace('/0', '/1'), exp, sig)).toBe(false);
    expect(signer.verify(path, String(Number(exp) + 60), sig)).toBe(false);
    expect(signer.verify(path, exp, sig.slice(1))).toBe(false);
    expect(signer.verify(path, undefined, sig)).toBe(false);
    expect(signer.verify(path, '1e9', sig)).toBe(false);
  });

  it('refuses an expired URL and one signed with another secret', () => {
    const { exp, sig } = parts(signer.sign(path));
    expect(new UrlSigner('another-secret-of-enough-length-0123', 600, () => now).verify(path, exp, sig)).toBe(false);
    now += 11 * 60_000;
    expect(signer.verify(path, exp, sig)).toBe(false);
  });
});
