import { checkOptions } from '../operand.js';

/** The attributes of an op that has none: undefined or an empty object. */
export function checkNoAttributes(fn: string, argument: string, value: unknown): Readonly<Record<never, never>> {
  checkOptions(fn, value, [] as const, argument);
  return NO_ATTRIBUTES;
}

export const NO_ATTRIBUTES: Readonly<Record<never, never>> = Object.freeze({});
