import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BrowserPage, openBrowserPage, remoteBackend } from '@relu/browser-harness';
import { onnxWebAssets } from '@relu/onnx';
import type { SubjectProfile } from '../profiles.js';
import type { SweepOptions, SweepProgress, SweepSubject } from '../sweep.js';
import type { SubjectResult } from '../verdict.js';

const require = createRequire(import.meta.url);

/** Files the page's runtimes load beside its script: tfjs-wasm's and onnxruntime-web's .wasm. */
export function pageAssets(): string[] {
  const assets: string[] = [...onnxWebAssets()];
  const tfjsWasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of readdirSync(join(tfjsWasmDir, 'dist'))) if (file.endsWith('.wasm')) assets.push(join(tfjsWasmDir, 'dist', file));
  return assets;
}

/** Opens the conformance page (dist/browser/page.js, bundled) in headless Chromium. */
export async function openConformancePage(onProgress?: (progress: SweepProgress) => void): Promise<BrowserPage> {
  return openBrowserPage({
    // Always the compiled page (also when this module runs from src/ under vitest): its adapters
    // are found by a glob import over dist/subjects/browser/*.js.
    entry: fileURLToPath(new URL('../../dist/browser/page.js', import.meta.url)),
    assets: pageAssets(),
    crossOriginIsolated: true,
    ...(onProgress ? { onProgress: (message) => onProgress(message as SweepProgress) } : {}),
  });
}

/** A browser subject as a ReluBackend driven from Node, for the shared suite's per-call tests. */
export async function createBrowserSubject(page: BrowserPage, profile: SubjectProfile): Promise<SweepSubject> {
  return { profile, backend: await remoteBackend(page, 'subject', profile) };
}

/** Sweeps browser subjects in the page, in lockstep; only the results come back. */
export async function sweepInBrowser(
  page: BrowserPage,
  profiles: readonly SubjectProfile[],
  options: Omit<SweepOptions, 'onProgress'>,
): Promise<{ results: SubjectResult[]; failures: { name: string; error: string }[] }> {
  return page.call('sweep', profiles, options);
}
