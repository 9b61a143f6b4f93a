// @ts-check
/**
 * The comparison run of `npm run bench:vlm`: a plain @gutenye/ocr-node (PaddleOCR v4 with its own
 * pre- and post-processing and its own older sharp) over the same image files, in its own process.
 * Prints one JSON line per image: {file, ms, lines: [text, ...]}. ESM because the package is.
 */
/* global console */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/bench-vlm-plain-ocr.mjs <image directory>');
  process.exit(2);
}
const { default: Ocr } = await import('@gutenye/ocr-node');
const ocr = await Ocr.create();
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.jpg'))
  .sort()) {
  const started = performance.now();
  const lines = await ocr.detect(join(dir, file));
  const ms = performance.now() - started;
  console.log(JSON.stringify({ file, ms, lines: lines.map((line) => line.text) }));
}
