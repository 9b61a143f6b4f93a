import sharp from 'sharp';
import { ApiError } from '../../common/http/api-error';
import { ImageProcessor } from './image-processor';
import { sparseAnimatedGif } from '../../../scripts/lib/sparse-gif';

const BUDGET = { imageMaxTotalPixels: 50_000_000, imageMaxFrames: 16, imageProcessingTimeoutMs: 10_000 };

async function refusal(processor: ImageProcessor, image: Buffer): Promise<{ status: number; code: string }> {
  try {
    await processor.prepareAll([image.toString('base64')]);
  } catch (error) {
    if (error instanceof ApiError) {
      return { status: error.getStatus(), code: error.code };
    }
    throw error;
  }
  throw new Error('the image was accepted');
}

describe('ImageProcessor budgets', () => {
  it('refuses more frames than IMAGE_MAX_FRAMES before decoding any (the 1.5 KB, 49-frame GIF)', async () => {
    expect(await refusal(new ImageProcessor(BUDGET), sparseAnimatedGif(1000, 1000, 49))).toEqual({
      status: 400,
      code: 'IMAGE_TOO_COMPLEX',
    });
  });

  it('refuses more pixels over all frames than IMAGE_MAX_TOTAL_PIXELS', async () => {
    const processor = new ImageProcessor({ ...BUDGET, imageMaxTotalPixels: 4_000_000 });
    expect(await refusal(processor, sparseAnimatedGif(1000, 1000, 5))).toEqual({
      status: 413,
      code: 'IMAGE_TOO_LARGE',
    });
    // A single-frame GIF decodes to its frame only; a flat PNG decodes to all it claims.
    const flat = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await refusal(processor, flat)).toEqual({ status: 413, code: 'IMAGE_TOO_LARGE' });
    const within = await processor.prepareAll([sparseAnimatedGif(1000, 1000, 3).toString('base64')]);
    expect(within[0].meta).toMatchObject({ content_type: 'image/gif', width: 1000, height: 1000 });
  });

  it('stops processing at IMAGE_PROCESSING_TIMEOUT_MS with 400 IMAGE_TOO_COMPLEX', async () => {
    // 200 one-megapixel frames: many seconds of GIF re-encoding, stopped after one.
    const processor = new ImageProcessor({
      imageMaxTotalPixels: 1e9,
      imageMaxFrames: 1000,
      imageProcessingTimeoutMs: 1,
    });
    expect(await refusal(processor, sparseAnimatedGif(1000, 1000, 200))).toEqual({
      status: 400,
      code: 'IMAGE_TOO_COMPLEX',
    });
  });

  it('still takes an ordinary photo', async () => {
    const jpeg = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const [prepared] = await new ImageProcessor(BUDGET).prepareAll([jpeg.toString('base64')]);
    expect(prepared.meta).toMatchObject({ content_type: 'image/jpeg', width: 1600, height: 1200 });
  });
});
