import { describe, expect, it } from 'vitest';
import { arrayKindOf, coreBackend, everyPattern, intrinsicBitsView, leakyRelu, leakyReluBackward, relu, relu6, relu6Backward, reluBackward } from './index.js';

/**
 * Float16Array (Node >= 24, Bun, Deno, current browsers) holds the same bits as a Uint16Array of
 * float16 bits, so every op must give the same bits on both: this covers the Float16Array kind's
 * scratch arrays, views and copies, which no other test reaches. Where the runtime has no
 * Float16Array (Node 20 and 22) the test says so in its name and is skipped.
 */
const Float16 = (globalThis as { Float16Array?: new (source: ArrayBufferLike | number) => ArrayBufferView & { length: number } }).Float16Array;
const bitsOf = (a: ArrayBufferView) => [...new Uint16Array(a.buffer, a.byteOffset, a.byteLength / 2)];

describe.skipIf(Float16 === undefined)(`Float16Array gives the bits of Uint16Array with dtype 'float16'${Float16 === undefined ? ' (skipped: this runtime has no Float16Array)' : ''}`, () => {
  const patterns = everyPattern('float16');
  const halves = () => new Float16!(patterns.slice().buffer);
  type Forward = (x: never, options?: never) => ArrayBufferView;
  const forwards: [string, Forward][] = [
    ['relu', relu as Forward],
    ['leakyRelu', leakyRelu as Forward],
    ['relu6', relu6 as Forward],
  ];

  it.each(forwards)('%s on all 65,536 patterns, in chunks of every size class, new and in place', (_, f) => {
    const expected = bitsOf(f(patterns as never, { dtype: 'float16' } as never));
    expect(bitsOf(f(halves() as never))).toEqual(expected);
    for (const length of [1, 5, 100, 1000]) {
      const x = halves();
      for (let start = 0; start + length <= 65536; start += 4099) {
        const part = new (Float16 as unknown as new (b: ArrayBufferLike, o: number, n: number) => ArrayBufferView)(x.buffer, 2 * start, length);
        expect(bitsOf(f(part as never))).toEqual(expected.slice(start, start + length));
        f(part as never, { out: part } as never);
        expect(bitsOf(part)).toEqual(expected.slice(start, start + length));
      }
    }
  });

  it('the backward forms and the backend', async () => {
    const dy = new Uint16Array(65536).fill(0x3c00);
    const dyHalves = new Float16!(dy.slice().buffer);
    expect(bitsOf(reluBackward(halves() as never, dyHalves as never) as unknown as ArrayBufferView)).toEqual(bitsOf(reluBackward(patterns, dy, { dtype: 'float16' })));
    expect(bitsOf(leakyReluBackward(halves() as never, dyHalves as never) as unknown as ArrayBufferView)).toEqual(bitsOf(leakyReluBackward(patterns, dy, { dtype: 'float16' })));
    expect(bitsOf(relu6Backward(halves() as never, dyHalves as never) as unknown as ArrayBufferView)).toEqual(bitsOf(relu6Backward(patterns, dy, { dtype: 'float16' })));
    expect(bitsOf(await coreBackend.run(halves() as never, { op: 'relu6' }))).toEqual(bitsOf(relu6(patterns, { dtype: 'float16' })));
  });
});

describe.skipIf(Float16 === undefined)(`intrinsicBitsView: a Float16Array as the Uint16Array of its bits${Float16 === undefined ? ' (skipped: this runtime has no Float16Array)' : ''}`, () => {
  it('keeps every NaN\'s bits through slice() and set(), where a Float16Array copy into a Uint16Array converts values', () => {
    const patterns = new Uint16Array([0x7e01, 0xfe00, 0x7c01, 0xbc00, 0x0001]);
    const halves = new Float16!(patterns.slice().buffer);
    const kind = arrayKindOf(halves)!;
    const bits = intrinsicBitsView(kind, halves, 5);
    expect(Object.getPrototypeOf(bits)).toBe(Uint16Array.prototype);
    expect([...bits.slice()]).toEqual([...patterns]);
    expect(bits.buffer).toBe(halves.buffer);
  });
});
