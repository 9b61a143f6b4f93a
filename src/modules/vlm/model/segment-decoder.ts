import { RawImage, Rect } from './text-boxes';

/** Seven-segment patterns (segments a b c d e f g) and the character each shows. */
const PATTERNS: Record<string, string> = {
  abcdef: '0',
  bc: '1',
  abdeg: '2',
  abcdg: '3',
  bcfg: '4',
  acdfg: '5',
  acdefg: '6',
  abc: '7',
  abcdefg: '8',
  abcdfg: '9',
  abcefg: 'A',
  cdefg: 'b',
  adef: 'C',
  deg: 'c',
  bcdeg: 'd',
  adefg: 'E',
  aefg: 'F',
  bcefg: 'H',
  cefg: 'h',
  def: 'L',
  ceg: 'n',
  cdeg: 'o',
  abefg: 'P',
  eg: 'r',
  defg: 't',
  bcdef: 'U',
  cde: 'u',
  bcdfg: 'y',
  g: '-',
  ef: '1',
  abcf: '7',
  bcdefg: 'd',
};

/** Zone centres (x, y as fractions of a character cell) and half-sizes for each segment. */
const ZONES: Record<string, [number, number, number, number]> = {
  a: [0.5, 0.06, 0.16, 0.05],
  b: [0.88, 0.28, 0.07, 0.1],
  c: [0.88, 0.72, 0.07, 0.1],
  d: [0.5, 0.94, 0.16, 0.05],
  e: [0.12, 0.72, 0.07, 0.1],
  f: [0.12, 0.28, 0.07, 0.1],
  g: [0.5, 0.5, 0.16, 0.05],
};

export interface SegmentReading {
  text: string;
  /** How clearly each sampled zone was on or off (1 = every zone all-lit or all-dark). */
  crispness: number;
}

/**
 * The character whose segment pattern is nearest to the sampled lit fractions (sum of distances to
 * 0 or 1 per segment), so one washed-out or glared segment does not spoil the read. Undefined when
 * nothing is near, or when the two nearest are too close to call.
 */
function nearestCharacter(fractions: Record<string, number>): string | undefined {
  let best: [number, string] = [Infinity, ''];
  let second = Infinity;
  for (const [segments, char] of Object.entries(PATTERNS)) {
    let cost = 0;
    for (const name of 'abcdefg') {
      cost += Math.abs((segments.includes(name) ? 1 : 0) - fractions[name]);
    }
    if (cost < best[0]) {
      second = best[0];
      best = [cost, char];
    } else if (cost < second && char !== best[1]) {
      second = cost;
    }
  }
  return best[0] <= 1.6 && second - best[0] >= 0.3 ? best[1] : undefined;
}

/** Otsu's threshold over a 256-bin histogram. */
function otsu(values: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const v of values) {
    histogram[v] += 1;
  }
  const total = values.length;
  let sum = 0;
  for (let i = 0; i < 256; i += 1) {
    sum += i * histogram[i];
  }
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t += 1) {
    weightB += histogram[t];
    if (weightB === 0) {
      continue;
    }
    const weightF = total - weightB;
    if (weightF === 0) {
      break;
    }
    sumB += t * histogram[t];
    const between = weightB * weightF * (sumB / weightB - (sum - sumB) / weightF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Tilts tried when levelling a display (degrees); photos are rarely more than a few degrees off. */
const ANGLES = [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7];

/**
 * The lit-pixel mask, rotated (nearest neighbour, about the centre) by the angle that makes the lit
 * rows span the least height: a level display. The sampling zones assume level digits.
 */
function levelled(ink: Uint8Array, width: number, height: number, threshold: number): Uint8Array {
  let best: Uint8Array | undefined;
  let bestExtent = Infinity;
  const cx = width / 2;
  const cy = height / 2;
  const floor = Math.max(1, width * 0.01);
  for (const degrees of ANGLES) {
    const mask = new Uint8Array(width * height);
    const cos = Math.cos((degrees * Math.PI) / 180);
    const sin = Math.sin((degrees * Math.PI) / 180);
    const rows = new Int32Array(height);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const sx = Math.round(cos * (x - cx) - sin * (y - cy) + cx);
        const sy = Math.round(sin * (x - cx) + cos * (y - cy) + cy);
        if (sx >= 0 && sx < width && sy >= 0 && sy < height && ink[sy * width + sx] > threshold) {
          mask[y * width + x] = 1;
          rows[y] += 1;
        }
      }
    }
    let top = 0;
    while (top < height && rows[top] < floor) {
      top += 1;
    }
    let bottom = height - 1;
    while (bottom > top && rows[bottom] < floor) {
      bottom -= 1;
    }
    if (bottom - top < bestExtent - 0.5) {
      bestExtent = bottom - top;
      best = mask;
    }
  }
  return best ?? new Uint8Array(width * height);
}

