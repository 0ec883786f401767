import { argumentRangeError, argumentTypeError } from './errors.js';

/** Options as an object with only `known` keys, or a TypeError naming what is wrong. */
export function checkOptionsObject<K extends string>(fn: string, options: unknown, known: readonly K[]): Partial<Record<K, unknown>> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw argumentTypeError(fn, 'options', `undefined or an object with keys ${known.join(', ')}`, options);
  }
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new TypeError(`${fn}: options has an unknown key ${JSON.stringify(key)}; the known keys are ${known.join(', ')}`);
    }
  }
  return options as Partial<Record<K, unknown>>;
}

/** An integer option in [min, max], or its default when undefined. */
export function integerOption(fn: string, name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw argumentTypeError(fn, name, `an integer from ${min} to ${max}`, value);
  if (value < min || value > max) throw argumentRangeError(fn, name, `an integer from ${min} to ${max}`, value);
  return value;
}
