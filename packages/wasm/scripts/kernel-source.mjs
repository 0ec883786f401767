// The text of the WebAssembly module: wat/kernel.wat (the loop shapes, written once) filled in for
// every (op, dtype) of every lane-operation file in wat/ops/, spliced into wat/module.wat. Used by
// scripts/build-wasm.mjs at build time and by the mutation tests, which assemble deliberately
// broken lane operations and check that the kernel tests catch them.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const WAT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'wat');

/** The most attributes a kernel takes: the thread pool's control block has this many f64 slots. */
export const MAX_ATTRIBUTES = 2;

/**
 * How each dtype sits in memory: element bytes, and the scalar type, load and store of the tail
 * loop. Narrow integers and 16-bit floats load sign-extended, so that signed compares on the
 * scalar see the same order as the vector lanes' signed compares.
 */
export const ELEMENTS = Object.freeze({
  float32: { bytes: 4, scalarType: 'i32', load: 'i32.load', store: 'i32.store' },
  float64: { bytes: 8, scalarType: 'i64', load: 'i64.load', store: 'i64.store' },
  float16: { bytes: 2, scalarType: 'i32', load: 'i32.load16_s', store: 'i32.store16' },
  bfloat16: { bytes: 2, scalarType: 'i32', load: 'i32.load16_s', store: 'i32.store16' },
  int8: { bytes: 1, scalarType: 'i32', load: 'i32.load8_s', store: 'i32.store8' },
  int16: { bytes: 2, scalarType: 'i32', load: 'i32.load16_s', store: 'i32.store16' },
  int32: { bytes: 4, scalarType: 'i32', load: 'i32.load', store: 'i32.store' },
  int64: { bytes: 8, scalarType: 'i64', load: 'i64.load', store: 'i64.store' },
});

/** The export that runs `op` on `dtype`. */
export function kernelName(op, dtype) {
  return `${op}_${dtype}`;
}

/** Every lane-operation file of wat/ops/ (or `dir`), in file-name order. */
export async function loadOps(dir = join(WAT_DIR, 'ops')) {
  const files = readdirSync(dir).filter((file) => file.endsWith('.mjs')).sort();
  const ops = [];
  for (const file of files) {
    const lanes = (await import(pathToFileURL(join(dir, file)).href)).default;
    ops.push(checkLanes(lanes, file));
  }
  return ops;
}

function checkLanes(lanes, file) {
  const where = `wat/ops/${file}`;
  if (lanes === null || typeof lanes !== 'object') throw new Error(`${where}: the default export must be an object of lane operations`);
  if (typeof lanes.op !== 'string' || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(lanes.op)) throw new Error(`${where}: op must be the op's name`);
  if (!Array.isArray(lanes.attributes) || lanes.attributes.length > MAX_ATTRIBUTES) {
    throw new Error(`${where}: attributes must list at most ${MAX_ATTRIBUTES} attribute names, in the kernels' parameter order`);
  }
  if (typeof lanes.idempotent !== 'boolean') throw new Error(`${where}: idempotent must say whether op(op(x)) === op(x)`);
  for (const [dtype, lane] of Object.entries(lanes.dtypes ?? {})) {
    const at = `${where}, ${dtype}`;
    if (!(dtype in ELEMENTS)) throw new Error(`${at}: not a dtype (${Object.keys(ELEMENTS).join(', ')})`);
    if (typeof lane.vector !== 'function' || typeof lane.scalar !== 'function') throw new Error(`${at}: vector and scalar must be functions of a WAT expression`);
    const params = (lane.params ?? '').match(/\(param /g)?.length ?? 0;
    if (params !== lanes.attributes.length) throw new Error(`${at}: params declares ${params} parameters for attributes [${lanes.attributes}]`);
  }
  return Object.freeze({ ...lanes, file });
}

const PLACEHOLDER = /\{\{(\w+)(?: (\$\w+))?\}\}/g;

/** One kernel: the template filled in for `dtype` with the lane operation of `lanes`. */
export function kernelText(template, lanes, dtype) {
  const lane = lanes.dtypes[dtype];
  const element = ELEMENTS[dtype];
  const lanesPerVector = 16 / element.bytes;
  const values = {
    name: kernelName(lanes.op, dtype),
    params: lane.params ?? '',
    locals: lane.locals ?? '',
    setup: lane.setup ?? '',
    scalarType: element.scalarType,
    load: element.load,
    store: element.store,
    elementBytes: String(element.bytes),
    blockShift: String(Math.log2(8 * lanesPerVector)),
    vectorShift: String(Math.log2(lanesPerVector)),
    laneMask: String(lanesPerVector - 1),
  };
  // The template's leading comment documents the template; each kernel gets its lane's doc instead.
  const body = template.replace(/^(;;.*\n)+/, '');
  const text = body.replace(PLACEHOLDER, (whole, key, local) => {
    if (key === 'vector' && local !== undefined) return lane.vector(`(local.get ${local})`);
    if (key === 'scalar' && local !== undefined) return lane.scalar(`(local.get ${local})`);
    if (local === undefined && Object.hasOwn(values, key)) return values[key];
    throw new Error(`wat/kernel.wat: unknown placeholder ${whole}`);
  });
  const doc = (lane.doc ?? '').trim().split('\n').map((line) => `;; ${line}`.trimEnd()).join('\n');
  return `;; ---- ${lanes.op} on ${dtype} (wat/ops/${lanes.file})\n${doc}\n${text}`;
}

/** What the runtime needs to know of each kernel: written into src/generated/ next to the bytes. */
export function kernelSpecs(ops) {
  return ops.flatMap((lanes) =>
    Object.keys(lanes.dtypes).map((dtype) => ({
      op: lanes.op,
      dtype,
      exportName: kernelName(lanes.op, dtype),
      attributes: [...lanes.attributes],
      idempotent: lanes.idempotent,
    })),
  );
}

/** The whole module with `memoryImport` in place of the @memory line. */
export function moduleText(ops, memoryImport, { template = readFileSync(join(WAT_DIR, 'kernel.wat'), 'utf8'), skeleton = readFileSync(join(WAT_DIR, 'module.wat'), 'utf8') } = {}) {
  if (!skeleton.includes(';; @memory') || !skeleton.includes(';; @kernels')) {
    throw new Error('wat/module.wat must contain the lines ";; @memory" and ";; @kernels"');
  }
  const kernels = ops.flatMap((lanes) => Object.keys(lanes.dtypes).map((dtype) => kernelText(template, lanes, dtype))).join('\n');
  // Function replacers: the WAT text is full of `$`, which a replacement string would interpret.
  return skeleton.replace(';; @memory', () => memoryImport).replace(';; @kernels', () => kernels);
}
