import { existsSync } from 'node:fs';
import { startVirtualDisplay, xvfbPath } from '../xvfb.js';
import { BrowserUnavailableError } from './chromium.js';
import type { BrowserLauncher } from './launcher.js';

/** Firefox ESR from Debian's `firefox-esr` package, or FIREFOX_PATH. */
export function firefoxPath(): string | undefined {
  return [process.env.RELU_FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((path): path is string => !!path && existsSync(path));
}

/**
 * navigator.gpu exists only with these prefs; an adapter also needs a Vulkan driver (Debian's
 * mesa-vulkan-drivers: lavapipe). The rest keep Firefox off the network.
 */
const FIREFOX_PREFS: Readonly<Record<string, boolean | string | number>> = {
  'dom.webgpu.enabled': true,
  'gfx.webgpu.ignore-blocklist': true,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** SpiderMonkey's JIT tiers as prefs: Ion (optimizing), Baseline JIT, Baseline Interpreter; off leaves the C++ interpreter. */
const COLD_PREFS: Readonly<Record<string, boolean>> = {
  'javascript.options.ion': false,
  'javascript.options.baselinejit': false,
  'javascript.options.blinterp': false,
};

const NO_FIREFOX = 'no Firefox found at RELU_FIREFOX_PATH or /usr/bin/firefox-esr; install it with `apt-get install -y firefox-esr` or set RELU_FIREFOX_PATH';

export const firefoxLauncher: BrowserLauncher = {
  name: 'firefox',
  label: 'Firefox',
  engine: 'SpiderMonkey',
  defaultDisplay: {
    display: xvfbPath() ? 'xvfb' : 'headless',
    reason: 'headless Firefox has no WebGL; headful under Xvfb has WebGL2 on llvmpipe (without xvfb installed it runs headless, WebGL reported absent)',
  },
  tiers: {
    optimized: { settings: [], reason: "SpiderMonkey's default tiers: interpreters, Baseline JIT, Ion" },
    cold: { settings: Object.entries(COLD_PREFS).map(([pref, value]) => `${pref}=${value}`), reason: 'the C++ interpreter only: Ion, the Baseline JIT and the Baseline Interpreter off' },
  },
  unavailableReason(display) {
    if (!firefoxPath()) return NO_FIREFOX;
    if (display === 'xvfb' && !xvfbPath()) return 'headful Firefox needs Xvfb: install it with `apt-get install -y xvfb`';
    return undefined;
  },
  async launch({ tier, display }) {
    const executablePath = firefoxPath();
    if (!executablePath) throw new BrowserUnavailableError(NO_FIREFOX);
    const { default: puppeteer } = await import('puppeteer-core');
    const screen = display === 'xvfb' ? await startVirtualDisplay() : undefined;
    try {
      const browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath,
        headless: display === 'headless',
        extraPrefsFirefox: { ...FIREFOX_PREFS, ...(tier === 'cold' ? COLD_PREFS : {}) },
        env: { ...process.env, ...(screen ? { DISPLAY: screen.display } : {}) },
      });
      const page = (await browser.pages())[0] ?? (await browser.newPage());
      return {
        version: (await browser.version()).replace(/^firefox\//i, ''),
        async open(url) {
          await page.goto(url);
        },
        async close() {
          await browser.close();
          await screen?.close();
        },
      };
    } catch (error) {
      await screen?.close();
      throw new BrowserUnavailableError(`Firefox at ${executablePath} did not start: ${(error as Error).message}`);
    }
  },
};
