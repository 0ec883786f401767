import {
  BackendDisposedError,
  DTYPES,
  type DType,
  type ReluBackend,
  type ReluTypedArray,
  SPECIAL_VALUES,
  UnsupportedDTypeError,
  allocate,
  arrayBits,
  arrayFromBits,
  isNaNBits,
} from '@relu/core';
import { expect, it } from 'vitest';
import type { OnnxBackendOptions } from '../backend.js';
import { EP_DTYPES, EXCLUDED_DTYPES, type ExecutionProvider, backendName } from '../capabilities.js';
import { rawDeviations } from '../deviations.js';
import type { ProbeResult } from './probe.js';
import { mismatchesWithCore, ordinaryValues, randomBits } from './random.js';

/** How the shared suite reaches one execution provider: in this process, or in a browser page. */
export interface SuiteTarget {
  readonly executionProvider: ExecutionProvider;
  readonly runtime: string;
  make(options?: Omit<OnnxBackendOptions, 'executionProvider'>): Promise<ReluBackend>;
  probe(dtype: DType, inputs: readonly string[]): Promise<ProbeResult>;
  /** Measured raw bits are reported here (one line per EP), for the README table. */
  report?(line: string): void;
}

const SEEDS = [-10, -5, 0, 5, 10];
const seedInput = (dtype: DType): ReluTypedArray => {
  switch (dtype) {
    case 'float16':
      return arrayFromBits(dtype, ['0xc900', '0xc500', '0x0000', '0x4500', '0x4900']);
    case 'bfloat16':
      return arrayFromBits(dtype, ['0xc120', '0xc0a0', '0x0000', '0x40a0', '0x4120']);
    case 'int64':
      return BigInt64Array.from(SEEDS.map(BigInt));
    default: {
      const array = allocate(dtype, SEEDS.length);
      SEEDS.forEach((v, i) => ((array as Float64Array)[i] = v));
      return array;
    }
  }
};

function labelsThatDeviate(dtype: DType, y: ReluTypedArray): string[] {
  const bits = arrayBits(dtype, y);
  return SPECIAL_VALUES[dtype]
    .filter((v, i) => !(v.expected === 'NaN' ? isNaNBits(dtype, bits[i]!) : bits[i] === v.expected))
    .map((v) => v.label);
}

function dtypeOptions(dtype: DType): { dtype: DType } | undefined {
  return dtype === 'float16' || dtype === 'bfloat16' ? { dtype } : undefined;
}

