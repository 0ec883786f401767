import { argumentRangeError, argumentTypeError } from './errors.js';

/** An integer option in [min, max], or its default when undefined. */
export function integerOption(fn: string, name: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw argumentTypeError(fn, name, `an integer from ${min} to ${max}`, value);
  if (value < min || value > max) throw argumentRangeError(fn, name, `an integer from ${min} to ${max}`, value);
  return value;
}
