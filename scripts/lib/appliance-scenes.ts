/**
 * Synthetic appliance photos for the Vlm tests and `npm run bench:vlm`: display panels (font text or
 * seven-segment digits with the unlit segments faintly visible) and rating plates, rendered with sharp
 * from SVG, placed inside a larger "appliance front" scene and degraded (blur, noise, tilt, glare, JPEG).
 * Deterministic for a seed. Nothing here is used by the server.
 */
import sharp from 'sharp';

export type CaseKind = 'clean-text' | 'clean-segment' | 'degraded-segment' | 'degraded-text' | 'rating-plate';

export interface SceneCase {
  name: string;
  kind: CaseKind;
  image: Buffer;
  width: number;
  height: number;
  expected: { code?: string; brand?: string; model_number?: string; serial_number?: string };
}

/**
 * Codes as real appliance displays show them, with the brand printed on that appliance's front (its
 * canonical spelling; segment displays draw O as 0, I as 1, S as 5).
 */
export const SAMPLE_CODES: { code: string; brand: string }[] = [
  ...['E24', 'E18', 'E15', 'E23', 'E25', 'F21', 'F23', 'F18', 'E17', 'E02'].map((code) => ({ code, brand: 'BOSCH' })),
  ...['F02', 'F05', 'F9E1', 'F8E1', 'F21'].map((code) => ({ code, brand: 'Whirlpool' })),
  ...['4C', '4E', '5E', '5C', '3E', 'dE', 'dC', 'UE', 'UB', 'LE', 'HE', 'tE', 'nF', 'SUd', 'Sd', 'bE', 'HC'].map(
    (code) => ({ code, brand: 'SAMSUNG' }),
  ),
  ...['OE', 'IE', 'UE', 'dE', 'PE', 'FE', 'CL', 'PF', 'AE', 'tE', 'LE'].map((code) => ({ code, brand: 'LG' })),
  ...['E20', 'E21', 'E40', 'EF1'].map((code) => ({ code, brand: 'AEG' })),
  ...['F11', 'F14', 'F53'].map((code) => ({ code, brand: 'Miele' })),
  ...['H20', 'C8', 'E9', 'F3'].map((code) => ({ code, brand: 'Haier' })),
];

export const SAMPLE_PLATES = [
  { brand: 'BOSCH', label: 'E-Nr.', model: 'WAT28400GB', serialLabel: 'Z-Nr.', serial: '9502200345' },
  { brand: 'SAMSUNG', label: 'Model', model: 'WF45R6100AW', serialLabel: 'Serial No.', serial: '0BHZ5AKR600123A' },
  { brand: 'LG', label: 'Model', model: 'WM3900HWA', serialLabel: 'S/N', serial: '005KWRN0G447' },
  { brand: 'WHIRLPOOL', label: 'Model', model: 'WTW5000DW1', serialLabel: 'Serial', serial: 'C94512345' },
  { brand: 'MIELE', label: 'Type', model: 'WCA020', serialLabel: 'Nr.', serial: '10945321' },
  { brand: 'BEKO', label: 'Model', model: 'WTK84011W', serialLabel: 'S/N', serial: '8820134567' },
  { brand: 'ELECTROLUX', label: 'Mod.', model: 'EW6F4842AB', serialLabel: 'Ser.No.', serial: '04412345' },
  { brand: 'HAIER', label: 'Model', model: 'HW80B14979', serialLabel: 'S/N', serial: 'BA0Y3E0E12' },
  { brand: 'SIEMENS', label: 'E-Nr.', model: 'WM14N202GB', serialLabel: 'Z-Nr.', serial: '9909300123' },
  { brand: 'HOTPOINT', label: 'Model', model: 'NSWM1045CW', serialLabel: 'Serial', serial: '12345678901' },
];

