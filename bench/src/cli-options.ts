import { type DType, OP_NAMES, type OpName, isDType, isOpName } from '@relu/core';
import { InvalidArgumentError } from 'commander';

/** Parsers for the CLIs' list options, with errors that name the option and the bad value. */
export function parseSizes(value: string): number[] {
  return value.split(',').map((part) => {
    const size = Number(part.trim());
    if (!Number.isInteger(size) || size < 1 || size > 2 ** 28) throw new InvalidArgumentError(`sizes must be whole numbers from 1 to 2^28 (e.g. 1,1e3,1e6); got ${JSON.stringify(part)}`);
    return size;
  });
}

export function parseDTypes(value: string): DType[] {
  return value.split(',').map((part) => {
    const dtype = part.trim();
    if (!isDType(dtype)) throw new InvalidArgumentError(`dtypes must be among float32, float64, float16, bfloat16, int8, int16, int32, int64; got ${JSON.stringify(dtype)}`);
    return dtype;
  });
}

export function parseOps(value: string): OpName[] {
  return value.split(',').map((part) => {
    const op = part.trim();
    if (!isOpName(op)) throw new InvalidArgumentError(`ops must be among ${OP_NAMES.join(', ')}; got ${JSON.stringify(op)}`);
    return op;
  });
}

export function parseNames(value: string): string[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('name at least one backend, comma-separated, or leave the option out');
  return names;
}

/** A one-line progress printer: rewritten in place on a terminal, every few seconds otherwise. */
export function progressLine(): (line: string, final?: boolean) => void {
  let last = 0;
  return (line, final = false) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${line.slice(0, 118).padEnd(118)}${final ? '\n' : ''}`);
    else if (final || Date.now() - last > 5000) {
      last = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}
