
/** This JavaScript engine cannot compile WebAssembly SIMD (fixed-width 128-bit) instructions. */
export class WasmSimdUnavailableError extends Error {
  override readonly name = 'WasmSimdUnavailableError';
  constructor(detail: string) {
    super(
      `@relu/wasm needs WebAssembly SIMD, which this engine does not support (${detail}); ` +
        'it ships in Node >= 16.4, Chrome/Edge >= 91, Firefox >= 89 and Safari >= 16.4. Use coreBackend from @relu/core instead.',
    );
  }
}

/** A tensor was used (or freed again) after free(). */
export class WasmTensorFreedError extends Error {
  override readonly name = 'WasmTensorFreedError';
  constructor(fn: string, what: string) {
    super(`${fn}: ${what} has been freed; its memory may already belong to another tensor`);
  }
}

export { argumentRangeError, argumentTypeError } from '@relu/core';

/** Bytes in words a reader can check at a glance: '4294967296 bytes (4 GiB)'. */
export function describeBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let scaled = bytes;
  let unit = '';
  for (let i = 0; scaled >= 1024 && i < units.length; i++) {
    scaled /= 1024;
    unit = units[i]!;
  }
  return unit === '' ? `${bytes} bytes` : `${bytes} bytes (${Number(scaled.toPrecision(4))} ${unit})`;
}
