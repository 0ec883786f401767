// Interleaved timing for the measurement scripts of this folder: every variant runs in every round,
// one after the other, so that the machine's load hits them alike, and each ratio is taken inside
// one round before the median over rounds is.

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The clocks a comparison can use, in ms: wall time, or this process's CPU time (user + system,
 * page faults included), which on a machine shared with other work leaves out the time others
 * hold the cores. CPU time counts every thread of the process: only for single-thread variants.
 */
const CLOCKS = {
  wall: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/**
 * Calls of `fn` (possibly async) that take about `ms` milliseconds, measured after `fn` has run
 * for `ms` already: the first calls compile code and fault memory in, and a slow first call must
 * not make every round a single call (whose time is then mostly the clock's).
 */
async function calibrate(fn, ms, now) {
  const warm = now();
  while (now() - warm < ms) await fn();
  for (let calls = 1; ; calls *= 2) {
    const t0 = now();
    for (let i = 0; i < calls; i++) await fn();
    const elapsed = now() - t0;
    if (elapsed > ms / 4 || calls >= 1 << 24) return Math.max(1, Math.round((calls * ms) / Math.max(elapsed, 1e-3)));
  }
}

/**
 * Seconds per call of each variant (median over rounds), and the median over rounds of each
 * variant's time divided by `baseline`'s time in the same round.
 */
export async function compare(variants, { baseline, rounds = 11, roundMs = 30, clock = 'wall' } = {}) {
  const now = CLOCKS[clock];
  const names = Object.keys(variants);
  const calls = {};
  for (const name of names) calls[name] = await calibrate(variants[name], roundMs, now);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = variants[name];
      const n = calls[name];
      const t0 = now();
      for (let i = 0; i < n; i++) await fn();
      samples[name].push((now() - t0) / 1e3 / n);
    }
  }
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        seconds: median(samples[name]),
        ratio: baseline === undefined ? undefined : median(samples[name].map((s, round) => s / samples[baseline][round])),
      },
    ]),
  );
}

export function parseArgs(argv) {
  return Object.fromEntries(argv.map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
}

export function randomSigns(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() - 0.5;
  return a;
}
