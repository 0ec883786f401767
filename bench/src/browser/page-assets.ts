import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { onnxWebAssets } from '@relu/onnx';

// tfjs-wasm is conformance's dependency (its tfjs-wasm subject), resolved from there.
const require = createRequire(createRequire(import.meta.url).resolve('@relu/conformance/package.json'));

/**
 * Files the page's runtimes load beside its script: onnxruntime-web's and tfjs-wasm's .wasm (the
 * same list as the conformance page's; see the report for the change that would share it).
 */
export function pageAssets(): string[] {
  const assets: string[] = [...onnxWebAssets()];
  const tfjsWasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const file of readdirSync(join(tfjsWasmDir, 'dist'))) if (file.endsWith('.wasm')) assets.push(join(tfjsWasmDir, 'dist', file));
  return assets;
}
