import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BrowserPage, openBrowserPage, remoteBackend } from '@relu/browser-harness';
import { onnxWebAssets } from '@relu/onnx';
import { checkBackendShape } from '../backend-check.js';
import type { SubjectProfile } from '../profiles.js';
import type { Subject } from '../subject.js';
import type { SweepOptions, SweepOutcome, SweepProgress } from '../sweep.js';

const require = createRequire(import.meta.url);

/** Files the page's runtimes load beside its script: tfjs-wasm's and onnxruntime-web's .wasm. */
function pageAssets(): string[] {
  const assets: string[] = [...onnxWebAssets()];
  const tfjsWasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of readdirSync(join(tfjsWasmDir, 'dist'))) if (file.endsWith('.wasm')) assets.push(join(tfjsWasmDir, 'dist', file));
  return assets;
}

/**
 * Opens a page that hosts browser subjects (this package's conformance page, or the benchmark's)
 * in headless Chromium: bundled, with the runtimes' .wasm beside it, cross-origin isolated so
 * wasm threads run. `onProgress` receives what the page reports.
 */
export async function openSubjectPage<P>(entry: string, onProgress?: (progress: P) => void): Promise<BrowserPage> {
  return openBrowserPage({
    entry,
    assets: pageAssets(),
    crossOriginIsolated: true,
    ...(onProgress ? { onProgress: (message) => onProgress(message as P) } : {}),
  });
}

/** Opens the conformance page in headless Chromium. */
export async function openConformancePage(onProgress?: (progress: SweepProgress) => void): Promise<BrowserPage> {
  // Always the compiled page (also when this module runs from src/ under vitest): its adapters
  // are found by a glob import over dist/subjects/*.js.
  return openSubjectPage(fileURLToPath(new URL('../../dist/browser/page.js', import.meta.url)), onProgress);
}

/**
 * A browser subject as a ReluBackend driven from Node, for the shared suite's per-call tests.
 * The proxy carries what the harness's remote backends carry (today: ReLU on `dtypes`); the
 * in-page sweep checks the profile against the real backend and every op it declares.
 */
export async function createBrowserSubject(page: BrowserPage, profile: SubjectProfile): Promise<Subject> {
  const origin = `adapter src/subjects/${profile.adapter}.ts in Chromium ${page.browserVersion}`;
  return { profile, backend: checkBackendShape(await remoteBackend(page, 'subject', profile), origin), origin };
}

/** Sweeps browser subjects in the page, in lockstep; only the results come back. */
export async function sweepInBrowser(page: BrowserPage, profiles: readonly SubjectProfile[], options: Omit<SweepOptions, 'onProgress'>): Promise<SweepOutcome> {
  return page.call('sweep', profiles, options);
}
