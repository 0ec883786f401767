import type { BenchEnvironment } from '../environment.js';
import type { BenchResult, FloorFigure } from '../run-benchmarks.js';

const NO_GPU = { webgpu: { on: 'none', kind: 'none' }, webgl: { on: 'none', kind: 'none' } } as const;

/** Hand-written environments and figures for the views' tests: what they must render, not what a run measured. */
export const PLACES: Readonly<Record<string, BenchEnvironment>> = {
  node20: { name: 'node20', kind: 'runtime', label: 'Node 20.20.2', version: '20.20.2', engine: 'V8 11.3.244.8-node.38', tier: 'optimized', gpu: NO_GPU },
  bun: { name: 'bun', kind: 'runtime', label: 'Bun 1.4.5', version: '1.4.5', engine: 'JavaScriptCore WebKit d6375c72affe', tier: 'optimized', gpu: NO_GPU },
  chromium: {
    name: 'chromium',
    kind: 'browser',
    label: 'Chromium 156.0',
    version: '156.0',
    engine: 'V8 (Chromium 156.0)',
    tier: 'optimized',
    gpu: { webgpu: { on: 'google / swiftshader', kind: 'software' }, webgl: { on: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', kind: 'software' } },
  },
};

export function figureAt(
  place: keyof typeof PLACES,
  backend: string,
  role: BenchResult['role'],
  op: BenchResult['op'],
  size: number,
  ratioToCopy: number,
  extra: { medianSeconds?: number; floors?: readonly FloorFigure[] } = {},
): BenchResult {
  const e = PLACES[place]!;
  return {
    backend,
    environment: e.name,
    environmentLabel: e.label,
    engine: e.engine,
    version: e.version,
    tier: e.tier,
    role,
    op,
    attributes: {},
    dtype: 'float32',
    size,
    ratioToCopy,
    spread: { min: ratioToCopy, max: ratioToCopy },
    medianSeconds: extra.medianSeconds ?? 1e-6,
    copyMedianSeconds: 0,
    elementsPerSecond: 0,
    gbPerSecond: 0,
    floors: extra.floors ?? [],
    includes: '',
    info: {},
  };
}

/** A floor timed beside a figure: the figure's time as `times` times the baseline's. */
export const floorOf = (baseline: string, times: number): FloorFigure => ({ baseline, times, spread: { min: times, max: times }, baselineSeconds: 1e-3 });
