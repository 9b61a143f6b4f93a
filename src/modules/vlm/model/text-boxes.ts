/** Decoded RGB pixels, row by row (3 bytes a pixel). */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

/** A quadrilateral as four [x, y] points: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [[number, number], [number, number], [number, number], [number, number]];

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ScoredRect extends Rect {
  /** Mean text probability inside the region. */
  score: number;
}

export interface BoxOptions {
  /** Pixels above this probability are text. */
  binaryThreshold: number;
  /** Regions whose mean probability is below this are dropped. */
  boxThreshold: number;
  /** DB "unclip": the shrunk text kernel is grown back by area * ratio / perimeter. */
  unclipRatio: number;
  /** Regions smaller than this (in map pixels, either side) are noise. */
  minSide: number;
}

export const DEFAULT_BOX_OPTIONS: BoxOptions = {
  binaryThreshold: 0.3,
  boxThreshold: 0.5,
  unclipRatio: 1.6,
  minSide: 3,
};

/**
 * Text regions from a DB (differentiable binarisation) probability map, as PaddleOCR's detector emits
 * it: threshold, 8-connected components, mean score per component, then the kernel's bounding box grown
 * by the unclip distance. Boxes are axis-aligned (appliance displays and rating plates are photographed
 * roughly level; the image is auto-oriented first). Coordinates are in map pixels.
 */
export function textRegions(
  map: Float32Array,
  width: number,
  height: number,
  options = DEFAULT_BOX_OPTIONS,
): ScoredRect[] {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const regions: ScoredRect[] = [];
  let next = 0;
  for (let start = 0; start < map.length; start += 1) {
    if (labels[start] !== 0 || map[start] <= options.binaryThreshold) {
      continue;
    }
    next += 1;
    let top = 0;
    stack[top++] = start;
    labels[start] = next;
    let minX = width;
    let maxX = -1;
    let minY = height;
    let maxY = -1;
    let sum = 0;
    let count = 0;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      sum += map[p];
      count += 1;
      if (x < minX) {
        minX = x;
      }
      if (x > maxX) {
        maxX = x;
      }
      if (y < minY) {
        minY = y;
      }
      if (y > maxY) {
        maxY = y;
      }
      for (let dy = -1; dy <= 1; dy += 1) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) {
          continue;
        }
        for (let dx = -1; dx <= 1; dx += 1) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) {
            continue;
          }
          const q = ny * width + nx;
          if (labels[q] === 0 && map[q] > options.binaryThreshold) {
            labels[q] = next;
            stack[top++] = q;
          }
        }
      }
    }
    const w = maxX - minX + 1;
    const h = maxY - minY + 1;
    const score = sum / count;
    if (Math.min(w, h) < options.minSide || score < options.boxThreshold) {
      continue;
    }
    const distance = (w * h * options.unclipRatio) / (2 * (w + h));
    const left = Math.max(0, minX - distance);
    const top2 = Math.max(0, minY - distance);
    const right = Math.min(width, maxX + 1 + distance);
    const bottom = Math.min(height, maxY + 1 + distance);
    regions.push({ left, top: top2, width: right - left, height: bottom - top2, score });
  }
  // Reading order: top to bottom, then left to right within a line band.
  return regions.sort((a, b) =>
    Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2 ? a.left - b.left : a.top - b.top,
  );
}

export function rectToQuad(rect: Rect): Quad {
  const right = rect.left + rect.width;
  const bottom = rect.top + rect.height;
  return [
    [rect.left, rect.top],
    [right, rect.top],
    [right, bottom],
    [rect.left, bottom],
  ];
}
