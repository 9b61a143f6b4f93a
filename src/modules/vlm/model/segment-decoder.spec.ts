import sharp from 'sharp';
import { displayPanel, mulberry32 } from '../../../../scripts/lib/appliance-scenes';
import { readSegments } from './segment-decoder';

async function rgb(svg: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('readSegments', () => {
  it.each(['E24', '4C', 'dE', '1E', 'F9E1', '5Ud', 'nF', 'HC', 'PF'])(
    'reads %s from a seven-segment panel whose unlit segments show faintly',
    async (code) => {
      for (const seed of [1, 2, 3]) {
        const panel = displayPanel(code, 'segment', mulberry32(seed));
        const image = await rgb(panel.svg);
        const reading = readSegments(image, { left: 0, top: 0, width: image.width, height: image.height });
        expect({ seed, text: reading?.text }).toEqual({ seed, text: code });
        expect(reading!.crispness).toBeGreaterThan(0.6);
      }
    },
  );

  it('declines a region that is not a segment display', async () => {
    const flat = await rgb(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="100%" height="100%" fill="#777"/></svg>',
    );
    expect(readSegments(flat, { left: 0, top: 0, width: 120, height: 60 })).toBeUndefined();
    const words = await rgb(
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="55" font-family="DejaVu Sans" font-size="40">Serial No. 12345678</text></svg>',
    );
    expect(readSegments(words, { left: 0, top: 0, width: 600, height: 80 })).toBeUndefined();
  });
});
