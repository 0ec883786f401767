#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createNodeSubject, createUserSubject, loadProfiles } from '@relu/conformance';
import { type Attributes, OPS, type OpName, type ReluBackend, type RunOptions, backendOps, bitMismatches, coreBackend } from '@relu/core';
import Table from 'cli-table3';
import { Command } from 'commander';
import { parseNames } from './cli-options.js';
import { machineInfo } from './machine.js';
import { randomSignData } from './random-data.js';

/**
 * The soak test (issue 12): every Node-side subject of profiles.json runs many small calls, then
 * is created and disposed many times, and the process must not grow. Memory is read after
 * gc() (node --expose-gc) once warm-up is over and again at the end of each phase; growth beyond
 * a bound fails the run with the backend, the phase and the figure. Every CHECK_EVERY calls a
 * result is compared bit for bit with what the backend returned for the same input on its first
 * call, so a backend that degrades instead of growing fails too; that first result is compared
 * with @relu/core's reference only to say where they differ (whether a difference is declared is
 * the conformance suite's business). Outside the unit tests: `npm run soak -w @relu/bench [-- --short]`.
 */

/**
 * Growth allowed after warm-up, per phase and backend. A leak of L bytes per call shows as L x
 * calls: with 1e5 runs these catch about 80 bytes of heap or external memory per run and 320 of
 * native memory; with 2,000 cycles about 4 KiB of heap and 16 KiB of native memory per
 * create/dispose. The short form (1e4 runs, 100 cycles) is ten and twenty times less sensitive.
 * nativeRss is rss outside the V8 heap (rss - heapTotal): V8 sizing its young generation to the
 * allocation rate is not a leak, and heapUsed covers the heap. It is the loosest bound: native
 * allocators keep freed pages.
 */
const BOUNDS_MIB = { heapUsed: 8, external: 8, nativeRss: 32 } as const;

/** The input lengths the runs cycle through: small, where per-call overhead (and its leaks) dominate. */
const RUN_SIZES = [1, 16, 256, 4096] as const;
const CHECK_EVERY = 997;

interface Memory {
  readonly rss: number;
  /** rss outside the V8 heap: native allocations (wasm memories, onnxruntime, workers). */
  readonly nativeRss: number;
  readonly heapUsed: number;
  /** Memory outside the V8 heap held by JS objects (ArrayBuffers included). */
  readonly external: number;
  readonly arrayBuffers: number;
}

interface PhaseFigure {
  readonly backend: string;
  readonly phase: 'runs' | 'create/dispose';
  readonly iterations: number;
  readonly warmup: number;
  readonly seconds: number;
  /** After warm-up, after gc(). */
  readonly before: Memory;
  /** At the end, after gc(). */
  readonly after: Memory;
  /** The largest rss seen at the checkpoints in between. */
  readonly peakRss: number;
  readonly failures: readonly string[];
}

const MIB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

async function settledMemory(): Promise<Memory> {
  // Twice with turns in between: finalizers, worker exits and ArrayBuffer sweeping run between collections.
  for (let i = 0; i < 3; i++) {
    gc!();
    await nextTurn();
  }
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, nativeRss: rss - heapTotal, heapUsed, external, arrayBuffers };
}

/** The ops of a backend and, for each, an input per size and the reference output. */
function callsOf(backend: ReluBackend): SoakCall[] {
  const ops = Object.entries(backendOps(backend)).filter(([, dtypes]) => dtypes?.includes('float32')) as [OpName, readonly string[]][];
  if (ops.length === 0) throw new TypeError(`${backend.name} runs no op on float32; the soak drives float32`);
  return ops.flatMap(([op]) =>
    RUN_SIZES.map((size, i) => {
      const x = randomSignData('float32', size, 1000 + i) as Float32Array;
      const attributes = OPS[op].defaults as Attributes;
      const expected = new Float32Array(size);
      OPS[op].forward('float32', attributes as never, x, expected);
      return { key: `${op} n=${size}`, op, x, reference: expected, options: op === 'relu' ? { dtype: 'float32' } : { dtype: 'float32', op, attributes } };
    }),
  );
}

