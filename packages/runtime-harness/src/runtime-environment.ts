import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import {
  CHANNEL_ENV,
  type GuestListener,
  GuestUnavailableError,
  type RemoteEnvironment,
  TIERS,
  type Tier,
  connectedEnvironment,
  listenForGuest,
  stopProcess,
} from '@relu/browser-harness';
import { bundleForRuntime } from './bundle.js';
import { launchArguments, launchEnvironment } from './launch.js';
import { loadManifest } from './manifest.js';
import { RuntimeUnavailableError, findRuntime } from './runtimes.js';

export interface RuntimeOptions {
  /** The guest entry module (TS or JS) that calls expose()/exposeBackends() and markReady(). */
  readonly entry: string;
  /** A runtime of the manifest: 'node20', 'node22', 'node24', 'node26', 'bun', 'deno'. */
  readonly runtime: string;
  /** 'optimized' (default) or 'cold': the engine's optimizing tiers off (the manifest's tier flags). */
  readonly tier?: Tier;
  /**
   * true (default): bundle the entry with esbuild first. false: run the entry file as it is (a JS
   * module that imports @relu/browser-harness/guest itself), resolved by the runtime's own loader.
   */
  readonly bundle?: boolean;
  /** More packages to leave to the runtime's resolver (besides RUNTIME_EXTERNALS). */
  readonly external?: readonly string[];
  /** Extra environment variables for the child. */
  readonly env?: Readonly<Record<string, string>>;
  /** The child's working directory (default: where its externals resolve from). */
  readonly cwd?: string;
  readonly onProgress?: (message: unknown) => void;
  /** How long the guest may take to connect and call markReady() (default 60 s, cold 180 s). */
  readonly readyTimeoutMs?: number;
}

export interface RuntimeEnvironment extends RemoteEnvironment {
  readonly kind: 'runtime';
  readonly executable: string;
  readonly pid: number;
  /** The child's stdout and stderr so far (the last 64 KiB), for diagnostics. */
  output(): string;
}

const OUTPUT_LIMIT = 64 * 1024;
const EXIT_GRACE_MS = 5_000;

/**
 * Starts `entry` in a child runtime and waits until it has marked itself ready: the same guest
 * module and protocol as a browser page, so call() and remoteBackend() work unchanged.
 */
export async function openRuntime(options: RuntimeOptions): Promise<RuntimeEnvironment> {
  const tier = options.tier ?? 'optimized';
  if (!TIERS.includes(tier)) throw new RangeError(`openRuntime: options.tier must be one of ${TIERS.join(', ')}; got ${JSON.stringify(tier)}`);
  const manifest = loadManifest();
  const info = await findRuntime(options.runtime, manifest);
  if (!info.available || !info.executable) throw new RuntimeUnavailableError(`the ${info.name} runtime is not available: ${info.reason}`);
  const entry = manifest.runtimes.find((r) => r.name === info.name)!;
  const family = manifest.families[entry.family]!;
  const bundle = options.bundle === false ? undefined : await bundleForRuntime(options.entry, options.external);
  const where = `${info.name} (${tier})`;
  let listener: GuestListener | undefined;
  let child: ChildProcess | undefined;
  try {
    listener = await listenForGuest({
      where,
      timeoutMs: options.readyTimeoutMs ?? (tier === 'cold' ? 180_000 : 60_000),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const openListener = listener;
    const started = spawn(info.executable, launchArguments(family, tier, entry.flags ?? [], bundle?.file ?? options.entry), {
      cwd: options.cwd ?? bundle?.cwd ?? process.cwd(),
      env: { ...process.env, ...launchEnvironment(family, tier), ...options.env, [CHANNEL_ENV]: listener.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    started.stdout!.on('data', collect);
    started.stderr!.on('data', collect);
    let closing = false;
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    started.once('error', (error) => openListener.abort(new RuntimeUnavailableError(`${info.executable} did not start: ${error.message}`)));
    started.once('exit', (code, signal) => {
      if (closing) return;
      const tail = output.split('\n').map((line) => line.trim()).filter(Boolean).slice(-8).join(' | ').slice(-1000);
      openListener.abort(new GuestUnavailableError(`${where} exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`));
    });
    const { channel, environment } = await listener.ready;
    return connectedEnvironment(
      {
        kind: 'runtime',
        name: info.name,
        label: info.label,
        version: info.version,
        engine: info.engine,
        engineVersion: info.engineVersion ?? '?',
        tier,
      },
      channel,
      environment,
      async () => {
        closing = true;
        await openListener.close();
        // The guest exits when told to close; one that does not (a busy loop, a live handle) is ended.
        const timer = setTimeout(() => void stopProcess(started), EXIT_GRACE_MS);
        await exited;
        clearTimeout(timer);
        if (bundle) await rm(bundle.dir, { recursive: true, force: true });
      },
      { kind: 'runtime' as const, executable: info.executable, pid: started.pid!, output: () => output },
    );
  } catch (error) {
    if (child) await stopProcess(child);
    await listener?.close();
    if (bundle) await rm(bundle.dir, { recursive: true, force: true });
    throw error;
  }
}
