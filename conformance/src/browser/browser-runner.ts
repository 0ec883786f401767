import { type BrowserPage, openBrowserPage } from '@relu/browser-harness';
import { pageAssets } from '../hosts.js';

/**
 * Opens a page that hosts browser subjects (the benchmark's, or any entry that creates them with
 * createBrowserBackend) in headless Chromium: bundled, with the runtimes' .wasm beside it,
 * cross-origin isolated so wasm threads run. `onProgress` receives what the page reports.
 */
export async function openSubjectPage<P>(entry: string, onProgress?: (progress: P) => void): Promise<BrowserPage> {
  return openBrowserPage({
    entry,
    assets: pageAssets(),
    crossOriginIsolated: true,
    ...(onProgress ? { onProgress: (message) => onProgress(message as P) } : {}),
  });
}
