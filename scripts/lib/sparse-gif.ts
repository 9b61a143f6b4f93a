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