/** The conformance tests every execution provider must pass, in Node or in a browser page. */
export function backendSuite(target: () => SuiteTarget): void {
  const withBackend = async <R>(options: Omit<OnnxBackendOptions, 'executionProvider'>, fn: (backend: ReluBackend) => Promise<R>): Promise<R> => {
    const backend = await target().make(options);
    try {
      return await fn(backend);
    } finally {
      await backend.dispose();
    }
  };

  it('names itself, reports what runs it, and lists the dtypes it really runs', async () => {
    const t = target();
    for (const canonical of [false, true]) {
      await withBackend({ canonical }, async (backend) => {
        expect(backend.name).toBe(backendName(t.executionProvider, canonical));
        expect(backend.info).toMatchObject({ runtime: t.runtime, executionProvider: t.executionProvider, canonical });
        const expected = [...EP_DTYPES[t.executionProvider]];
        if (t.executionProvider === 'webgpu' && backend.info?.shaderF16 === true) expected.push('float16');
        expect([...backend.dtypes]).toEqual(expected);
      });
    }
  });

  it('runs the seed examples [-10, -5, 0, 5, 10] in every dtype it lists', async () => {
    await withBackend({}, async (backend) => {
      for (const dtype of backend.dtypes) {
        const y = await backend.run(seedInput(dtype), dtypeOptions(dtype));
        const expected = seedInput(dtype);
        expected.fill(typeof expected[0] === 'bigint' ? (0n as never) : (0 as never), 0, 2);
        expect(arrayBits(dtype, y), dtype).toEqual(arrayBits(dtype, expected));
      }
    });
  });

  it('raw mode: every special value as SPEC.md expects, except exactly the deviations in src/deviations.ts', async () => {
    const t = target();
    const table: string[] = [];
    await withBackend({}, async (backend) => {
      for (const dtype of backend.dtypes) {
        const x = arrayFromBits(dtype, SPECIAL_VALUES[dtype].map((v) => v.input));
        const y = await backend.run(x, dtypeOptions(dtype));
        expect(labelsThatDeviate(dtype, y).sort(), `${backend.name} ${dtype}`).toEqual([...rawDeviations(t.executionProvider, dtype).keys()].sort());
        if (dtype === 'float32') {
          const bits = arrayBits(dtype, y);
          const of = (input: string) => bits[SPECIAL_VALUES.float32.findIndex((v) => v.input === input)];
          table.push(`| ${t.runtime} ${t.executionProvider} | ${of('0x80000000')} | ${of('0x7fc00001')} | ${of('0xffc00000')} | ${of('0xff800000')} | ${of('0x00000001')} |`);
        }
      }
    });
    for (const line of table) t.report?.(line);
  });

  it('canonical mode: every special value of every dtype it lists, bit for bit (NaN as any NaN)', async () => {
    await withBackend({ canonical: true }, async (backend) => {
      for (const dtype of backend.dtypes) {
        const x = arrayFromBits(dtype, SPECIAL_VALUES[dtype].map((v) => v.input));
        const y = await backend.run(x, dtypeOptions(dtype));
        expect(labelsThatDeviate(dtype, y), `${backend.name} ${dtype}`).toEqual([]);
      }
    });
  });

  it('canonical mode is bit-exact to @relu/core on random bit patterns (every 8/16-bit pattern)', async () => {
    await withBackend({ canonical: true }, async (backend) => {
      for (const dtype of backend.dtypes) {
        const x = ['int8', 'int16', 'float16', 'bfloat16'].includes(dtype) ? randomBits(dtype, undefined, 1) : randomBits(dtype, 20_000, 7);
        const y = await backend.run(x, dtypeOptions(dtype));
        expect(mismatchesWithCore(dtype, x, y), `${backend.name} ${dtype}`).toEqual([]);
      }
    });
  });

  it('rejects the dtypes it does not list with UnsupportedDTypeError, before making any session', async () => {
    await withBackend({}, async (backend) => {
      for (const dtype of DTYPES.filter((d) => !backend.dtypes.includes(d))) {
        const error = await backend.run(allocate(dtype, 3), dtypeOptions(dtype)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, dtype).toBeInstanceOf(UnsupportedDTypeError);
        expect((error as UnsupportedDTypeError).message).toContain(backend.name);
        expect((error as UnsupportedDTypeError).message).toContain(`'${dtype}'`);
      }
    });
  });

  it('really cannot run the dtypes it leaves out, for the reason src/capabilities.ts gives', async () => {
    const t = target();
    for (const dtype of DTYPES) {
      const exclusion = EXCLUDED_DTYPES[t.executionProvider][dtype];
      const listed = EP_DTYPES[t.executionProvider].includes(dtype);
      if (listed) {
        expect(exclusion, `${dtype} is both listed and excluded`).toBeUndefined();
        continue;
      }
      if (t.executionProvider === 'webgpu' && dtype === 'float16') {
        // Listed at run time when the adapter has shader-f16; the exclusion applies without it.
        const backend = await t.make();
        const hasF16 = backend.info?.shaderF16 === true;
        await backend.dispose();
        if (hasF16) continue;
      }
      expect(exclusion, `${t.executionProvider} leaves out ${dtype} without a reason`).toBeDefined();
      const inputs = [...SPECIAL_VALUES[dtype].map((v) => v.input)];
      const result = await t.probe(dtype, inputs);
      if (exclusion!.kind === 'lossy') {
        // Either the guard refuses it (self-test) or it runs and some positive value comes back changed.
        if (result.bits) expect(labelsThatDeviate(dtype, arrayFromBits(dtype, [...result.bits])).length, `${dtype} ran exactly`).toBeGreaterThan(0);
        else expect(result.error).toBeTruthy();
      } else {
        expect(result.error, `${t.executionProvider} ran ${dtype}: ${JSON.stringify(result.bits)}`).toBeTruthy();
        if (exclusion!.kind === 'cpu-fallback') expect(result.error).toMatch(/fallback to CPU EP has been explicitly disabled/);
      }
    }
  });

  it('takes subarray views with a byteOffset, length 0 and length 1, returns a new array of the same type, never mutates x', async () => {
    await withBackend({}, async (backend) => {
      for (const dtype of backend.dtypes) {
        const whole = ordinaryValues(dtype, 37, 3);
        const before = arrayBits(dtype, whole);
        const view = whole.subarray(5, 30) as ReluTypedArray;
        expect(view.byteOffset).toBeGreaterThan(0);
        const y = await backend.run(view, dtypeOptions(dtype));
        expect(y).not.toBe(view);
        expect(y.constructor).toBe(view.constructor);
        expect(y.length).toBe(25);
        expect(mismatchesWithCore(dtype, view, y), dtype).toEqual([]);
        expect(arrayBits(dtype, whole), `${dtype}: x was modified`).toEqual(before);
        const empty = await backend.run(whole.subarray(7, 7) as ReluTypedArray, dtypeOptions(dtype));
        expect(empty.length).toBe(0);
        expect(empty.constructor).toBe(view.constructor);
        for (const index of [4, 6]) {
          const one = whole.subarray(index, index + 1) as ReluTypedArray;
          expect(mismatchesWithCore(dtype, one, await backend.run(one, dtypeOptions(dtype))), `${dtype} length 1`).toEqual([]);
        }
      }
    });
  });

  it("returns arrays that are the caller's: mutating one changes no earlier or later result", async () => {
    await withBackend({ canonical: true }, async (backend) => {
      const dtype = backend.dtypes[0]!;
      const x = ordinaryValues(dtype, 64, 21);
      const expected = arrayBits(dtype, await backend.run(x, dtypeOptions(dtype)));
      const first = await backend.run(x, dtypeOptions(dtype));
      const second = await backend.run(x, dtypeOptions(dtype));
      expect(second).not.toBe(first);
      second.fill(typeof second[0] === 'bigint' ? (7n as never) : (7 as never));
      expect(arrayBits(dtype, first)).toEqual(expected);
      expect(arrayBits(dtype, await backend.run(x, dtypeOptions(dtype)))).toEqual(expected);
    });
  });

  it('stays correct under many overlapping runs of different dtypes and lengths', async () => {
    await withBackend({}, async (backend) => {
      const jobs = Array.from({ length: 36 }, (_, i) => {
        const dtype = backend.dtypes[i % backend.dtypes.length]!;
        const x = ordinaryValues(dtype, 1 + ((i * 37) % 300), 100 + i);
        return { dtype, x, y: backend.run(x, dtypeOptions(dtype)) };
      });
      for (const job of jobs) expect(mismatchesWithCore(job.dtype, job.x, await job.y), `${job.dtype} length ${job.x.length}`).toEqual([]);
    });
  });

  it('splits inputs longer than maxElementsPerRun and still returns every element', async () => {
    await withBackend({ maxElementsPerRun: 1000, canonical: true }, async (backend) => {
      const dtype = backend.dtypes[0]!;
      const x = randomBits(dtype, 2500, 11);
      expect(mismatchesWithCore(dtype, x, await backend.run(x, dtypeOptions(dtype)))).toEqual([]);
    });
  });

  it('rejects use after dispose with BackendDisposedError, lets runs in flight finish, and disposes twice quietly', async () => {
    const backend = await target().make();
    const x = new Float32Array([1, -2, 3]);
    const inFlight = backend.run(x);
    const disposed = backend.dispose();
    await expect(backend.run(x)).rejects.toThrow(BackendDisposedError);
    expect([...(await inFlight)]).toEqual([1, 0, 3]);
    await disposed;
    await backend.dispose();
    await expect(backend.run(x)).rejects.toThrow(BackendDisposedError);
  });

  it('checks its options: not an object is a TypeError, an unknown provider a RangeError naming the argument', async () => {
    const t = target();
    await expect(t.make({ canonical: 'yes' as unknown as boolean })).rejects.toThrow(TypeError);
    await expect(t.make({ maxElementsPerRun: 0 })).rejects.toThrow(RangeError);
  });
}