/**
 * Reads a seven-segment display classically: "ink" per pixel (the brightest channel on a dark
 * display, darkness on a light LCD), Otsu's threshold separates lit segments from the background and
 * the faint unlit ones, columns split the characters, and seven zones per character cell are sampled.
 * Returns undefined when the region does not look like a segment display.
 */
export function readSegments(image: RawImage, rect: Rect): SegmentReading | undefined {
  const left = Math.max(0, Math.floor(rect.left));
  const top = Math.max(0, Math.floor(rect.top));
  const width = Math.min(image.width - left, Math.ceil(rect.width));
  const height = Math.min(image.height - top, Math.ceil(rect.height));
  if (width < 12 || height < 12 || width * height > 4_000_000) {
    return undefined;
  }
  const ink = new Uint8Array(width * height);
  const luminance = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = ((top + y) * image.width + left + x) * 3;
      const r = image.data[i];
      const g = image.data[i + 1];
      const b = image.data[i + 2];
      luminance[y * width + x] = (r * 299 + g * 587 + b * 114) / 1000;
      ink[y * width + x] = Math.max(r, g, b);
    }
  }
  const sorted = Uint8Array.from(luminance).sort();
  const darkDisplay = sorted[Math.floor(sorted.length / 2)] < 110;
  if (!darkDisplay) {
    for (let p = 0; p < ink.length; p += 1) {
      ink[p] = 255 - luminance[p];
    }
  }
  const threshold = otsu(ink);
  const lit = levelled(ink, width, height, threshold);
  // Rows and columns that carry lit pixels (a few stray pixels do not count).
  const rowCounts = new Int32Array(height);
  const columnCounts = new Int32Array(width);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      if (lit[y * width + x]) {
        rowCounts[y] += 1;
        columnCounts[x] += 1;
      }
    }
  }
  const rowFloor = Math.max(1, width * 0.01);
  let rowTop = 0;
  while (rowTop < height && rowCounts[rowTop] < rowFloor) {
    rowTop += 1;
  }
  let rowBottom = height - 1;
  while (rowBottom > rowTop && rowCounts[rowBottom] < rowFloor) {
    rowBottom -= 1;
  }
  const digitHeight = rowBottom - rowTop + 1;
  if (digitHeight < 10 || digitHeight > height * 0.98) {
    return undefined;
  }
  const columnFloor = Math.max(1, digitHeight * 0.04);
  const groups: [number, number][] = [];
  let start = -1;
  let lastOn = -1;
  const maxGap = Math.max(1, Math.round(digitHeight * 0.09));
  for (let x = 0; x < width; x += 1) {
    if (columnCounts[x] >= columnFloor) {
      if (start < 0) {
        start = x;
      } else if (x - lastOn > maxGap) {
        groups.push([start, lastOn]);
        start = x;
      }
      lastOn = x;
    }
  }
  if (start >= 0) {
    groups.push([start, lastOn]);
  }
  const cells = groups.filter(([a, b]) => b - a + 1 >= Math.max(2, digitHeight * 0.04));
  if (cells.length === 0 || cells.length > 6) {
    return undefined;
  }
  const widths = cells.map(([a, b]) => b - a + 1);
  const cellWidth = Math.max(...widths);
  if (cellWidth < digitHeight * 0.3 || cellWidth > digitHeight * 0.95) {
    return undefined;
  }
  let text = '';
  let crispSum = 0;
  let crispCount = 0;
  for (const [a, b] of cells) {
    const w = b - a + 1;
    if (w < cellWidth * 0.45) {
      // Only one side lit over the full height: a "1" (right segments b, c) or left (e, f).
      text += '1';
      continue;
    }
    const fractions: Record<string, number> = {};
    for (const [name, [cx, cy, hx, hy]] of Object.entries(ZONES)) {
      const x0 = Math.round(a + (cx - hx) * w);
      const x1 = Math.round(a + (cx + hx) * w);
      const y0 = Math.round(rowTop + (cy - hy) * digitHeight);
      const y1 = Math.round(rowTop + (cy + hy) * digitHeight);
      let on = 0;
      let all = 0;
      for (let y = Math.max(0, y0); y <= Math.min(height - 1, y1); y += 1) {
        for (let x = Math.max(0, x0); x <= Math.min(width - 1, x1); x += 1) {
          on += lit[y * width + x];
          all += 1;
        }
      }
      const fraction = all === 0 ? 0 : on / all;
      crispSum += Math.abs(fraction - 0.5) * 2;
      crispCount += 1;
      fractions[name] = fraction;
    }
    const char = nearestCharacter(fractions);
    if (char === undefined) {
      return undefined;
    }
    text += char;
  }
  return { text, crispness: crispCount === 0 ? 1 : crispSum / crispCount };
}
