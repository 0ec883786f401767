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
    const params = paramNames(lane.params ?? '');
    if (params.length !== lanes.attributes.length) throw new Error(`${at}: params declares ${params.length} parameters for attributes [${lanes.attributes}]`);
    const variants = lane.variants ?? [lane];
    variants.forEach((variant, i) => {
      const name = lane.variants === undefined ? '' : ` variant ${variant.name}`;
      if (typeof variant.vector !== 'function' || typeof variant.scalar !== 'function') throw new Error(`${at}${name}: vector and scalar must be functions of a WAT expression`);
      if (lane.variants !== undefined && !/^[a-z][a-z0-9_]*$/.test(variant.name ?? '')) throw new Error(`${at}: every variant needs a name`);
      const last = i === variants.length - 1;
      if (lane.variants !== undefined && last !== (variant.when === undefined)) throw new Error(`${at}${name}: every variant but the last needs a condition (when), and the last none`);
    });
  }
  return Object.freeze({ ...lanes, file });
}

const PLACEHOLDER = /\{\{(\w+)(?: (\$\w+))?\}\}/g;

/** The parameter names of a params text: '(param $alpha f32)' -> ['$alpha']. */
function paramNames(params) {
  return [...params.matchAll(/\(param (\$\w+) \w+\)/g)].map((match) => match[1]);
}

/**
 * One loop of the template, filled in for `dtype` with one lane operation: a function named
 * `name`, exported under that name when `exported`.
 */
function loopText(template, lane, params, dtype, name, exported) {
  const element = ELEMENTS[dtype];
  const lanesPerVector = 16 / element.bytes;
  const values = {
    name,
    export: exported ? `(export "${name}")` : '',
    params,
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
  return `${comment(lane.doc)}${text}`;
}

function comment(doc) {
  const text = (doc ?? '').trim();
  return text === '' ? '' : `${text.split('\n').map((line) => `;; ${line}`.trimEnd()).join('\n')}\n`;
}

/**
 * The kernel of `op` on `dtype`: the template filled in with its lane operation or, for a lane
 * with variants (lane operations that are faster, and exact, for some attribute values only), one
 * loop per variant and an exported function that picks the first variant whose condition holds.
 */
export function kernelText(template, lanes, dtype) {
  const lane = lanes.dtypes[dtype];
  const name = kernelName(lanes.op, dtype);
  const params = lane.params ?? '';
  const header = `;; ---- ${lanes.op} on ${dtype} (wat/ops/${lanes.file})\n${comment(lane.doc)}`;
  if (lane.variants === undefined) return header + loopText(template, lane, params, dtype, name, true);
  const forward = ['$src', '$dst', '$n', ...paramNames(params)].map((p) => `(local.get ${p})`).join(' ');
  const loops = lane.variants.map((variant) => loopText(template, variant, params, dtype, `${name}__${variant.name}`, false));
  const choices = lane.variants.map((variant) =>
    variant.when === undefined
      ? `  (call $${name}__${variant.name} ${forward})`
      : `  (if ${variant.when} (then (return (call $${name}__${variant.name} ${forward}))))`,
  );
  const dispatch = `(func $${name} (export "${name}") (param $src i32) (param $dst i32) (param $n i32) ${params}\n${choices.join('\n')})`;
  return `${header}${loops.join('\n')}\n${dispatch}\n`;
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
