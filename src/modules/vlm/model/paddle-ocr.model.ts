import { readFileSync, statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { ctcGreedyDecode } from './ctc-decode';
import { readSegments, SegmentReading } from './segment-decoder';
import { ModelFiles } from '../../../config/model-files';
import { DEFAULT_BOX_OPTIONS, RawImage, Rect, rectToQuad, textRegions } from './text-boxes';
import { ImageReading, ModelInfo, ReadLine, VisionModel } from './vision-model';

export interface PaddleOcrOptions {
  intraOpThreads: number;
  /** The detector sees the image with its longer side at most this (multiple of 32). */
  detectionMaxSide: number;
  /** At most this many text regions are recognised per image (largest-scoring first). */
  maxRegions: number;
}

const DET_MEAN = [0.485, 0.456, 0.406];
const DET_STD = [0.229, 0.224, 0.225];
const REC_HEIGHT = 48;
const REC_MAX_WIDTH = 1280;
const REC_BATCH = 8;
/** Decompression-bomb guard, as for chat images. */
const MAX_INPUT_PIXELS = 50_000_000;

/** The oriented RGB pixels of an encoded image. */
export async function decodeRgb(image: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) {
    throw new Error(`unexpected ${info.channels} channels`);
  }
  return { data, width: info.width, height: info.height };
}

function rawSharp(image: RawImage): sharp.Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

/**
 * PaddleOCR v4 (DB text detector + SVTR/CTC recogniser) on onnxruntime-node. Sessions are created once;
 * every image is decoded and resized by sharp (libvips, off the event loop) and inferred by onnxruntime
 * (native threads, off the event loop); only the map post-processing and CTC decoding run in JS.
 */
export class PaddleOcrModel implements VisionModel {
  private constructor(
    readonly info: ModelInfo,
    private readonly detector: ort.InferenceSession,
    private readonly recognizer: ort.InferenceSession,
    private readonly charset: string[],
    private readonly classes: number,
    private readonly options: PaddleOcrOptions,
  ) {}