const FONTS = ['DejaVu Sans', 'DejaVu Sans Mono', 'DejaVu Serif', 'DejaVu Sans Condensed'];
const DISPLAY_COLOURS = [
  { fg: '#ff3b2f', bg: '#140404' },
  { fg: '#35ff7a', bg: '#031208' },
  { fg: '#5ab8ff', bg: '#02070f' },
  { fg: '#ffffff', bg: '#0b0b0b' },
  { fg: '#ffa21c', bg: '#130a00' },
  { fg: '#1d2418', bg: '#a9b79a' }, // reflective LCD: dark segments on grey-green
];

/** Segments a (top), b (top right), c (bottom right), d (bottom), e (bottom left), f (top left), g (middle). */
const SEGMENTS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abdeg',
  '3': 'abcdg',
  '4': 'bcfg',
  '5': 'acdfg',
  '6': 'acdefg',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
  A: 'abcefg',
  b: 'cdefg',
  C: 'adef',
  c: 'deg',
  d: 'bcdeg',
  E: 'adefg',
  F: 'aefg',
  H: 'bcefg',
  h: 'cefg',
  L: 'def',
  n: 'ceg',
  o: 'cdeg',
  P: 'abefg',
  r: 'eg',
  t: 'defg',
  U: 'bcdef',
  u: 'cde',
  y: 'bcdfg',
  S: 'acdfg',
  O: 'abcdef',
  I: 'bc',
  '-': 'g',
  // Letters a seven-segment display can only show one way ("UB" shows as "Ub", "SUD" as "5Ud").
  B: 'cdefg',
  D: 'bcdeg',
  N: 'ceg',
  R: 'eg',
  T: 'defg',
};

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const between = (rand: () => number, low: number, high: number): number => low + rand() * (high - low);

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One seven-segment glyph as SVG polygons: lit segments in `on`, the others faintly in `off`. */
function segmentGlyph(char: string, x: number, y: number, w: number, h: number, on: string, off: string): string {
  const lit = SEGMENTS[char] ?? '';
  const t = Math.max(2, w * 0.18); // stroke thickness
  const half = h / 2;
  const hSeg = (sx: number, sy: number, len: number): string =>
    `${sx},${sy} ${sx + t / 2},${sy - t / 2} ${sx + len - t / 2},${sy - t / 2} ${sx + len},${sy} ${sx + len - t / 2},${sy + t / 2} ${sx + t / 2},${sy + t / 2}`;
  const vSeg = (sx: number, sy: number, len: number): string =>
    `${sx},${sy} ${sx + t / 2},${sy + t / 2} ${sx + t / 2},${sy + len - t / 2} ${sx},${sy + len} ${sx - t / 2},${sy + len - t / 2} ${sx - t / 2},${sy + t / 2}`;
  const gap = t * 0.15;
  const shapes: Record<string, string> = {
    a: hSeg(x + gap, y + t / 2, w - 2 * gap),
    g: hSeg(x + gap, y + half, w - 2 * gap),
    d: hSeg(x + gap, y + h - t / 2, w - 2 * gap),
    f: vSeg(x + t / 2, y + t / 2 + gap, half - t / 2 - 2 * gap),
    b: vSeg(x + w - t / 2, y + t / 2 + gap, half - t / 2 - 2 * gap),
    e: vSeg(x + t / 2, y + half + gap, half - t / 2 - 2 * gap),
    c: vSeg(x + w - t / 2, y + half + gap, half - t / 2 - 2 * gap),
  };
  return Object.entries(shapes)
    .map(([name, points]) => `<polygon points="${points}" fill="${lit.includes(name) ? on : off}"/>`)
    .join('');
}

interface Panel {
  svg: string;
  width: number;
  height: number;
}

