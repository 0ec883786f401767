import { FLOAT_FORMATS, BYTES_PER_ELEMENT, type DType, HIGH_WORD, LOW_WORD, type WordView, isFloatDType } from '@relu/core';

/**
 * What a subject does to NaN inputs' bits. SPEC.md lets any NaN stand for any NaN, so this is
 * not a deviation; it is reported because users who tag NaNs (NaN-boxing, sentinel payloads)
 * need to know which runtimes keep their payloads.
 */
export interface NanPayloadSummary {
  /** NaN inputs counted. */
  readonly nans: number;
  /** Returned bit for bit. */
  readonly kept: number;
  /** Returned with the quiet bit set and every other bit (sign, payload) kept: a signalling NaN quieted. */
  readonly quieted: number;
  /** Returned as another NaN: the most frequent output bits, with how often. */
  readonly rewritten: readonly { readonly bits: string; readonly count: number }[];
  /** Rewritten to NaNs beyond the ones listed. */
  readonly rewrittenOther: number;
  /** Not returned as a NaN at all (a deviation, counted in the cells as well). */
  readonly notNaN: number;
}

const LISTED = 4;

/** Positions of the NaN elements of a chunk's bits, in one tight scan per format. */
export function nanIndices(dtype: DType, words: WordView): Int32Array {
  const format = FLOAT_FORMATS[dtype];
  if (!format) return new Int32Array(0);
  const found: number[] = [];
  if (BYTES_PER_ELEMENT[dtype] === 8) {
    for (let i = 0, n = words.length >> 1; i < n; i++) {
      const high = words[2 * i + HIGH_WORD]! & 0x7fffffff;
      if (high > 0x7ff00000 || (high === 0x7ff00000 && words[2 * i + LOW_WORD] !== 0)) found.push(i);
    }
  } else {
    const width = BYTES_PER_ELEMENT[dtype] * 8;
    const magnitude = width === 32 ? 0x7fffffff : 0x7fff;
    const infinity = ((1 << format.exponentBits) - 1) * 2 ** format.fractionBits;
    for (let i = 0, n = words.length; i < n; i++) if ((words[i]! & magnitude) > infinity) found.push(i);
  }
  return Int32Array.from(found);
}

/** Counts one row's NaN outputs against its NaN inputs, chunk by chunk. */
export class NanPayloads {
  #nans = 0;
  #kept = 0;
  #quieted = 0;
  #notNaN = 0;
  readonly #rewritten = new Map<string, number>();
  readonly #wide: boolean;
  readonly #quietBit: number;
  readonly #magnitude: number;
  readonly #infinity: number;
  readonly #digits: number;

  constructor(readonly dtype: DType) {
    const format = FLOAT_FORMATS[dtype];
    if (!format || !isFloatDType(dtype)) throw new RangeError(`NanPayloads: ${dtype} has no NaNs`);
    this.#wide = BYTES_PER_ELEMENT[dtype] === 8;
    // In the (high) word: the top fraction bit is the quiet bit.
    const highFractionBits = this.#wide ? format.fractionBits - 32 : format.fractionBits;
    this.#quietBit = 2 ** (highFractionBits - 1);
    this.#magnitude = BYTES_PER_ELEMENT[dtype] === 2 ? 0x7fff : 0x7fffffff;
    this.#infinity = ((1 << format.exponentBits) - 1) * 2 ** highFractionBits;
    this.#digits = BYTES_PER_ELEMENT[dtype] * 2;
  }

  add(inputWords: WordView, actualWords: WordView, indices: Int32Array): void {
    const wide = this.#wide;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      this.#nans++;
      const inHigh = wide ? inputWords[2 * i + HIGH_WORD]! : inputWords[i]!;
      const outHigh = wide ? actualWords[2 * i + HIGH_WORD]! : actualWords[i]!;
      const inLow = wide ? inputWords[2 * i + LOW_WORD]! : 0;
      const outLow = wide ? actualWords[2 * i + LOW_WORD]! : 0;
      const outMagnitude = outHigh & this.#magnitude;
      const outIsNaN = outMagnitude > this.#infinity || (wide && outMagnitude === this.#infinity && outLow !== 0);
      if (!outIsNaN) this.#notNaN++;
      else if (outHigh === inHigh && outLow === inLow) this.#kept++;
      else if (outLow === inLow && (outHigh >>> 0) === ((inHigh | this.#quietBit) >>> 0)) this.#quieted++;
      else {
        const bits = `0x${(outHigh >>> 0).toString(16).padStart(wide ? 8 : this.#digits, '0')}${wide ? (outLow >>> 0).toString(16).padStart(8, '0') : ''}`;
        this.#rewritten.set(bits, (this.#rewritten.get(bits) ?? 0) + 1);
      }
    }
  }

  summary(): NanPayloadSummary {
    const rewritten = [...this.#rewritten].sort((a, b) => b[1] - a[1]).map(([bits, count]) => ({ bits, count }));
    const listed = rewritten.slice(0, LISTED);
    return {
      nans: this.#nans,
      kept: this.#kept,
      quieted: this.#quieted,
      rewritten: listed,
      rewrittenOther: rewritten.slice(LISTED).reduce((sum, r) => sum + r.count, 0),
      notNaN: this.#notNaN,
    };
  }
}

/** One cell's worth: 'kept', 'quieted', '-> 0x7fc00000', 'kept 60%, -> 0xffc00000 40%', 'none checked'. */
export function describeNanPayload(summary: NanPayloadSummary | undefined): string {
  if (!summary || summary.nans === 0) return '-';
  const { nans } = summary;
  const parts: [string, number][] = [
    ['kept', summary.kept],
    ['quieted', summary.quieted],
    ...summary.rewritten.map((r) => [`-> ${r.bits}`, r.count] as [string, number]),
    ['-> other NaNs', summary.rewrittenOther],
    ['not a NaN', summary.notNaN],
  ];
  const present = parts.filter(([, count]) => count > 0);
  if (present.length === 1) return present[0]![0];
  return present.map(([what, count]) => `${what} ${count === nans ? '' : `${((100 * count) / nans).toPrecision(2)}%`}`.trim()).join(', ');
}
