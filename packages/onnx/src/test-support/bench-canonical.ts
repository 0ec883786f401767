import { type Attributes, type DType, OPS, type OpName, type ReluBackend } from '@relu/core';

export interface CanonicalCost {
  readonly backend: string;
  readonly op: OpName;
  readonly n: number;
  /** Median ms per call, raw and canonical backends, interleaved samples. */
  readonly rawMs: number;
  readonly canonicalMs: number;
  /** Median of the per-sample ratios canonical/raw. */
  readonly ratio: number;
  /** The op's repair pass alone (core's Op.repair), float32, on this input and the canonical output (ns per element). */
  readonly repairNsPerElement: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const now = (): number => performance.now();

/** float32 inputs with every kind of value: ordinary of both signs on both sides of 6, -0, NaN, subnormals. */
function input(n: number): Float32Array {
  const x = new Float32Array(n);
  const bits = new Uint32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    const k = i % 16;
    x[i] = (i % 17) - 8 + i / n;
    if (k === 5) bits[i] = 0x80000000;
    if (k === 9) bits[i] = 0x7fc00001;
    if (k === 13) bits[i] = 0x00000001;
  }
  return x;
}

async function time(fn: () => Promise<unknown>, calls: number): Promise<number> {
  const start = now();
  for (let i = 0; i < calls; i++) await fn();
  return (now() - start) / calls;
}

/** Raw against canonical float32 runs of one execution provider and op, interleaved, median. */
export async function measureCanonicalCost(
  make: (canonical: boolean) => Promise<ReluBackend>,
  op: OpName,
  attributes: Attributes,
  lengths: readonly number[],
  samples: number,
): Promise<CanonicalCost[]> {
  const raw = await make(false);
  const canonical = await make(true);
  const options = { op, attributes };
  const descriptor = OPS[op];
  const resolved = descriptor.checkAttributes('bench', 'attributes', attributes);
  const out: CanonicalCost[] = [];
  try {
    for (const n of lengths) {
      const x = input(n);
      const runRaw = () => raw.run(x, options);
      const runCanonical = () => canonical.run(x, options);
      const once = await time(runRaw, 3);
      const calls = Math.max(3, Math.round(40 / Math.max(once, 0.001)));
      await time(runCanonical, calls);
      const rawTimes: number[] = [];
      const canonicalTimes: number[] = [];
      const ratios: number[] = [];
      for (let s = 0; s < samples; s++) {
        let r: number;
        let c: number;
        if (s % 2 === 0) {
          r = await time(runRaw, calls);
          c = await time(runCanonical, calls);
        } else {
          c = await time(runCanonical, calls);
          r = await time(runRaw, calls);
        }
        rawTimes.push(r);
        canonicalTimes.push(c);
        ratios.push(c / r);
      }
      const y = await canonical.run(x, options);
      const dtype: DType = 'float32';
      const repairCalls = Math.max(3, Math.round(2e6 / n));
      const repairTimes: number[] = [];
      for (let s = 0; s < 5; s++) {
        const start = now();
        for (let i = 0; i < repairCalls; i++) descriptor.repair(dtype, resolved as never, x, y);
        repairTimes.push(((now() - start) / repairCalls / n) * 1e6);
      }
      out.push({ backend: canonical.name, op, n, rawMs: median(rawTimes), canonicalMs: median(canonicalTimes), ratio: median(ratios), repairNsPerElement: median(repairTimes) });
    }
  } finally {
    await raw.dispose();
    await canonical.dispose();
  }
  return out;
}