export function displayPanel(code: string, style: 'text' | 'segment', rand: () => number): Panel {
  const colours = pick(rand, DISPLAY_COLOURS);
  const digitHeight = Math.round(between(rand, 48, 90));
  const pad = Math.round(digitHeight * 0.45);
  if (style === 'segment') {
    const digitWidth = digitHeight * 0.55;
    const spacing = digitWidth * 0.45;
    const slots = Math.max(code.length, 3); // a 3- or 4-digit display, right-aligned code
    const width = Math.round(pad * 2 + slots * digitWidth + (slots - 1) * spacing);
    const height = digitHeight + pad * 2;
    const skew = rand() < 0.5 ? -6 : 0;
    const offColour = colours.bg === '#a9b79a' ? '#9aa98c' : mix(colours.fg, colours.bg, 0.1);
    let glyphs = '';
    for (let slot = 0; slot < slots; slot += 1) {
      const char = code[slot - (slots - code.length)] ?? ' ';
      const x = pad + slot * (digitWidth + spacing);
      glyphs += segmentGlyph(char, x, pad, digitWidth, digitHeight, colours.fg, offColour);
    }
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" rx="${pad / 3}" fill="${colours.bg}"/><g transform="skewX(${skew}) translate(${(-skew * height) / 120},0)">${glyphs}</g></svg>`;
    return { svg, width, height };
  }
  const font = pick(rand, FONTS);
  const width = Math.round(pad * 2 + code.length * digitHeight * 0.75 + digitHeight * 0.5);
  const height = Math.round(digitHeight * 1.25 + pad * 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" rx="${pad / 3}" fill="${colours.bg}"/><text x="50%" y="${pad + digitHeight}" text-anchor="middle" font-family="${font}" font-weight="${rand() < 0.5 ? 'bold' : 'normal'}" font-size="${digitHeight * 1.2}" fill="${colours.fg}">${escapeXml(code)}</text></svg>`;
  return { svg, width, height };
}

function mix(a: string, b: string, amount: number): string {
  const parse = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const [ca, cb] = [parse(a), parse(b)];
  return `#${ca
    .map((v, i) =>
      Math.round(v * amount + cb[i] * (1 - amount))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

export function ratingPlate(plate: (typeof SAMPLE_PLATES)[number], rand: () => number): Panel {
  const font = pick(rand, FONTS);
  const size = Math.round(between(rand, 26, 40));
  const lines = [
    { text: plate.brand, weight: 'bold', scale: 1.4 },
    { text: `${plate.label} ${plate.model}`, weight: 'normal', scale: 1 },
    { text: `${plate.serialLabel} ${plate.serial}`, weight: 'normal', scale: 1 },
    { text: '220-240V~ 50Hz 2100W', weight: 'normal', scale: 0.8 },
  ];
  const width = Math.round(size * 17);
  const lineHeight = size * 1.7;
  const height = Math.round(lineHeight * (lines.length + 0.8));
  const body = lines
    .map(
      (line, i) =>
        `<text x="${size}" y="${lineHeight * (i + 1)}" font-family="${font}" font-weight="${line.weight}" font-size="${size * line.scale}" fill="#111">${escapeXml(line.text)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" rx="8" fill="#e6e6e1" stroke="#777" stroke-width="3"/>${body}</svg>`;
  return { svg, width, height };
}

export interface SceneOptions {
  width: number;
  height: number;
  /** Panel width as a fraction of the scene width. */
  panelFraction: number;
  degrade: boolean;
  /** Printed on the appliance front, as real appliances carry their brand. */
  brand?: string;
}

/** The panel inside an appliance front, optionally blurred, noisy, tilted, with glare, as a JPEG. */
export async function scene(panel: Panel, rand: () => number, options: SceneOptions): Promise<Buffer> {
  const { width, height } = options;
  const tone = Math.round(between(rand, 170, 245));
  const front = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="rgb(${tone},${tone},${tone})"/><stop offset="1" stop-color="rgb(${tone - 40},${tone - 40},${tone - 38})"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <rect x="${width * 0.04}" y="${height * 0.04}" width="${width * 0.92}" height="${height * 0.28}" rx="12" fill="rgb(${tone - 25},${tone - 25},${tone - 22})"/>
    <circle cx="${width * 0.5}" cy="${height * 0.68}" r="${Math.min(width, height) * 0.26}" fill="#2a2d31" stroke="#9aa" stroke-width="${width * 0.02}"/>
    <circle cx="${width * 0.12}" cy="${height * 0.18}" r="${height * 0.07}" fill="#ccc" stroke="#555" stroke-width="4"/>
    ${options.brand ? `<text x="${width * 0.06}" y="${height * 0.36}" font-family="DejaVu Sans" font-weight="bold" font-size="${height * 0.035}" fill="#333">${escapeXml(options.brand)}</text>` : ''}
  </svg>`;
  const targetWidth = Math.round(width * options.panelFraction);
  const panelScale = targetWidth / panel.width;
  const panelImage = await sharp(Buffer.from(panel.svg), { density: 72 * panelScale })
    .resize(targetWidth)
    .png()
    .toBuffer();
  const panelMeta = await sharp(panelImage).metadata();
  const left = Math.round(between(rand, 0.22, 0.95 - options.panelFraction) * width);
  const top = Math.round(between(rand, 0.06, 0.3 - Math.min(0.25, (panelMeta.height ?? 0) / height)) * height);
  let image = sharp(Buffer.from(front)).composite([{ input: panelImage, left, top }]);
  if (options.degrade) {
    const glareX = left + (panelMeta.width ?? 0) * between(rand, 0.2, 0.8);
    const glareY = top + (panelMeta.height ?? 0) * between(rand, 0.2, 0.8);
    const glare = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="r"><stop offset="0" stop-color="#fff" stop-opacity="${between(rand, 0.25, 0.45)}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${glareX}" cy="${glareY}" rx="${width * 0.09}" ry="${height * 0.06}" fill="url(#r)"/></svg>`;
    const flat = await image.png().toBuffer();
    image = sharp(flat).composite([{ input: Buffer.from(glare) }]);
    const rotated = await image
      .rotate(between(rand, -5, 5), { background: '#808080' })
      .blur(between(rand, 0.6, 1.4))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const noisy = Buffer.from(rotated.data);
    const amplitude = between(rand, 8, 18);
    for (let i = 0; i < noisy.length; i += 1) {
      noisy[i] = Math.max(0, Math.min(255, noisy[i] + (rand() - 0.5) * 2 * amplitude));
    }
    const info = rotated.info;
    return sharp(noisy, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .resize(width, height, { fit: 'cover' })
      .jpeg({ quality: Math.round(between(rand, 35, 60)) })
      .toBuffer();
  }
  return image.jpeg({ quality: 90 }).toBuffer();
}

export interface CaseSetOptions {
  seed: number;
  perKind: number;
  width: number;
  height: number;
  kinds?: CaseKind[];
}

/** A labelled set: `perKind` images of each kind. */
export async function generateCases(options: CaseSetOptions): Promise<SceneCase[]> {
  const rand = mulberry32(options.seed);
  const kinds = options.kinds ?? ['clean-text', 'clean-segment', 'degraded-text', 'degraded-segment', 'rating-plate'];
  const cases: SceneCase[] = [];
  for (const kind of kinds) {
    for (let i = 0; i < options.perKind; i += 1) {
      const degrade = kind.startsWith('degraded');
      if (kind === 'rating-plate') {
        const plate = SAMPLE_PLATES[i % SAMPLE_PLATES.length];
        const panel = ratingPlate(plate, rand);
        const image = await scene(panel, rand, {
          ...options,
          panelFraction: between(rand, 0.45, 0.6),
          degrade: rand() < 0.5,
        });
        cases.push({
          name: `${kind}-${i}`,
          kind,
          image,
          width: options.width,
          height: options.height,
          expected: { brand: plate.brand, model_number: plate.model, serial_number: plate.serial },
        });
        continue;
      }
      const { code, brand } = SAMPLE_CODES[Math.floor(rand() * SAMPLE_CODES.length)];
      const panel = displayPanel(code, kind.endsWith('segment') ? 'segment' : 'text', rand);
      const image = await scene(panel, rand, { ...options, panelFraction: between(rand, 0.12, 0.22), degrade, brand });
      cases.push({
        name: `${kind}-${i}`,
        kind,
        image,
        width: options.width,
        height: options.height,
        expected: { code, brand },
      });
    }
  }
  return cases;
}
