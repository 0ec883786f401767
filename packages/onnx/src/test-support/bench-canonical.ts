import type { ReluBackend } from '@relu/core';
import { repairInPlace } from '../canonical.js';

export interface CanonicalCost {
  readonly backend: string;
  readonly n: number;
  /** Median ms per call, raw and canonical backends, interleaved samples. */
  readonly rawMs: number;
  readonly canonicalMs: number;
  /** Median of the per-sample ratios canonical/raw. */
  readonly ratio: number;
  /** The repair pass alone, float32, on this input and the canonical output (ns per element; per call at n = 1). */
  readonly repairNsPerElement: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const now = (): number => performance.now();

/** float32 inputs with every kind of value: ordinary of both signs, -0, NaN, subnormals. */
function input(n: number): Float32Array {
  const x = new Float32Array(n);
  const bits = new Uint32Array(x.buffer);
  for (let i = 0; i < n; i++) {
    const k = i % 16;
    x[i] = (i % 7) - 3 + i / n;
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

/** Raw against canonical float32 runs of one execution provider, interleaved, median. */
export async function measureCanonicalCost(make: (canonical: boolean) => Promise<ReluBackend>, lengths: readonly number[], samples: number): Promise<CanonicalCost[]> {
  const raw = await make(false);
  const canonical = await make(true);
  const out: CanonicalCost[] = [];
  try {
    for (const n of lengths) {
      const x = input(n);
      const runRaw = () => raw.run(x);
      const runCanonical = () => canonical.run(x);
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
      const y = await canonical.run(x);
      const repairCalls = Math.max(3, Math.round(2e7 / n));
      const repairTimes: number[] = [];
      for (let s = 0; s < 9; s++) {
        const start = now();
        for (let i = 0; i < repairCalls; i++) repairInPlace('float32', x, y);
        repairTimes.push(((now() - start) / repairCalls / n) * 1e6);
      }
      out.push({ backend: canonical.name, n, rawMs: median(rawTimes), canonicalMs: median(canonicalTimes), ratio: median(ratios), repairNsPerElement: median(repairTimes) });
    }
  } finally {
    await raw.dispose();
    await canonical.dispose();
  }
  return out;
}
