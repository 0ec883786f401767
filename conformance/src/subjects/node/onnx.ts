import type { ReluBackend } from '@relu/core';
import { type OnnxBackendOptions, onnxBackend } from '@relu/onnx';

/** @relu/onnx in Node: the profile's options choose the execution provider and raw or canonical output. */
export default async function createOnnxSubject(options: unknown): Promise<ReluBackend> {
  return onnxBackend(options as OnnxBackendOptions);
}
