import { lengthOf, typedArrayName, typedArrayTag } from './typed-arrays.js';

/**
 * Error messages that name the argument, what was expected and what was given, so that a user
 * reading only the message can fix the call.
 */

/** A short, human-readable description of any value, for "got ..." in error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return `a string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return `the number ${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'bigint':
      return `the bigint ${value}n`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'symbol':
      return `a symbol ${String(value)}`;
    case 'function':
      return `a function${value.name ? ` ${value.name}` : ''}`;
    default:
      break;
  }
  if (Array.isArray(value)) return `an Array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    // The internal slots, not .constructor or .length, which a subclass or an own property can fake.
    const name = typedArrayName(value);
    return typedArrayTag(value) === undefined ? `a ${name}` : `a ${name} of length ${lengthOf(value)}`;
  }
  if (value instanceof ArrayBuffer) return `an ArrayBuffer of ${value.byteLength} bytes`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

export function argumentTypeError(fn: string, argument: string, expected: string, actual: unknown): TypeError {
  return new TypeError(`${fn}: ${argument} must be ${expected}; got ${describeValue(actual)}`);
}

/** `actual` as given when it is already a description (a string), else described. */
export function argumentRangeError(fn: string, argument: string, expected: string, actual: unknown): RangeError {
  return new RangeError(`${fn}: ${argument} must be ${expected}; got ${typeof actual === 'string' ? actual : describeValue(actual)}`);
}
