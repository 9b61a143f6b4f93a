import { randomBytes } from 'node:crypto';
import sharp from 'sharp';

/** A small JPEG whose EXIF says "rotate 90° clockwise" (orientation 6) and carries a GPS position. */
export async function jpegWithExif(width = 40, height = 20): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneCo', Model: 'Snap 3000' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '11/1 34/1 0/1' },
    })
    .toBuffer();
}

export function png(width = 16, height = 16): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 120, b: 255, alpha: 1 } } })
    .png()
    .toBuffer();
}

/** Random-noise PNG: barely compressible, so it is about width * height * 3 bytes. */
export function noisyPng(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

export const dataUrl = (bytes: Buffer, type = 'image/png'): string => `data:${type};base64,${bytes.toString('base64')}`;

/**
 * A GIF that is tiny on the wire but huge once decoded: a `width`×`height` canvas and `frames` frames,
 * each only one pixel (the hostile-load report's 1.5 KB, 1000×1000, 49-frame GIF). Written byte by byte:
 * no encoder makes such a file on purpose.
 */
export function sparseAnimatedGif(width = 1000, height = 1000, frames = 49): Buffer {
  const u16 = (n: number): number[] => [n & 0xff, n >> 8];
  const header = [
    ...Buffer.from('GIF89a'),
    ...u16(width),
    ...u16(height),
    0x80, // global colour table of 2 entries
    0,
    0,
    ...[0, 0, 0, 255, 255, 255],
    // NETSCAPE2.0: loop forever (what makes viewers treat it as an animation)
    ...[0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00],
  ];
  const frame = (i: number): number[] => [
    ...[0x21, 0xf9, 0x04, 0x00, ...u16(10), 0x00, 0x00], // graphic control: 100 ms
    ...[0x2c, ...u16(i % width), ...u16(i % height), ...u16(1), ...u16(1), 0x00], // a 1×1 image
    ...[0x02, 0x02, 0x44, 0x01, 0x00], // LZW (min code size 2): clear, pixel 0, end
  ];
  return Buffer.from([...header, ...Array.from({ length: frames }, (_, i) => frame(i)).flat(), 0x3b]);
}
