import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { bundlePage } from './bundle.js';
import { launchChromium } from './chromium.js';
import { type CallResult, type PageRegistry, PAGE_GLOBAL, PROGRESS_BINDING } from './protocol.js';
import { rebuildError } from './rebuild-error.js';
import { serveDirectory } from './static-server.js';

export interface BrowserPageOptions {
  /** Absolute path of the page entry module (TS or JS) that calls expose()/exposeBackends(). */
  readonly entry: string;
  /** Files served beside the bundle, e.g. onnxruntime-web's .wasm files. */
  readonly assets?: readonly string[];
  /** Serve with COOP/COEP so SharedArrayBuffer exists (default true). */
  readonly crossOriginIsolated?: boolean;
  /** Receives what the page passes to reportProgress(), e.g. sweep progress. */
  readonly onProgress?: (message: unknown) => void;
}

export interface BrowserPage {
  readonly page: Page;
  readonly browserVersion: string;
  readonly url: string;
  /** Calls a function the page exposed; its errors are rethrown with their classes rebuilt. */
  call<T>(name: string, ...args: unknown[]): Promise<T>;
  /** Console errors and uncaught page errors seen so far. */
  errors(): readonly string[];
  close(): Promise<void>;
}

/**
 * Bundles `entry`, serves it on loopback, opens it in headless Chromium and waits until it has
 * marked itself ready.
 */
export async function openBrowserPage(options: BrowserPageOptions): Promise<BrowserPage> {
  const dir = await mkdtemp(join(tmpdir(), 'relu-page-'));
  await bundlePage(options.entry, dir, options.assets);
  const server = await serveDirectory(dir, options.crossOriginIsolated ?? true);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await page.exposeFunction(PROGRESS_BINDING, (message: unknown) => options.onProgress?.(message));
    await page.goto(server.url);
    await page.waitForFunction((key) => (globalThis as unknown as Record<string, PageRegistry | undefined>)[key]?.ready === true, PAGE_GLOBAL, {
      timeout: 60_000,
    });
    const openedBrowser = browser;
    return {
      page,
      browserVersion: browser.version(),
      url: server.url,
      async call<T>(name: string, ...args: unknown[]): Promise<T> {
        const result = await page.evaluate(
          ([key, fn, fnArgs]): CallResult<unknown> | Promise<CallResult<unknown>> => {
            const registry = (globalThis as unknown as Record<string, PageRegistry>)[key]!;
            const target = registry.functions[fn];
            if (!target) return { ok: false, error: { name: 'Error', message: `the page exposes no function ${JSON.stringify(fn)}` } };
            return target(...(fnArgs as never[])) as Promise<CallResult<unknown>>;
          },
          [PAGE_GLOBAL, name, args] as const,
        );
        if (!result.ok) throw rebuildError(result.error);
        return result.value as T;
      },
      errors: () => [...errors],
      async close() {
        await openedBrowser.close();
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
