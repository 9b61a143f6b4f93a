import { randomBytes } from 'node:crypto';
import { SealedBlobs } from './encrypted-columns';
import { FernetKey } from './fernet';

describe('SealedBlobs prefixes (reading only the first images of a message)', () => {
  const key = new FernetKey(randomBytes(32).toString('base64url') + '=');
  const sizes = [0, 15, 16, 17, 1000, 4096];
  const container = SealedBlobs.pack(sizes.map((size) => key.encryptToBytes(randomBytes(size))));

  it('computes exactly where each blob ends from the plaintext sizes', () => {
    expect(SealedBlobs.prefixLength(sizes, sizes.length)).toBe(container.length);
    for (let count = 0; count <= sizes.length; count += 1) {
      const prefix = container.subarray(0, SealedBlobs.prefixLength(sizes, count));
      expect(SealedBlobs.isWhole(prefix)).toBe(true);
      expect(new SealedBlobs(prefix).count).toBe(count);
    }
  });

  it('tells a prefix cut inside a blob (sizes that do not match) from a whole one', () => {
    expect(SealedBlobs.isWhole(container.subarray(0, SealedBlobs.prefixLength(sizes, 3) - 1))).toBe(false);
    expect(SealedBlobs.isWhole(container.subarray(0, SealedBlobs.prefixLength([20, 20, 20], 3)))).toBe(false);
    expect(SealedBlobs.isWhole(container.subarray(0, 2))).toBe(false);
  });
});
