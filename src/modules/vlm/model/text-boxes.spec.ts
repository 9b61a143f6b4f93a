import { ctcGreedyDecode } from './ctc-decode';
import { rectToQuad, textRegions } from './text-boxes';

describe('textRegions (DB post-processing)', () => {
  it('finds each blob above the threshold, grows it by the unclip distance and orders by reading order', () => {
    const width = 40;
    const height = 20;
    const map = new Float32Array(width * height);
    const fill = (x0: number, y0: number, x1: number, y1: number, p: number): void => {
      for (let y = y0; y <= y1; y += 1) {
        for (let x = x0; x <= x1; x += 1) {
          map[y * width + x] = p;
        }
      }
    };
    fill(25, 2, 34, 5, 0.9); // right, top line
    fill(2, 3, 11, 6, 0.8); // left, same line
    fill(5, 12, 14, 15, 0.9); // second line
    fill(20, 14, 20, 14, 0.99); // a speck: too small
    fill(30, 12, 35, 16, 0.35); // weak: mean below the box threshold
    const regions = textRegions(map, width, height);
    const distance = (10 * 4 * 1.6) / (2 * 14); // area * ratio / perimeter of a 10 x 4 kernel
    expect(regions.map((r) => Math.round(r.left))).toEqual([0, 23, 3]); // the first is clamped at the edge
    const right = regions[1];
    expect(right.left).toBeCloseTo(25 - distance);
    expect(right.width).toBeCloseTo(10 + 2 * distance);
    expect(right.top).toBe(0); // clamped
    expect(regions[2].top).toBeCloseTo(12 - distance);
    expect(regions[2].height).toBeCloseTo(4 + 2 * distance);
    expect(right.score).toBeCloseTo(0.9);
    expect(regions[0].score).toBeCloseTo(0.8);
    expect(rectToQuad({ left: 1, top: 2, width: 3, height: 4 })).toEqual([
      [1, 2],
      [4, 2],
      [4, 6],
      [1, 6],
    ]);
  });
});

describe('ctcGreedyDecode', () => {
  it('collapses repeats, drops blanks and maps classes to the charset', () => {
    const charset = ['E', '2', '4'];
    // steps: E E blank 2 2 blank 2 4  -> "E224"
    const best = [1, 1, 0, 2, 2, 0, 2, 3];
    const probs = new Float32Array(best.length * 4);
    best.forEach((c, t) => {
      probs[t * 4 + c] = 0.9;
    });
    const decoded = ctcGreedyDecode(probs, best.length, 4, charset);
    expect(decoded.text).toBe('E224');
    expect(decoded.charConfidences).toHaveLength(4);
    expect(decoded.confidence).toBeCloseTo(0.9);
    expect(ctcGreedyDecode(new Float32Array(8), 2, 4, charset)).toEqual({
      text: '',
      confidence: 0,
      charConfidences: [],
    });
  });
});