interface SoakCall {
  readonly key: string;
  readonly op: OpName;
  readonly x: Float32Array;
  readonly reference: Float32Array;
  readonly options: RunOptions;
}

/** What one soaked backend returned on its first call of each input, across both phases and every instance. */
class FirstResults {
  readonly #first = new Map<string, Float32Array>();
  /** Where the first results differ from core's reference, once per call (not a failure here). */
  readonly notes: string[] = [];

  /** A failure message, or undefined; records the first result of each call. */
  check(call: SoakCall, y: unknown, compare: boolean): string | undefined {
    if (!(y instanceof Float32Array) || y.length !== call.x.length) return `${call.key} returned ${Object.prototype.toString.call(y)} of length ${(y as { length?: unknown } | null)?.length}`;
    const first = this.#first.get(call.key);
    if (first === undefined) {
      this.#first.set(call.key, y.slice());
      const [differs] = bitMismatches('float32', call.reference, y, 1);
      if (differs) this.notes.push(`${call.key} gives ${differs.actual} at ${differs.index} where @relu/core gives ${differs.expected}`);
      return undefined;
    }
    if (!compare) return undefined;
    const [changed] = bitMismatches('float32', first, y, 1);
    return changed ? `${call.key} returned ${changed.actual} at ${changed.index}; its first call returned ${changed.expected}` : undefined;
  }
}

async function checkedRun(backend: ReluBackend, call: SoakCall, compare: boolean, firsts: FirstResults): Promise<string | undefined> {
  return firsts.check(call, await backend.run(call.x, call.options), compare);
}

/**
 * Warm-up until memory stops growing: blocks of calls, each followed by a settled reading, until a
 * block grows native rss by less than 1 MiB and the heap by less than 1 MiB, or WARMUP_MAX_BLOCKS blocks
 * ran (onnxruntime-web's wasm heap, for one, takes about a hundred sessions to reach its size).
 * Returns the number of calls made and the reading the phase starts from.
 */
const WARMUP_MAX_BLOCKS = 10;
async function warmUp(block: number, step: (i: number) => Promise<void>): Promise<{ calls: number; memory: Memory }> {
  let memory = await settledMemory();
  let calls = 0;
  for (let b = 0; b < WARMUP_MAX_BLOCKS; b++) {
    for (let i = 0; i < block; i++) await step(calls++);
    const next = await settledMemory();
    const settled = next.nativeRss - memory.nativeRss < MIB && next.heapUsed - memory.heapUsed < MIB;
    memory = next;
    if (settled) break;
  }
  return { calls, memory };
}

/**
 * The process's own one-time growth, before any phase: the first few thousand calls of anything
 * grow rss by tens of MiB once (malloc arenas of V8's compiler and GC threads, code space) and
 * never again, which would otherwise be charged to the first backend.
 */
async function warmUpProcess(): Promise<void> {
  const calls = callsOf(coreBackend);
  const firsts = new FirstResults();
  for (let i = 0; i < 30_000; i++) await checkedRun(coreBackend, calls[i % calls.length]!, i % CHECK_EVERY === 0, firsts);
  await settledMemory();
}

function growthFailures(figure: Omit<PhaseFigure, 'failures'>): string[] {
  const growth = {
    heapUsed: figure.after.heapUsed - figure.before.heapUsed,
    external: figure.after.external - figure.before.external,
    nativeRss: figure.after.nativeRss - figure.before.nativeRss,
  };
  return (Object.keys(BOUNDS_MIB) as (keyof typeof BOUNDS_MIB)[])
    .filter((key) => growth[key] > BOUNDS_MIB[key] * MIB)
    .map((key) => `${key} grew ${(growth[key] / MIB).toFixed(1)} MiB after warm-up (bound ${BOUNDS_MIB[key]} MiB) over ${figure.iterations.toLocaleString('en-US')} ${figure.phase === 'runs' ? 'runs' : 'cycles'}`);
}

