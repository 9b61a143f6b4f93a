import { Quad } from './text-boxes';

/** One line of text the model read, in the original image's (auto-oriented) pixel coordinates. */
export interface ReadLine {
  text: string;
  box: Quad;
  confidence: number;
  /** How the line was read: the network alone, or the classical seven-segment decoder. */
  method: 'network' | 'segments';
  /** The other reader's text where the two disagreed (the findings may prefer it when it is a known code). */
  alternative?: string;
  /** What the classical seven-segment decoder read in the same region, when it could read it. */
  segments?: { text: string; crispness: number };
}

export interface ImageReading {
  width: number;
  height: number;
  lines: ReadLine[];
}

export interface ModelInfo {
  type: string;
  name: string;
  version: string;
  files: { role: string; path: string; bytes: number }[];
}

/**
 * The adapter surface every model type implements: load once, read images many times, release.
 * A generative VLM plugs in behind the same interface (it would also return lines of text it saw).
 */
export interface VisionModel {
  readonly info: ModelInfo;
  read(image: Buffer): Promise<ImageReading>;
  release(): Promise<void>;
}
