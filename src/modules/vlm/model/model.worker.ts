/**
 * A model worker thread: onnxruntime-node runs inference synchronously on the thread that calls it,
 * and the box/segment post-processing is JavaScript, so both live here, off the API's event loop.
 * Protocol: workerData {files, options}; posts {type: 'ready', info} or {type: 'failed', message};
 * then answers {id, image} with {id, reading} or {id, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ModelFiles } from '../../../config/model-files';
import { PaddleOcrModel, PaddleOcrOptions } from './paddle-ocr.model';

interface ReadRequest {
  id: number;
  image: Uint8Array;
}

const port = parentPort;
if (port === null) {
  throw new Error('model.worker must run as a worker thread');
}
const { files, options } = workerData as { files: ModelFiles; options: PaddleOcrOptions };

PaddleOcrModel.load(files, options).then(
  (model) => {
    port.on('message', (message: ReadRequest | 'close') => {
      if (message === 'close') {
        void model.release().finally(() => port.close());
        return;
      }
      const image = Buffer.from(message.image.buffer, message.image.byteOffset, message.image.byteLength);
      model.read(image).then(
        (reading) => port.postMessage({ id: message.id, reading }),
        (error: unknown) => port.postMessage({ id: message.id, error: (error as Error).message ?? String(error) }),
      );
    });
    port.postMessage({ type: 'ready', info: model.info });
  },
  (error: unknown) => {
    port.postMessage({ type: 'failed', message: (error as Error).message ?? String(error) });
  },
);
