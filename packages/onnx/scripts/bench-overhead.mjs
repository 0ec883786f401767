// Wrapper overhead per op: backend.run(x, { op, attributes }) against session.run on a cached
// session of the same model with the same options, called directly (building the input Tensor,
// as any caller must). The wrapper's extra work is its argument checks, the copy of x that
// captures it at the call, and the session lookup. ReLU is called as backend.run(x) (no
// options: the hot path). Interleaved samples (the order alternates), ratio wrapper/direct per
// sample pair, median. Usage: npm run build && node scripts/bench-overhead.mjs [--samples 41]
// [--ep cpu,wasm] [--ops relu,leakyRelu,relu6]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { onnxBackend, opModel } from '../dist/index.node.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SAMPLES = Number(option('samples', 41));
const EPS = option('ep', 'cpu,wasm').split(',');
const OPS = option('ops', 'relu,leakyRelu,relu6').split(',');
const ATTRIBUTES = { relu: undefined, leakyRelu: { alpha: 0.01 }, relu6: undefined };
const require = createRequire(import.meta.url);

async function directSession(ep, op) {
  const model = opModel({ op, dtype: 'float32', attributes: ATTRIBUTES[op] });
  if (ep === 'cpu') {
    const ort = require('onnxruntime-node');
    return { ort, session: await ort.InferenceSession.create(model, { executionProviders: ['cpu'] }) };
  }
  const ort = await import('onnxruntime-web');
  return { ort, session: await ort.InferenceSession.create(model, { executionProviders: ['wasm'] }) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

async function time(fn, calls) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return (performance.now() - start) / calls;
}

for (const ep of EPS) for (const op of OPS) {
  const backend = await onnxBackend({ executionProvider: ep });
  const { ort, session } = await directSession(ep, op);
  const options = op === 'relu' ? undefined : { op, attributes: ATTRIBUTES[op] };
  for (const n of [1, 1e6]) {
    const x = new Float32Array(n).map((_, i) => (i % 3) - 1 + i / n);
    const direct = async () => {
      const out = await session.run({ X: new ort.Tensor('float32', x, [n]) });
      return out.Y.data;
    };
    const wrapper = () => backend.run(x, options);
    // Calls per sample: about 40 ms of work.
    const perCall = await time(direct, n === 1 ? 200 : 3);
    const calls = Math.max(3, Math.round(40 / perCall));
    for (let i = 0; i < 5; i++) {
      await time(direct, calls);
      await time(wrapper, calls);
    }
    const ratios = [];
    const directTimes = [];
    const wrapperTimes = [];
    for (let s = 0; s < SAMPLES; s++) {
      let d;
      let w;
      if (s % 2 === 0) {
        d = await time(direct, calls);
        w = await time(wrapper, calls);
      } else {
        w = await time(wrapper, calls);
        d = await time(direct, calls);
      }
      directTimes.push(d);
      wrapperTimes.push(w);
      ratios.push(w / d);
    }
    const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(2)} us` : `${ms.toFixed(3)} ms`);
    console.log(
      `${backend.name.padEnd(14)} ${op.padEnd(9)} n=${String(n).padEnd(7)} direct ${fmt(median(directTimes)).padStart(10)}  wrapper ${fmt(median(wrapperTimes)).padStart(10)}  ratio wrapper/direct median ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}; ${SAMPLES} samples x ${calls} calls)`,
    );
  }
  await backend.dispose();
  await session.release();
}