/** A backend to soak: a subject of profiles.json, or a user's module (--backend). */
interface Soaked {
  readonly name: string;
  create(): Promise<ReluBackend>;
}

async function runsPhase(soaked: Soaked, runs: number, firsts: FirstResults): Promise<PhaseFigure> {
  const backend = await soaked.create();
  const failures: string[] = [];
  try {
    const calls = callsOf(backend);
    const { calls: warmup, memory: before } = await warmUp(Math.max(100, Math.round(runs / 20)), async (i) => {
      const wrong = await checkedRun(backend, calls[i % calls.length]!, false, firsts);
      if (wrong) failures.push(`warm-up run ${i}: ${wrong}`);
    });
    let peakRss = before.rss;
    const began = performance.now();
    for (let i = 0; i < runs && failures.length === 0; i++) {
      const wrong = await checkedRun(backend, calls[i % calls.length]!, i % CHECK_EVERY === 0, firsts);
      if (wrong) failures.push(`run ${i}: ${wrong}`);
      if (i % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    const seconds = (performance.now() - began) / 1000;
    const after = await settledMemory();
    const figure = { backend: soaked.name, phase: 'runs' as const, iterations: runs, warmup, seconds, before, after, peakRss: Math.max(peakRss, after.rss) };
    return { ...figure, failures: [...failures, ...growthFailures(figure)] };
  } finally {
    await backend.dispose();
  }
}

async function cyclesPhase(soaked: Soaked, cycles: number, firsts: FirstResults): Promise<PhaseFigure> {
  const failures: string[] = [];
  const cycle = async (i: number, check: boolean) => {
    const backend = await soaked.create();
    try {
      const calls = callsOf(backend);
      const wrong = await checkedRun(backend, calls[i % calls.length]!, check, firsts);
      if (wrong) failures.push(`cycle ${i}: ${wrong}`);
    } finally {
      await backend.dispose();
    }
  };
  const { calls: warmup, memory: before } = await warmUp(Math.max(10, Math.round(cycles / 20)), (i) => cycle(i, false));
  let peakRss = before.rss;
  const began = performance.now();
  for (let i = 0; i < cycles && failures.length === 0; i++) {
    await cycle(i, i % 97 === 0);
    if (i % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const seconds = (performance.now() - began) / 1000;
  const after = await settledMemory();
  const figure = { backend: soaked.name, phase: 'create/dispose' as const, iterations: cycles, warmup, seconds, before, after, peakRss: Math.max(peakRss, after.rss) };
  return { ...figure, failures: [...failures, ...growthFailures(figure)] };
}

const mib = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / MIB).toFixed(1)}`;

function renderFigures(figures: readonly PhaseFigure[]): string {
  const table = new Table({
    head: ['backend', 'phase', 'warm-up', 'then', 'seconds', 'rss MiB', 'native rss MiB', 'heapUsed MiB', 'external MiB', 'arrayBuffers MiB', 'peak rss MiB', 'verdict'],
    style: { head: [], border: [] },
  });
  for (const f of figures) {
    table.push([
      f.backend,
      f.phase,
      f.warmup.toLocaleString('en-US'),
      f.iterations.toLocaleString('en-US'),
      f.seconds.toFixed(1),
      mib(f.after.rss - f.before.rss),
      mib(f.after.nativeRss - f.before.nativeRss),
      mib(f.after.heapUsed - f.before.heapUsed),
      mib(f.after.external - f.before.external),
      mib(f.after.arrayBuffers - f.before.arrayBuffers),
      (f.peakRss / MIB).toFixed(0),
      f.failures.length ? 'FAIL' : 'ok',
    ]);
  }
  return table.toString();
}

async function main(): Promise<number> {
  const program = new Command('relu-soak')
    .description('Soak test: many small runs and many create/dispose cycles per Node backend; fails on memory growth beyond a stated bound after warm-up. Needs node --expose-gc.')
    .option('--short', 'the CI form: 1e4 runs and 100 cycles per backend (about a minute here)')
    .option('--runs <n>', 'runs per backend (default 1e5)', Number)
    .option('--cycles <n>', 'create/dispose cycles per backend (default 2000)', Number)
    .option('--backends <names>', 'only these Node subjects of profiles.json', parseNames)
    .option('--backend <module>', "soak your own backend instead: a module whose default export is a ReluBackend or a function returning one")
    .option('--json <file>', 'write the figures as JSON')
    .showHelpAfterError();
  program.parse();
  const o = program.opts<{ short?: boolean; runs?: number; cycles?: number; backends?: string[]; backend?: string; json?: string }>();
  if (gc === undefined) program.error('error: run node with --expose-gc (npm run soak does): the soak reads memory after gc()', { exitCode: 2 });
  const runs = o.runs ?? (o.short ? 1e4 : 1e5);
  const cycles = o.cycles ?? (o.short ? 100 : 2000);
  for (const [name, value] of [['--runs', runs], ['--cycles', cycles]] as const) {
    if (!Number.isInteger(value) || value < 1) program.error(`error: ${name} must be a positive integer; got ${value}`, { exitCode: 2 });
  }
  const profiles = (await loadProfiles()).filter((p) => p.environment === 'node');
  const unknown = (o.backends ?? []).filter((name) => !profiles.some((p) => p.name === name));
  if (unknown.length) program.error(`error: --backends: unknown Node subject(s) ${unknown.join(', ')}; known: ${profiles.map((p) => p.name).join(', ')}`, { exitCode: 2 });
  const selected: Soaked[] = o.backend
    ? [{ name: o.backend, create: async () => (await createUserSubject(o.backend!)).backend }]
    : (o.backends ? profiles.filter((p) => o.backends!.includes(p.name)) : profiles).map((p) => ({ name: p.name, create: async () => (await createNodeSubject(p)).backend }));

  console.log(`soak: ${selected.length} Node backends, ${runs.toLocaleString('en-US')} runs and ${cycles.toLocaleString('en-US')} create/dispose cycles each; bounds after warm-up: heapUsed +${BOUNDS_MIB.heapUsed} MiB, external +${BOUNDS_MIB.external} MiB, rss outside the V8 heap +${BOUNDS_MIB.nativeRss} MiB`);
  await warmUpProcess();
  const figures: PhaseFigure[] = [];
  const began = Date.now();
  for (const soaked of selected) {
    const firsts = new FirstResults();
    const phases = [['runs', () => runsPhase(soaked, runs, firsts)], ['create/dispose', () => cyclesPhase(soaked, cycles, firsts)]] as const;
    for (const [phaseName, phase] of phases) {
      try {
        const figure = await phase();
        figures.push(figure);
        console.log(`  ${soaked.name} ${figure.phase}: ${figure.failures.length ? `FAIL: ${figure.failures.join('; ')}` : 'ok'} (${figure.seconds.toFixed(1)} s)`);
        firsts.notes.splice(0).forEach((note) => console.log(`  note: ${soaked.name} ${note} (the conformance suite says whether that is declared)`));
      } catch (error) {
        const failure = `${soaked.name} ${phaseName}: ${(error as Error).message}`;
        figures.push({ backend: soaked.name, phase: phaseName, iterations: 0, warmup: 0, seconds: 0, before: await settledMemory(), after: await settledMemory(), peakRss: 0, failures: [failure] });
        console.log(`  ${failure}`);
      }
    }
  }
  console.log(renderFigures(figures));
  const failed = figures.filter((f) => f.failures.length > 0);
  if (o.json) {
    await writeFile(o.json, `${JSON.stringify({ machine: await machineInfo(), runs, cycles, boundsMiB: BOUNDS_MIB, figures }, null, 2)}\n`);
    console.log(`wrote ${o.json}`);
  }
  console.log(`soak: ${failed.length === 0 ? 'ok' : `${failed.length} FAILED`} in ${((Date.now() - began) / 1000).toFixed(0)} s`);
  for (const f of failed) console.error(`soak FAIL ${f.backend} ${f.phase}: ${f.failures.join('; ')}`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`relu-soak: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
