import { BYTES_PER_ELEMENT, type BackendOps, type DType, OPS, type OpName, isOpName } from '@relu/core';
import { KERNEL_SPECS } from './generated/wasm-binaries.js';

/**
 * A kernel of the module: the op of n elements from byte address src to byte address dst, with
 * the op's attributes after (extra arguments are ignored by a WebAssembly function).
 */
export type Kernel = (src: number, dst: number, n: number, a0?: number, a1?: number) => void;

/** One (op, dtype) kernel of one instance, resolved once so that no call looks anything up by name. */
export interface KernelRef {
  readonly op: OpName;
  readonly dtype: DType;
  /** Its position in KERNEL_SPECS: what a worker, which has its own instance, calls by. */
  readonly index: number;
  readonly exportName: string;
  /** This instance's function. */
  readonly run: Kernel;
  /**
   * `run` with the attribute arguments (attributeArguments) spread, and with none at all for a
   * kernel that takes none: reading absent elements of an empty array costs more than the call.
   */
  readonly call: (src: number, dst: number, n: number, attributes: readonly number[]) => void;
  readonly elementBytes: number;
  /** The attribute names the kernel takes after (src, dst, n), in order. */
  readonly attributes: readonly string[];
  /** op(op(x)) = op(x): a parallel task that a dead worker left half done may run again in place. */
  readonly idempotent: boolean;
}

/** The export names of the module's kernels, in KERNEL_SPECS order (what workers resolve at start). */
export const KERNEL_EXPORT_NAMES: readonly string[] = KERNEL_SPECS.map((spec) => spec.exportName);

/** Every kernel of one instance by op and dtype, and the ops and dtypes that it runs. */
export class KernelTable {
  /** Op name -> the dtypes this module runs it on (what wasmBackend() declares as `ops`). */
  readonly ops: BackendOps;
  /** Plain objects, not Maps: two property loads are the cheapest lookup on the per-call path. */
  readonly #byOp: Readonly<Partial<Record<OpName, Readonly<Partial<Record<DType, KernelRef>>>>>>;

  private constructor(byOp: Map<OpName, Map<DType, KernelRef>>) {
    this.#byOp = Object.freeze(Object.fromEntries([...byOp].map(([op, byDType]) => [op, Object.freeze(Object.fromEntries(byDType))])));
    this.ops = Object.freeze(Object.fromEntries([...byOp].map(([op, byDType]) => [op, Object.freeze([...byDType.keys()])])));
  }

  /**
   * The kernels of `instance`, checked against @relu/core's ops: a module built from lane data for
   * an op core does not know, or for a dtype the op is not defined on, is a build error, and so is
   * a stale generated module without an export the specs name.
   */
  static of(instance: WebAssembly.Instance): KernelTable {
    const byOp = new Map<OpName, Map<DType, KernelRef>>();
    KERNEL_SPECS.forEach((spec, index) => {
      const op = spec.op as string;
      const dtype = spec.dtype as DType;
      if (!isOpName(op) || !OPS[op].dtypes.includes(dtype)) {
        throw new Error(`@relu/wasm: the module has a kernel ${spec.exportName} for an op or dtype that @relu/core does not define; rebuild the package`);
      }
      const run = instance.exports[spec.exportName];
      if (typeof run !== 'function') throw new Error(`@relu/wasm: the WebAssembly module has no export ${spec.exportName}; rebuild the package`);
      let byDType = byOp.get(op);
      if (byDType === undefined) byOp.set(op, (byDType = new Map()));
      byDType.set(
        dtype,
        Object.freeze({
          op,
          dtype,
          index,
          exportName: spec.exportName,
          run: run as Kernel,
          call: spreadAttributes(run as Kernel, spec.attributes.length),
          elementBytes: BYTES_PER_ELEMENT[dtype],
          attributes: Object.freeze([...spec.attributes]),
          idempotent: spec.idempotent,
        }),
      );
    });
    return new KernelTable(byOp);
  }

  // The previous lookup, kept aside: a program runs one op on one dtype many times in a row, and
  // the two keyed loads cost a tenth of a one-element run().
  #lastOp: OpName | undefined;
  #lastDType: DType | undefined;
  #lastKernel: KernelRef | undefined;

  /** The kernel of `op` on `dtype`, or undefined where the module has none. */
  get(op: OpName, dtype: DType): KernelRef | undefined {
    if (op === this.#lastOp && dtype === this.#lastDType) return this.#lastKernel;
    const kernel = this.#byOp[op]?.[dtype];
    this.#lastOp = op;
    this.#lastDType = dtype;
    this.#lastKernel = kernel;
    return kernel;
  }
}

/** The attribute values a kernel takes, in its order ([] for ops without attributes). */
export function attributeArguments(kernel: KernelRef, attributes: Readonly<Record<string, number>>): readonly number[] {
  return kernel.attributes.length === 0 ? NO_ARGUMENTS : kernel.attributes.map((name) => attributes[name]!);
}

const NO_ARGUMENTS: readonly number[] = Object.freeze([]);

function spreadAttributes(run: Kernel, count: number): KernelRef['call'] {
  if (count === 0) return (src, dst, n) => run(src, dst, n);
  if (count === 1) return (src, dst, n, attributes) => run(src, dst, n, attributes[0]);
  return (src, dst, n, attributes) => run(src, dst, n, attributes[0], attributes[1]);
}
