import type { ReluBackend } from '@relu/core';
import { type OnnxBackendOptions, onnxBackend } from '@relu/onnx';

/**
 * @relu/onnx: onnxruntime-node in Node, onnxruntime-web in a page (the package's browser build);
 * the profile's options choose the execution provider and raw or canonical output.
 */
export default async function createOnnxSubject(options: unknown): Promise<ReluBackend> {
  return onnxBackend(options as OnnxBackendOptions);
}