  static async load(files: ModelFiles, options: PaddleOcrOptions): Promise<PaddleOcrModel> {
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    const open = async (path: string, role: string): Promise<ort.InferenceSession> => {
      try {
        return await ort.InferenceSession.create(path, sessionOptions);
      } catch (error) {
        throw new Error(`${role} model ${path} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
      }
    };
    const detector = await open(files.detection, 'detection');
    const recognizer = await open(files.recognition, 'recognition');
    // PaddleOCR dictionaries list one character per line; the recogniser adds blank (0) and space (last).
    const charset = readFileSync(files.dictionary, 'utf8')
      .split(/\r?\n/)
      .filter((line, index, all) => line !== '' || index < all.length - 1);
    charset.push(' ');
    const outputShape = (recognizer.outputMetadata[0] as { shape?: (number | string)[] }).shape;
    const classes = Number(outputShape?.[outputShape.length - 1]);
    if (Number.isFinite(classes) && classes !== charset.length + 1) {
      throw new Error(
        `recognition model outputs ${classes} classes but the dictionary has ${charset.length - 1} characters (+ blank and space)`,
      );
    }
    const info: ModelInfo = {
      type: files.type,
      name: files.name,
      version: files.version,
      files: [
        { role: 'detection', path: files.detection, bytes: statSync(files.detection).size },
        { role: 'recognition', path: files.recognition, bytes: statSync(files.recognition).size },
        { role: 'dictionary', path: files.dictionary, bytes: statSync(files.dictionary).size },
      ],
    };
    return new PaddleOcrModel(info, detector, recognizer, charset, charset.length + 1, options);
  }

  async read(image: Buffer): Promise<ImageReading> {
    const rgb = await decodeRgb(image);
    const regions = await this.detect(rgb);
    const network = await this.recognize(rgb, regions);
    const lines = network.map((line, i) => {
      const segments = readSegmentsSafely(rgb, regions[i]);
      return segments ? { ...line, segments } : line;
    });
    return {
      width: rgb.width,
      height: rgb.height,
      lines: lines.filter(
        (line) => (line.text !== '' && line.confidence >= MIN_LINE_CONFIDENCE) || line.segments !== undefined,
      ),
    };
  }

  /** Text regions in original pixels, reading order. */
  async detect(rgb: RawImage, maxSide = this.options.detectionMaxSide): Promise<Rect[]> {
    const scale = Math.min(1, maxSide / Math.max(rgb.width, rgb.height));
    const width = Math.max(32, Math.round((rgb.width * scale) / 32) * 32);
    const height = Math.max(32, Math.round((rgb.height * scale) / 32) * 32);
    const resized = await rawSharp(rgb).resize(width, height, { fit: 'fill', kernel: 'linear' }).raw().toBuffer();
    const plane = width * height;
    const input = new Float32Array(3 * plane);
    for (let i = 0, p = 0; p < plane; p += 1, i += 3) {
      // BGR planes, as PaddleOCR (OpenCV) feeds them.
      input[p] = (resized[i + 2] / 255 - DET_MEAN[0]) / DET_STD[0];
      input[plane + p] = (resized[i + 1] / 255 - DET_MEAN[1]) / DET_STD[1];
      input[2 * plane + p] = (resized[i] / 255 - DET_MEAN[2]) / DET_STD[2];
    }
    const feeds = { [this.detector.inputNames[0]]: new ort.Tensor('float32', input, [1, 3, height, width]) };
    const output = (await this.detector.run(feeds))[this.detector.outputNames[0]];
    const [mapHeight, mapWidth] = output.dims.slice(-2);
    const regions = textRegions(output.data as Float32Array, mapWidth, mapHeight, DEFAULT_BOX_OPTIONS);
    output.dispose();
    const sx = rgb.width / mapWidth;
    const sy = rgb.height / mapHeight;
    return regions
      .sort((a, b) => b.score * b.width * b.height - a.score * a.width * a.height)
      .slice(0, this.options.maxRegions)
      .map((r) => clampRect({ left: r.left * sx, top: r.top * sy, width: r.width * sx, height: r.height * sy }, rgb))
      .filter((r) => r.width >= 4 && r.height >= 4)
      .sort((a, b) => (Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2 ? a.left - b.left : a.top - b.top));
  }

  /** Reads each region (cropped from the full-resolution image) with the recogniser. */
  async recognize(rgb: RawImage, regions: Rect[]): Promise<ReadLine[]> {
    const crops = await Promise.all(regions.map((rect) => this.cropForRecognition(rgb, rect)));
    return this.recognizeCrops(crops, regions);
  }

  async recognizeCrops(crops: RawImage[], regions: Rect[]): Promise<ReadLine[]> {
    const order = crops.map((_, i) => i).sort((a, b) => crops[a].width - crops[b].width);
    const results: ReadLine[] = new Array<ReadLine>(crops.length);
    for (let start = 0; start < order.length; start += REC_BATCH) {
      const batch = order.slice(start, start + REC_BATCH);
      const width = Math.max(...batch.map((i) => crops[i].width));
      const plane = REC_HEIGHT * width;
      const input = new Float32Array(batch.length * 3 * plane); // zero = padding after normalisation
      batch.forEach((cropIndex, b) => {
        const crop = crops[cropIndex];
        const base = b * 3 * plane;
        for (let y = 0; y < REC_HEIGHT; y += 1) {
          for (let x = 0; x < crop.width; x += 1) {
            const i = (y * crop.width + x) * 3;
            const p = y * width + x;
            input[base + p] = crop.data[i + 2] / 127.5 - 1;
            input[base + plane + p] = crop.data[i + 1] / 127.5 - 1;
            input[base + 2 * plane + p] = crop.data[i] / 127.5 - 1;
          }
        }
      });
      const feeds = {
        [this.recognizer.inputNames[0]]: new ort.Tensor('float32', input, [batch.length, 3, REC_HEIGHT, width]),
      };
      const output = (await this.recognizer.run(feeds))[this.recognizer.outputNames[0]];
      const [, steps, classes] = output.dims;
      const data = output.data as Float32Array;
      batch.forEach((cropIndex, b) => {
        const decoded = ctcGreedyDecode(
          data.subarray(b * steps * classes, (b + 1) * steps * classes),
          steps,
          classes,
          this.charset,
        );
        results[cropIndex] = {
          text: decoded.text.trim(),
          box: rectToQuad(regions[cropIndex]),
          confidence: decoded.confidence,
          method: 'network',
        };
      });
      output.dispose();
    }
    return results;
  }

  /** A region resized to the recogniser's 48-pixel height, aspect kept. */
  async cropForRecognition(
    rgb: RawImage,
    rect: Rect,
    pipeline?: (image: sharp.Sharp) => sharp.Sharp,
  ): Promise<RawImage> {
    const width = Math.min(REC_MAX_WIDTH, Math.max(16, Math.round((REC_HEIGHT * rect.width) / rect.height)));
    let image = rawSharp(rgb).extract({
      left: Math.round(rect.left),
      top: Math.round(rect.top),
      width: Math.max(1, Math.round(rect.width)),
      height: Math.max(1, Math.round(rect.height)),
    });
    if (pipeline) {
      image = sharp(await image.raw().toBuffer(), {
        raw: { width: Math.max(1, Math.round(rect.width)), height: Math.max(1, Math.round(rect.height)), channels: 3 },
      });
      image = pipeline(image);
    }
    const data = await image
      .resize(width, REC_HEIGHT, { fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer();
    return { data, width, height: REC_HEIGHT };
  }

  async release(): Promise<void> {
    await this.detector.release();
    await this.recognizer.release();
  }

  get classCount(): number {
    return this.classes;
  }
}

/** Lines read with less confidence than this are noise (knobs read as "O", textures). */
export const MIN_LINE_CONFIDENCE = 0.5;

function readSegmentsSafely(rgb: RawImage, rect: Rect): SegmentReading | undefined {
  return rect.width / rect.height > 8 ? undefined : readSegments(rgb, rect);
}

export function clampRect(rect: Rect, bounds: { width: number; height: number }): Rect {
  const left = Math.max(0, Math.min(bounds.width - 1, rect.left));
  const top = Math.max(0, Math.min(bounds.height - 1, rect.top));
  const right = Math.max(left + 1, Math.min(bounds.width, rect.left + rect.width));
  const bottom = Math.max(top + 1, Math.min(bounds.height, rect.top + rect.height));
  return { left, top, width: right - left, height: bottom - top };
}
