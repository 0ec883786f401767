import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Chromium from Debian's `chromium` package, or CHROMIUM_PATH. playwright-core cannot download
 * a browser here, so the harness only ever drives a system one.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

/** Chromium could not be found or started; the message says how to get it. */
export class BrowserUnavailableError extends Error {
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

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new BrowserUnavailableError(
      'no Chromium found at CHROMIUM_PATH, /usr/bin/chromium or /usr/bin/chromium-browser; install it with `apt-get install -y chromium` or set CHROMIUM_PATH',
    );
  }
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start: ${(error as Error).message}`);
  }
}

/**
 * Why browser tests cannot run here, or undefined when they can. Under CI a missing browser is a
 * failure, never a skip, so this throws there instead of returning a reason.
 */
export function browserSkipReason(): string | undefined {
  if (chromiumPath()) return undefined;
  const reason = 'no Chromium: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH)';
  if (process.env.CI) throw new BrowserUnavailableError(`CI requires the browser backends, but there is ${reason}`);
  return reason;
}
