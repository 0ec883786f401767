import { skipOrFail } from '../unavailable.js';
import { BrowserUnavailableError, chromiumLauncher } from './chromium.js';
import { firefoxLauncher } from './firefox.js';
import type { BrowserLauncher, BrowserName, Display } from './launcher.js';
import { webkitLauncher } from './webkit.js';

/** Every browser the harness drives; adding one is one launcher file and one entry here. */
export const BROWSERS: Readonly<Record<BrowserName, BrowserLauncher>> = {
  chromium: chromiumLauncher,
  firefox: firefoxLauncher,
  webkit: webkitLauncher,
};

export const BROWSER_NAMES = Object.keys(BROWSERS) as BrowserName[];

export function isBrowserName(value: unknown): value is BrowserName {
  return typeof value === 'string' && Object.hasOwn(BROWSERS, value);
}

/** Each browser, whether it can run here and why not. Starts nothing. */
export function browsers(): { readonly name: BrowserName; readonly label: string; readonly engine: string; readonly available: boolean; readonly reason?: string }[] {
  return BROWSER_NAMES.map((name) => {
    const launcher = BROWSERS[name];
    const reason = launcher.unavailableReason(launcher.defaultDisplay.display);
    return { name, label: launcher.label, engine: launcher.engine, available: reason === undefined, ...(reason ? { reason } : {}) };
  });
}

/**
 * Why tests of `browser` cannot run here, as a one-line notice for the caller to print when it
 * skips them, or undefined when they can. Under CI a missing browser is a failure, never a skip,
 * so this throws there instead.
 */
export function browserSkipReason(browser: BrowserName = 'chromium', display?: Display): string | undefined {
  const launcher = BROWSERS[browser];
  return skipOrFail(`the ${launcher.label} browser`, launcher.unavailableReason(display ?? launcher.defaultDisplay.display), (message) => new BrowserUnavailableError(message));
}
