import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSERS, isBrowserName } from './browsers/index.js';
import type { BrowserName, Display, LaunchedBrowser } from './browsers/launcher.js';
import { bundlePage } from './bundle.js';
import { type GuestListener, listenForGuest } from './channel.js';
import { type RemoteEnvironment, TIERS, type Tier } from './environment.js';
import { TOKEN_PARAMETER } from './protocol.js';
import { connectedEnvironment } from './remote-environment.js';
import { type StaticServer, serveDirectory } from './static-server.js';

export interface BrowserPageOptions {
  /** Absolute path of the page entry module (TS or JS) that calls expose()/exposeBackends() and markReady(). */
  readonly entry: string;
  /** Which browser (default 'chromium'). */
  readonly browser?: BrowserName;
  /** 'optimized' (default) or 'cold': the engine's optimizing tiers off (see each launcher's tiers). */
  readonly tier?: Tier;
  /** Headless or on Xvfb; default per browser (BROWSERS[browser].defaultDisplay). */
  readonly display?: Display;
  /** Files served beside the bundle, e.g. onnxruntime-web's .wasm files. */
  readonly assets?: readonly string[];
  /** Serve with COOP/COEP so SharedArrayBuffer exists (default true). */
  readonly crossOriginIsolated?: boolean;
  /** Receives what the page passes to reportProgress(), e.g. sweep progress. */
  readonly onProgress?: (message: unknown) => void;
  /** How long the page may take to connect and call markReady() (default 60 s, cold 180 s). */
  readonly readyTimeoutMs?: number;
}

export interface BrowserPage extends RemoteEnvironment {
  readonly kind: 'browser';
  readonly browserName: BrowserName;
  readonly browserVersion: string;
  readonly url: string;
}

/**
 * Bundles `entry`, serves it on loopback (cross-origin isolated), opens it in the chosen browser
 * and tier, and waits until it has marked itself ready. The same entry runs in every browser.
 */
export async function openBrowserPage(options: BrowserPageOptions): Promise<BrowserPage> {
  const browserName = options.browser ?? 'chromium';
  if (!isBrowserName(browserName)) throw new RangeError(`openBrowserPage: options.browser must be one of ${Object.keys(BROWSERS).join(', ')}; got ${JSON.stringify(browserName)}`);
  const tier = options.tier ?? 'optimized';
  if (!TIERS.includes(tier)) throw new RangeError(`openBrowserPage: options.tier must be one of ${TIERS.join(', ')}; got ${JSON.stringify(tier)}`);
  const launcher = BROWSERS[browserName];
  const display = options.display ?? launcher.defaultDisplay.display;
  const dir = await mkdtemp(join(tmpdir(), 'relu-page-'));
  let server: StaticServer | undefined;
  let listener: GuestListener | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async () => {
    await listener?.close();
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await bundlePage(options.entry, dir, options.assets);
    server = await serveDirectory(dir, options.crossOriginIsolated ?? true);
    listener = await listenForGuest({
      server: server.server,
      where: `the ${launcher.label} page (${tier})`,
      timeoutMs: options.readyTimeoutMs ?? (tier === 'cold' ? 180_000 : 60_000),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    browser = await launcher.launch({ tier, display });
    const url = `${server.url}?${TOKEN_PARAMETER}=${listener.token}`;
    await browser.open(url);
    const { channel, environment } = await listener.ready;
    return connectedEnvironment(
      {
        kind: 'browser',
        name: browserName,
        label: `${launcher.label} ${browser.version}`,
        version: browser.version,
        engine: launcher.engine,
        engineVersion: browser.version,
        tier,
      },
      channel,
      environment,
      close,
      { kind: 'browser' as const, browserName, browserVersion: browser.version, url: server.url },
    );
  } catch (error) {
    await close();
    throw error;
  }
}
