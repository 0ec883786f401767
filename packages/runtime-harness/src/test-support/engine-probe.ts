import { expose, markReady } from '@relu/browser-harness/guest';

/**
 * The engine facts of runtime-facts.md ("Engines"), measured where this guest runs: what plain
 * JavaScript loops and wasm f32x4.max / f32x4.pmax return for special float32 inputs, on the
 * first call and once the engine's optimizing tiers have had the chance to take over.
 */
export const FLOAT32_INPUTS = [0x80000000, 0x7fc00001, 0xffc00000, 0xff800000, 0x00000001, 0x7f800001, 0xffffffff];
export const FLOAT16_INPUTS = [0x8000, 0x7e01, 0xfe00, 0x0001, 0x3c01];

type Kernel = (x: ArrayLike<number> & { length: number }, y: { [i: number]: number; length: number }) => void;

/** Each a separate function, so each is optimized (or not) on its own. */
const kernels = (): Record<string, Kernel> => ({
  'Math.max': (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]!);
  },
  ternary: (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = x[i]! > 0 ? x[i]! : 0;
  },
  copy: (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = x[i]!;
  },
});

export interface Observation {
  /** Output bits of the first call. */
  readonly first: readonly string[];
  /** Output bits after the warm-up. */
  readonly last: readonly string[];
  /** The call at which the output bits first changed, or -1 (they never did within the warm-up). */
  readonly changedAt: number;
}

const hex = (words: ArrayLike<number>, digits: number) => Array.from(words, (w) => w.toString(16).padStart(digits, '0'));

/** Calls `kernel` until its output bits change, or `maxCalls`, or `limitMs`. */
function observe(kernel: Kernel, x: ArrayLike<number> & { length: number }, y: { [i: number]: number; length: number }, words: Uint32Array | Uint16Array, limitMs: number, maxCalls: number): Observation {
  kernel(x, y);
  const first = Array.from(words);
  let changedAt = -1;
  const started = performance.now();
  for (let call = 1; call < maxCalls && changedAt < 0; call++) {
    kernel(x, y);
    for (let i = 0; i < words.length; i++) if (words[i] !== first[i]) changedAt = call;
    if ((call & 1023) === 0 && performance.now() - started > limitMs) break;
  }
  const digits = words.BYTES_PER_ELEMENT * 2;
  return { first: hex(first, digits), last: hex(words, digits), changedAt };
}

/** Nanoseconds per element of a plain copy of 2^16 float32 after a warm-up: how fast the tier runs JavaScript. */
function copySpeed(): number {
  const x = new Float32Array(1 << 16).fill(1.5);
  const y = new Float32Array(x.length);
  const copy = kernels().copy;
  for (let i = 0; i < 20; i++) copy(x, y);
  const started = performance.now();
  let rounds = 0;
  while (performance.now() - started < 300) {
    copy(x, y);
    rounds++;
  }
  return ((performance.now() - started) * 1e6) / (rounds * x.length);
}

function runWasm(bytes: Uint8Array): Record<string, readonly string[]> | { error: string } {
  try {
    const module = new WebAssembly.Module(bytes as BufferSource);
    const instance = new WebAssembly.Instance(module);
    const { memory, ...functions } = instance.exports as Record<string, unknown> & { memory: WebAssembly.Memory };
    const words = new Uint32Array(memory.buffer, 0, 16);
    const out: Record<string, readonly string[]> = {};
    for (const [name, fn] of Object.entries(functions)) {
      words.fill(0);
      words.set(FLOAT32_INPUTS);
      (fn as (src: number, dst: number, n: number) => void)(0, 32, 8);
      out[name] = hex(words.subarray(8, 8 + FLOAT32_INPUTS.length), 8);
    }
    return out;
  } catch (error) {
    return { error: (error as Error).message };
  }
}

export interface EngineFacts {
  readonly float32: Readonly<Record<string, Observation>>;
  /** Through real Float16Array inputs and outputs, where the environment has them. */
  readonly float16: Readonly<Record<string, Observation>> | null;
  readonly wasm: Record<string, readonly string[]> | { error: string };
  readonly copyNsPerElement: number;
}

expose({
  engineFacts: (wasm: Uint8Array, limitMs: number, maxCalls: number): EngineFacts => {
    const float32: Record<string, Observation> = {};
    for (const [name, kernel] of Object.entries(kernels())) {
      const x = new Float32Array(new Uint32Array(FLOAT32_INPUTS).buffer);
      const y = new Float32Array(x.length);
      float32[name] = observe(kernel, x, y, new Uint32Array(y.buffer), limitMs, maxCalls);
    }
    const F16 = (globalThis as unknown as Record<string, (new (buffer: ArrayBufferLike) => { [i: number]: number; length: number }) | undefined>).Float16Array;
    let float16: Record<string, Observation> | null = null;
    if (F16) {
      float16 = {};
      for (const [name, kernel] of Object.entries(kernels())) {
        if (name === 'ternary') continue;
        const x = new F16(new Uint16Array(FLOAT16_INPUTS).buffer);
        const bits = new Uint16Array(FLOAT16_INPUTS.length);
        float16[name] = observe(kernel, x as never, new F16(bits.buffer), bits, limitMs, maxCalls);
      }
    }
    return { float32, float16, wasm: runWasm(wasm), copyNsPerElement: copySpeed() };
  },
});
void markReady();
