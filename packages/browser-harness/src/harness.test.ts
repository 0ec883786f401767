import { fileURLToPath } from 'node:url';
import { BackendDisposedError, SPECIAL_VALUES, UnsupportedDTypeError, arrayBits, arrayFromBits, isNaNBits } from '@relu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserPage, browserSkipReason, openBrowserPage, remoteBackend } from './index.js';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`browser-harness tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('browser harness in headless Chromium', () => {
  let page: BrowserPage;
  beforeAll(async () => {
    page = await openBrowserPage({ entry: fileURLToPath(new URL('./test-support/core-page.ts', import.meta.url)) });
  }, 60_000);
  afterAll(async () => page?.close());

  it('serves the page cross-origin isolated, so SharedArrayBuffer exists', async () => {
    expect(await page.call('isolation')).toEqual({ crossOriginIsolated: true, sharedArrayBuffer: true });
  });

  it('runs a backend in the page and returns its exact bits', async () => {
    const backend = await remoteBackend(page, 'core');
    expect(backend.name).toBe('core');
    expect(String(backend.info?.browser)).toMatch(/^Chromium \d+/);
    const values = SPECIAL_VALUES.float32;
    const y = await backend.run(arrayFromBits('float32', values.map((v) => v.input)));
    expect(y).toBeInstanceOf(Float32Array);
    arrayBits('float32', y).forEach((bits, i) => {
      const expected = values[i]!.expected;
      if (expected === 'NaN') expect(isNaNBits('float32', bits)).toBe(true);
      else expect(bits).toBe(expected);
    });
  });

  it('keeps the input view offset and dtype across the page boundary', async () => {
    const backend = await remoteBackend(page, 'core');
    const whole = arrayFromBits('float16', ['0x8000', '0x3c00', '0xbc00', '0x7e01']);
    const view = whole.subarray(1);
    const y = await backend.run(view, { dtype: 'float16' });
    expect(arrayBits('float16', y)).toEqual(['0x3c00', '0x0000', '0x7e01']);
    const int64 = await backend.run(new BigInt64Array([-(2n ** 63n), 2n ** 40n]));
    expect([...int64]).toEqual([0n, 2n ** 40n]);
  });

  it('rethrows page errors with their classes', async () => {
    await expect(page.call('fail')).rejects.toThrow(RangeError);
    await expect(page.call('fail')).rejects.toThrow('page: deliberate failure');
    await expect(page.call('no such function')).rejects.toThrow('exposes no function');
    const backend = await remoteBackend(page, 'core');
    await expect(backend.run(new Uint16Array(2))).rejects.toThrow(TypeError);
    await backend.dispose();
    await expect(backend.run(new Float32Array(1))).rejects.toThrow(BackendDisposedError);
    expect(page.errors()).toEqual([]);
  });

  it('rebuilds UnsupportedDTypeError with its fields', async () => {
    const { rebuildError } = await import('./rebuild-error.js');
    const error = rebuildError({ name: 'UnsupportedDTypeError', message: '', backend: 'x', dtype: 'int16', supported: ['float32'] });
    expect(error).toBeInstanceOf(UnsupportedDTypeError);
    expect(error.message).toContain("dtype 'int16'");
  });
});
