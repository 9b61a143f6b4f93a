/**
 * jest's node environment with the host realm's typed arrays. onnxruntime-node's native binding
 * returns tensors backed by the host realm's Float32Array, and onnxruntime-common checks tensor data
 * with `instanceof`: inside jest's own realm that check fails ("A float32 tensor's data must be type of
 * Float32Array") although the same code runs fine under plain Node.
 */
import { TestEnvironment } from 'jest-environment-node';

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class HostTypedArraysEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    const host = globalThis as unknown as Record<string, unknown>;
    const sandbox = this.global as unknown as Record<string, unknown>;
    for (const name of SHARED) {
      sandbox[name] = host[name];
    }
  }
}
