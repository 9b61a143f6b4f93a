import { ErrorCode } from '../../common/http/error-codes';

/** What any route that runs the model can answer: the per-user caps, then the model's own states. */
export const INFERENCE_ERRORS: ErrorCode[] = [
  'TOO_MANY_CONCURRENT_REQUESTS',
  'VLM_USER_QUEUE_FULL',
  'VLM_BUSY',
  'VLM_NOT_READY',
  'VLM_TIMEOUT',
  'VLM_UNAVAILABLE',
];
