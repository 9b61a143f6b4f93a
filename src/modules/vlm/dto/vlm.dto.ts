import { IsOmittable } from '../../../common/validation/is-omittable';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { FINDING_TYPES, FindingType } from '../../diagnosis/findings/findings';

export class AnalyzeImagesDto {
  /** 1 to 10 images as base64 (a data-URL prefix is accepted): JPEG, PNG, WebP or GIF, 10 MB each. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  images!: string[];

  /** What the customer wrote; a brand named here helps resolve ambiguous codes. */
  @IsOmittable()
  @IsString()
  @MaxLength(20_000)
  text?: string;
}

export class ReadLineDto {
  /** Which of the request's images (0-based). */
  image_index!: number;
  text!: string;
  @ApiProperty({
    description: "Four [x, y] points (top-left, top-right, bottom-right, bottom-left) in the original image's pixels",
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    minItems: 4,
    maxItems: 4,
    example: [
      [412, 300],
      [596, 300],
      [596, 372],
      [412, 372],
    ],
  })
  box!: number[][];
  /** 0..1 */
  confidence!: number;
}

export class FindingDto {
  image_index!: number;
  @ApiProperty({ enum: FINDING_TYPES })
  type!: FindingType;
  /** Canonical value, e.g. "E24", "4C", "Bosch", "WAT28400GB". */
  value!: string;
  /** As read from the image. */
  raw!: string;
  confidence!: number;
  /** Index into `lines`. */
  source_line!: number;
}

export class AnalyzeResultDto {
  lines!: ReadLineDto[];
  findings!: FindingDto[];
}

export class ModelIdentityDto {
  name!: string;
  version!: string;
}

export class ModelFileDto {
  role!: string;
  path!: string;
  bytes!: number;
}

export class LatencyDto {
  samples!: number;
  p50!: number | null;
  p95!: number | null;
  p99!: number | null;
}

export class VlmStatusDto {
  /** `local`: this process reads photos; `queue` (VLM_MODE=queue): worker processes do, through BullMQ. */
  mode!: 'local' | 'queue';
  /**
   * local: loading, ready or failed (this process's model), or idle until the first photo with VLM_PRELOAD=false.
   * queue: ready (at least one worker connected),
   * no_workers, or queue_unreachable (Redis did not answer).
   */
  state!: string;
  /** queue: workers connected to the queue (null when Redis did not answer); local: null. */
  workers!: number | null;
  model!: { type: string; name: string; version: string; source: string; files: ModelFileDto[] };
  load_ms!: number | null;
  warmup_ms!: number | null;
  failure!: string | null;
  runtime!: { onnxruntime: string; intra_op_threads: number };
  /**
   * local: this process's inference queue. queue: BullMQ's queue across every instance and worker
   * (max_concurrency per worker; active and waiting null when Redis did not answer).
   */
  queue!: {
    max_concurrency: number;
    queue_limit: number;
    timeout_ms: number;
    active: number | null;
    waiting: number | null;
  };
  counters!: {
    submitted: number;
    completed: number;
    failed: number;
    rejected: number;
    timed_out: number;
    images: number;
  };
  /** Whole requests through this instance, queue wait included. */
  latency_ms!: LatencyDto;
  /** Per image, inference only (local mode; in queue mode the workers read and this stays empty). */
  image_latency_ms!: LatencyDto;
}
