import { fileURLToPath } from 'node:url';
import { BackendDisposedError, SPECIAL_VALUES, UnsupportedDTypeError, UnsupportedOpError, arrayBits, arrayFromBits, backendOps, coreBackend, isNaNBits } from '@relu/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RemoteEnvironment } from '../environment.js';
import { remoteBackend } from '../remote-backend.js';

/** The guest entry the suite drives (compiled JS beside this file, or the TS source under vitest). */
export const PROTOCOL_GUEST: string = fileURLToPath(new URL(`./protocol-guest.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url));

/**
 * The protocol's tests, the same for every RemoteEnvironment (a page in any browser, a child
 * runtime): call this inside a describe(). `open` starts the environment on PROTOCOL_GUEST.
 */
export function protocolSuite(open: (onProgress: (message: unknown) => void) => Promise<RemoteEnvironment>): void {
  let environment: RemoteEnvironment;
  const progress: unknown[] = [];
  beforeAll(async () => {
    environment = await open((message) => progress.push(message));
  }, 180_000);
  afterAll(async () => environment?.close());

  it('reports what the guest measured of itself', () => {
    expect(environment.version).toMatch(/^\d+\.\d+/);
    expect(environment.label).toContain(environment.version);
    expect(environment.features.webAssembly).toBe(true);
    for (const api of [environment.gpu.webgl, environment.gpu.webgpu]) expect(api.available || api.reason.length > 0).toBe(true);
  });

  it('runs a backend in the guest and returns its exact bits, with its ops and where it ran', async () => {
    const backend = await remoteBackend(environment, 'core');
    expect(backend.name).toBe('core');
    expect(backend.ops).toEqual(backendOps(coreBackend));
    expect(backend.info).toMatchObject({ environment: environment.label, environmentName: environment.name, tier: environment.tier });
    const values = SPECIAL_VALUES.float32;
    const y = await backend.run(arrayFromBits('float32', values.map((v) => v.input)));
    expect(y).toBeInstanceOf(Float32Array);
    arrayBits('float32', y).forEach((bits, i) => {
      const expected = values[i]!.expected;
      if (expected === 'NaN') expect(isNaNBits('float32', bits)).toBe(true);
      else expect(bits).toBe(expected);
    });
    const relu6 = await backend.run(new Int8Array([-7, 3, 9]), { op: 'relu6' });
    expect([...relu6]).toEqual([0, 3, 6]);
  });

  it('keeps the input view offset, dtype, bigints and NaN payloads across the boundary', async () => {
    const backend = await remoteBackend(environment, 'core');
    const whole = arrayFromBits('float16', ['0x8000', '0x3c00', '0xbc00', '0x7e01']);
    const y = await backend.run(whole.subarray(1), { dtype: 'float16' });
    expect(arrayBits('float16', y)).toEqual(['0x3c00', '0x0000', '0x7e01']);
    const int64 = await backend.run(new BigInt64Array([-(2n ** 63n), 2n ** 40n]));
    expect([...int64]).toEqual([0n, 2n ** 40n]);
    const echoed = await environment.call<Float32Array>('echo', arrayFromBits('float32', ['0x7fc00001', '0xffc00000']).subarray(1));
    expect([echoed.byteOffset, arrayBits('float32', echoed)]).toEqual([4, ['0xffc00000']]);
  });

  it('brings a Float16Array back where the harness has one, and refuses it clearly where not', async () => {
    if (!environment.features.float16Array) return expect(await environment.call('float16')).toBeNull();
    const result = environment.call<{ constructor: { name: string } }>('float16');
    if (typeof (globalThis as Record<string, unknown>).Float16Array === 'function') expect((await result).constructor.name).toBe('Float16Array');
    else await expect(result).rejects.toThrow(/received a Float16Array/);
  });

  it('rethrows guest errors with their classes and fields', async () => {
    await expect(environment.call('fail', 'RangeError')).rejects.toThrow(RangeError);
    await expect(environment.call('fail', 'TypeError')).rejects.toThrow('guest: deliberate TypeError');
    const dtypeError = await environment.call('fail', 'UnsupportedDTypeError').catch((error: unknown) => error);
    expect(dtypeError).toBeInstanceOf(UnsupportedDTypeError);
    expect(dtypeError).toMatchObject({ backend: 'guest-backend', dtype: 'int16', op: 'relu6', supported: ['float32', 'int8'] });
    const opError = await environment.call('fail', 'UnsupportedOpError').catch((error: unknown) => error);
    expect(opError).toBeInstanceOf(UnsupportedOpError);
    expect(opError).toMatchObject({ op: 'leakyRelu', supported: ['relu'] });
    await expect(environment.call('fail', 'BackendDisposedError')).rejects.toThrow(BackendDisposedError);
    await expect(environment.call('fail', 'Custom')).rejects.toMatchObject({ name: 'ExecutionProviderUnavailableError' });
    await expect(environment.call('no such function')).rejects.toThrow('exposes no function');
    const backend = await remoteBackend(environment, 'core');
    await expect(backend.run(new Uint16Array(2))).rejects.toThrow(TypeError);
    await expect(backend.run(new Int32Array(2), { op: 'leakyRelu' })).rejects.toThrow(/leakyRelu is not defined on 'int32'/);
    await backend.dispose();
    await expect(backend.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
    await expect(remoteBackend(environment, 'nope')).rejects.toThrow(RangeError);
  });

  it('forwards progress and the errors the guest reports', async () => {
    expect(await environment.call('progress', 3)).toBe(3);
    await environment.call('echo', 'flush');
    expect(progress.slice(-3)).toEqual([1, 2, 3].map((done) => ({ done, total: 3 })));
    expect(environment.errors()).toEqual([]);
    await environment.call('reportErrors');
    await expect.poll(() => environment.errors().length).toBe(2);
    const errors = environment.errors().join('\n');
    expect(errors).toContain('guest: console.error 42');
    expect(errors).toMatch(/guest: reported/);
  });
}
