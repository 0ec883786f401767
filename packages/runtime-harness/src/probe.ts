import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RuntimeFamily } from './manifest.js';
import { launchArguments } from './launch.js';

const exec = promisify(execFile);

/** What a runtime binary says about itself, asked by running it (never assumed from its package). */
export interface RuntimeProbe {
  readonly runtime: 'node' | 'bun' | 'deno';
  readonly version: string;
  /** V8's version in Node and Deno; the WebKit revision Bun's JavaScriptCore comes from. */
  readonly engineVersion: string;
  readonly float16Array: boolean;
  readonly webSocket: boolean;
}

/** Runs in Node, Bun and Deno alike: each exposes its version in its own place. */
const PROBE_SOURCE = `const g = globalThis;
const info = g.Deno
  ? { runtime: 'deno', version: g.Deno.version.deno, engineVersion: g.Deno.version.v8 }
  : g.Bun
    ? { runtime: 'bun', version: g.Bun.version, engineVersion: 'WebKit ' + String(g.process?.versions?.webkit ?? '?').slice(0, 12) }
    : { runtime: 'node', version: g.process.versions.node, engineVersion: g.process.versions.v8 };
console.log(JSON.stringify({ ...info, float16Array: typeof g.Float16Array === 'function', webSocket: typeof g.WebSocket === 'function' }));
`;

const PROBE_TIMEOUT_MS = 30_000;

export async function probeRuntime(executable: string, family: RuntimeFamily, flags: readonly string[] = []): Promise<RuntimeProbe> {
  const dir = await mkdtemp(join(tmpdir(), 'relu-runtime-probe-'));
  try {
    const file = join(dir, 'probe.mjs');
    await writeFile(file, PROBE_SOURCE);
    const { stdout } = await exec(executable, launchArguments(family, 'optimized', flags, file), {
      cwd: dir,
      timeout: PROBE_TIMEOUT_MS,
      env: { ...process.env, ...family.env },
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as RuntimeProbe;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
