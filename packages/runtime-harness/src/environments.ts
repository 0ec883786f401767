import {
  BROWSERS,
  type BrowserName,
  BrowserUnavailableError,
  type EngineFamily,
  type RemoteEnvironment,
  type Tier,
  browsers,
  isBrowserName,
  openBrowserPage,
  skipOrFail,
} from '@relu/browser-harness';
import { loadManifest } from './manifest.js';
import { openRuntime } from './runtime-environment.js';
import { RuntimeUnavailableError, runtimes } from './runtimes.js';

/**
 * Every place the suite and the bench can run relu code, browsers and server runtimes alike, under
 * one name each ('node22', 'bun', 'firefox'...): what `--runtimes a,b,c` selects.
 */
export interface EnvironmentTarget {
  readonly name: string;
  readonly kind: 'runtime' | 'browser';
  readonly engine: EngineFamily;
  /** 'Node 22.23.5', 'Firefox' (a browser's version is known once it runs). */
  readonly label: string;
  readonly available: boolean;
  readonly reason?: string;
}

export async function environments(): Promise<EnvironmentTarget[]> {
  const servers = (await runtimes()).map((r) => ({
    name: r.name,
    kind: 'runtime' as const,
    engine: r.engine,
    label: r.label,
    available: r.available,
    ...(r.reason ? { reason: r.reason } : {}),
  }));
  const pages = browsers().map((b) => ({ ...b, kind: 'browser' as const, engine: BROWSERS[b.name].engine }));
  return [...servers, ...pages];
}

/**
 * `list` ('node20,bun,firefox', or undefined for every one) as names, checked: an unknown name is
 * a RangeError listing the known ones.
 */
export function parseEnvironmentList(list: string | undefined): string[] {
  const known = [...loadManifest().runtimes.map((r) => r.name), ...Object.keys(BROWSERS)];
  if (list === undefined || list === '' || list === 'all') return known;
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new RangeError(`--runtimes must list names from ${known.join(', ')}; got ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  return names;
}

/**
 * Why `target` cannot run here, for a one-line skip notice, or undefined when it can; under CI a
 * missing runtime or browser throws instead (RuntimeUnavailableError, BrowserUnavailableError).
 */
export function environmentSkipReason(target: EnvironmentTarget): string | undefined {
  const what = target.kind === 'browser' ? `the ${target.label} browser` : `the ${target.name} runtime`;
  return skipOrFail(what, target.available ? undefined : target.reason, (message) =>
    target.kind === 'browser' ? new BrowserUnavailableError(message) : new RuntimeUnavailableError(message),
  );
}

export interface OpenEnvironmentOptions {
  /** A runtime of the manifest or a browser name. */
  readonly name: string;
  /** The guest entry; the same module can serve pages and runtimes (it imports @relu/browser-harness/guest). */
  readonly entry: string;
  readonly tier?: Tier;
  /** Pages only: files served beside the bundle (onnxruntime-web's .wasm...). */
  readonly assets?: readonly string[];
  readonly onProgress?: (message: unknown) => void;
  readonly readyTimeoutMs?: number;
  /**
   * Runtimes only: false runs the entry file as it is, resolved by the runtime's own loader from
   * `cwd` (as a user's project would); pages are always bundled.
   */
  readonly bundle?: boolean;
  /** Runtimes only: the child's working directory. */
  readonly cwd?: string;
}

/** Opens a page in that browser or a child of that runtime: one call for both, one RemoteEnvironment back. */
export async function openEnvironment(options: OpenEnvironmentOptions): Promise<RemoteEnvironment> {
  const common = {
    entry: options.entry,
    ...(options.tier ? { tier: options.tier } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
  };
  if (isBrowserName(options.name)) return openBrowserPage({ ...common, browser: options.name as BrowserName, ...(options.assets ? { assets: options.assets } : {}) });
  return openRuntime({ ...common, runtime: options.name, ...(options.bundle !== undefined ? { bundle: options.bundle } : {}), ...(options.cwd ? { cwd: options.cwd } : {}) });
}
