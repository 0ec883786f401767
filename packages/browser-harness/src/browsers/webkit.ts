import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort, stopProcess, waitForPort } from '../processes.js';
import { startVirtualDisplay, xvfbPath } from '../xvfb.js';
import { BrowserUnavailableError } from './chromium.js';
import type { BrowserLauncher } from './launcher.js';

/**
 * WebKitGTK's MiniBrowser driven through WebKitWebDriver (Debian `webkit2gtk-driver`) with
 * selenium-webdriver, on its own Xvfb display: MiniBrowser has no headless mode.
 */
const DRIVER_CANDIDATES = [process.env.RELU_WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver'];
const MINIBROWSER_CANDIDATES = [process.env.RELU_WEBKIT_MINIBROWSER_PATH, '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/libexec/webkit2gtk-4.1/MiniBrowser'];

const found = (candidates: readonly (string | undefined)[]) => candidates.find((path): path is string => !!path && existsSync(path));

/**
 * JavaScriptCore options travel as JSC_<option> environment variables from WebKitWebDriver to
 * MiniBrowser to its web process. SharedArrayBuffer is off in WebKitGTK builds even when the page
 * is cross-origin isolated.
 */
const BASE_ENV: Readonly<Record<string, string>> = { JSC_useSharedArrayBuffer: '1' };
/** LLInt only: the Baseline, DFG and FTL JITs off (JavaScriptCore keeps WebAssembly on its interpreter). */
const COLD_ENV: Readonly<Record<string, string>> = { JSC_useJIT: '0' };

const START_TIMEOUT_MS = 30_000;

const NO_WEBKIT =
  'no WebKitWebDriver or MiniBrowser (RELU_WEBKIT_WEBDRIVER_PATH, RELU_WEBKIT_MINIBROWSER_PATH, /usr/bin/WebKitWebDriver); install them with `apt-get install -y webkit2gtk-driver xvfb`';

export const webkitLauncher: BrowserLauncher = {
  name: 'webkit',
  label: 'WebKitGTK MiniBrowser',
  engine: 'JavaScriptCore',
  defaultDisplay: { display: 'xvfb', reason: 'MiniBrowser has no headless mode' },
  tiers: {
    optimized: { settings: Object.entries(BASE_ENV).map(([k, v]) => `${k}=${v}`), reason: "JavaScriptCore's default tiers: LLInt, Baseline, DFG, FTL" },
    cold: { settings: Object.entries({ ...BASE_ENV, ...COLD_ENV }).map(([k, v]) => `${k}=${v}`), reason: 'the LLInt interpreter only' },
  },
  unavailableReason() {
    if (!found(DRIVER_CANDIDATES) || !found(MINIBROWSER_CANDIDATES)) return NO_WEBKIT;
    if (!xvfbPath()) return 'WebKitGTK MiniBrowser needs Xvfb: install it with `apt-get install -y xvfb`';
    return undefined;
  },
  async launch({ tier, display }) {
    if (display !== 'xvfb') throw new RangeError("MiniBrowser has no headless mode: the WebKit launcher needs display: 'xvfb'");
    const driverPath = found(DRIVER_CANDIDATES);
    const binary = found(MINIBROWSER_CANDIDATES);
    if (!driverPath || !binary) throw new BrowserUnavailableError(NO_WEBKIT);
    const { Builder } = await import('selenium-webdriver');
    const screen = await startVirtualDisplay();
    const port = await freePort();
    const stderr: string[] = [];
    const driverProcess = spawn(driverPath, [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DISPLAY: screen.display, ...BASE_ENV, ...(tier === 'cold' ? COLD_ENV : {}) },
    });
    driverProcess.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const cleanUp = async () => {
      await stopProcess(driverProcess);
      await screen.close();
    };
    try {
      await waitForPort(port, START_TIMEOUT_MS, driverProcess);
      const driver = await new Builder()
        .usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } })
        .build();
      const capabilities = await driver.getCapabilities();
      return {
        version: String(capabilities.get('browserVersion') ?? ''),
        async open(url) {
          await driver.get(url);
        },
        async close() {
          await driver.quit().catch(() => {});
          await cleanUp();
        },
      };
    } catch (error) {
      await cleanUp();
      const driverLog = stderr.join('').trim().split('\n').slice(-3).join(' | ');
      throw new BrowserUnavailableError(`WebKitWebDriver at ${driverPath} did not start MiniBrowser: ${(error as Error).message}${driverLog ? ` (driver: ${driverLog})` : ''}`);
    }
  },
};
