import type { Attributes, BackendOps, DType, Op, ReluTypedArray } from '@relu/core';
import type { ExecutionProvider } from './capabilities.js';
import type { Mutex } from './mutex.js';

/**
 * What the backend needs from an onnxruntime package, structurally, so that onnxruntime-node and
 * onnxruntime-web (whose types differ in detail) plug in the same way.
 */
export interface OrtTensorLike {
  readonly data: unknown;
}

export interface OrtSessionLike {
  run(feeds: Record<string, unknown>): Promise<Readonly<Record<string, OrtTensorLike>>>;
  release(): Promise<void>;
}

export interface OrtModuleLike {
  readonly InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike> };
  readonly Tensor: new (type: string, data: ReluTypedArray, dims: readonly number[]) => unknown;
  readonly env: { readonly versions: Readonly<Record<string, string | undefined>> } & Record<string, unknown>;
}

/** Options the backend hands to the runtime loaders, validated. */
export interface RuntimeOptions {
  readonly numThreads: number | undefined;
}

/** One execution provider of one onnxruntime package, ready to create sessions. */
export interface Runtime {
  readonly executionProvider: ExecutionProvider;
  /** 'onnxruntime-node 1.30.0' | 'onnxruntime-web 1.30.0'. */
  readonly runtime: string;
  /** The ops and dtypes this runtime really runs here (may depend on the device, e.g. WebGPU 'shader-f16'). */
  readonly ops: BackendOps;
  /** True when sessions need fixed input shapes (WebGL): one session per length. */
  readonly fixedShape: boolean;
  /** Facts for ReluBackend.info: threads, adapter, renderer, limits. */
  readonly info: Readonly<Record<string, string | number | boolean>>;
  /**
   * A lock shared by every session of this runtime when its sessions must not run concurrently
   * even with each other (onnxruntime-web: one wasm instance, one GPU device); undefined when a
   * per-session lock suffices (onnxruntime-node).
   */
  readonly sharedLock: Mutex | undefined;
  /** The most elements one session.run may take for a dtype; longer inputs are split. */
  maxElementsPerRun(dtype: DType): number;
  /** A tensor of the runtime's own Tensor class. */
  readonly Tensor: OrtModuleLike['Tensor'];
  /**
   * Creates a session of `request.model` on this execution provider and checks that it really
   * runs there, throwing ExecutionProviderUnavailableError otherwise.
   */
  createSession(request: SessionRequest): Promise<OrtSessionLike>;
}

/** What a session computes: the op, its attributes and dtype, and its model bytes (from model.ts). */
export interface SessionRequest {
  readonly op: Op;
  readonly attributes: Attributes;
  readonly dtype: DType;
  readonly model: Uint8Array;
}

export type RuntimeLoader = (executionProvider: ExecutionProvider, options: RuntimeOptions) => Promise<Runtime>;

/** The onnxruntime tensor type of each dtype ORT can hold (none for bfloat16). */
export const ORT_TENSOR_TYPE: Readonly<Record<DType, string>> = {
  float32: 'float32',
  float64: 'float64',
  float16: 'float16',
  bfloat16: 'bfloat16',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
};

/** A CommonJS module imported from ESM may arrive as its namespace or under .default. */
export function moduleOf<T extends object>(namespace: T | { default: T }, probe: string): T {
  return probe in namespace ? (namespace as T) : (namespace as { default: T }).default;
}
