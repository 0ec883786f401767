import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { EnvironmentUnavailableError } from '../unavailable.js';
import type { BrowserLauncher } from './launcher.js';

/**
 * Chromium from Debian's `chromium` package, or CHROMIUM_PATH, driven by playwright-core (which
 * cannot download a browser here, so the harness only ever drives a system one).
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/** A browser could not be found or started; the message says which, why, and how to get it. */
export class BrowserUnavailableError extends EnvironmentUnavailableError {
  override readonly name = 'BrowserUnavailableError';
}

/**
 * Flags for headless Chromium on a machine with no GPU and no network: WebGPU on SwiftShader
 * needs --enable-unsafe-webgpu; the rest keep Chromium from reaching out to Google's hosts.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

const NO_CHROMIUM = 'no Chromium found at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/chromium-browser; install it with `apt-get install -y chromium` or set CHROMIUM_PATH';

/** Headless Chromium with the harness's flags (and `args`), as a playwright-core Browser. */
export async function launchChromium(args: readonly string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new BrowserUnavailableError(NO_CHROMIUM);
  // Imported on first launch: the drivers of the three browsers are large, and most callers use one.
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...args] });
  } catch (error) {
    throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start: ${(error as Error).message}`);
  }
}

export const chromiumLauncher: BrowserLauncher = {
  name: 'chromium',
  label: 'Chromium',
  engine: 'V8',
  defaultDisplay: { display: 'headless', reason: 'headless Chromium has WebGL2 and WebGPU on SwiftShader' },
  tiers: {
    optimized: { settings: [], reason: "V8's default tiers: Ignition, Sparkplug, Maglev, TurboFan" },
    cold: {
      settings: ['--js-flags=--no-opt --no-maglev --no-sparkplug'],
      reason: 'Ignition only; --jitless would also remove WebAssembly, which the wasm subjects need',
    },
  },
  unavailableReason: () => (chromiumPath() ? undefined : NO_CHROMIUM),
  async launch({ tier, display }) {
    if (display !== 'headless') throw new RangeError("the Chromium launcher runs headless only (display: 'headless')");
    const browser = await launchChromium(chromiumLauncher.tiers[tier].settings);
    const page = await browser.newPage();
    return {
      version: browser.version(),
      async open(url) {
        await page.goto(url);
      },
      close: () => browser.close(),
    };
  },
};
