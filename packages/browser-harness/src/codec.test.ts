import { BackendDisposedError, UnsupportedDTypeError, UnsupportedOpError } from '@relu/core';
import { describe, expect, it } from 'vitest';
import { BodyDecodeError, decodeMessage, encodeMessage } from './codec.js';
import { rebuildError } from './rebuild-error.js';
import { serializeError } from './serialize-error.js';

const roundTrip = <T>(value: T): T => decodeMessage(encodeMessage({ t: 'test', body: value })).body as T;

describe('the wire format', () => {
  it('keeps what JSON loses: -0, NaN, Infinity, undefined, bigints', () => {
    const value = roundTrip({ zero: -0, nan: NaN, inf: -Infinity, missing: undefined, big: -(2n ** 63n), list: [1, undefined, 3] });
    expect(Object.is(value.zero, -0)).toBe(true);
    expect(value.nan).toBeNaN();
    expect(value.inf).toBe(-Infinity);
    expect('missing' in value && value.missing === undefined).toBe(true);
    expect(value.big).toBe(-(2n ** 63n));
    expect(value.list).toEqual([1, undefined, 3]);
  });

  it('keeps typed arrays bit for bit, with their class and view offset', () => {
    const bits = new Uint32Array([0x7fc00001, 0xffc00000, 0x80000000, 0x7f800001]);
    const whole = new Float32Array(bits.buffer);
    const view = roundTrip(whole.subarray(1, 3));
    expect(view).toBeInstanceOf(Float32Array);
    expect([view.byteOffset, view.length, view.buffer.byteLength]).toEqual([4, 2, 16]);
    expect([...new Uint32Array(view.buffer)]).toEqual([...bits]);
    expect(roundTrip(new BigInt64Array([-1n, 2n ** 62n]))).toEqual(new BigInt64Array([-1n, 2n ** 62n]));
    expect(roundTrip(new Uint16Array([0x7e01, 0xfc00]))).toEqual(new Uint16Array([0x7e01, 0xfc00]));
  });

  it('refuses a Float16Array where this runtime has none, with a TypeError that says so', () => {
    const encoded = encodeMessage({ t: 'result', id: 7, body: new Uint16Array([0x3c00]) }).replace('"Uint16Array"', '"Float16Array"');
    if (typeof (globalThis as Record<string, unknown>).Float16Array === 'function') {
      expect((decodeMessage(encoded).body as { constructor: { name: string } }).constructor.name).toBe('Float16Array');
    } else {
      const error = (() => {
        try {
          decodeMessage(encoded);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BodyDecodeError);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ header: { t: 'result', id: 7 } });
      expect((error as Error).message).toMatch(/received a Float16Array, which this JavaScript environment does not have/);
    }
  });
});

describe('errors across the boundary', () => {
  const trip = (error: Error) => rebuildError(roundTrip(serializeError(error)), 'a test guest');

  it('rebuilds core errors with their classes, fields and messages', () => {
    const dtype = new UnsupportedDTypeError('b', 'int16', ['float32'], 'relu6');
    const rebuiltDtype = trip(dtype);
    expect(rebuiltDtype).toBeInstanceOf(UnsupportedDTypeError);
    expect(rebuiltDtype).toMatchObject({ backend: 'b', dtype: 'int16', supported: ['float32'], op: 'relu6', message: dtype.message });
    const op = new UnsupportedOpError('b', 'leakyRelu', ['relu']);
    expect(trip(op)).toBeInstanceOf(UnsupportedOpError);
    expect(trip(op)).toMatchObject({ backend: 'b', op: 'leakyRelu', supported: ['relu'], message: op.message });
    expect(trip(new BackendDisposedError('b'))).toBeInstanceOf(BackendDisposedError);
  });

  it('keeps TypeError and RangeError, other names on a plain Error, and the guest stack after the host one', () => {
    expect(trip(new TypeError('t'))).toBeInstanceOf(TypeError);
    expect(trip(new RangeError('r'))).toBeInstanceOf(RangeError);
    const custom = trip(Object.assign(new Error('c'), { name: 'ExecutionProviderUnavailableError' }));
    expect(custom).toMatchObject({ name: 'ExecutionProviderUnavailableError', message: 'c' });
    expect(custom.stack).toContain('--- in a test guest ---');
    expect(serializeError('not an error')).toEqual({ name: 'Error', message: 'not an error' });
  });
});
