import { describe, expect, it } from 'vitest';
import type { BenchData } from '../bench-data.js';
import { renderBenchTables } from '../bench-table.js';
import { FLOOR } from '../floors.js';
import { evaluateGoals } from '../goals.js';
import { type ReportData } from '../report/report-data.js';
import { renderMarkdown } from '../report/markdown.js';
import { PLACES, figureAt, floorOf } from '../test-support/figures.js';
import type { GpuKernelFigure } from './gpu-kernels.js';
import { gpuSection } from './gpu-section.js';

/** The GPU section from hand-written figures: what it shows, how goals read it, what it says of software rasterisers. */
const chromium = PLACES.chromium!;
const kernel = (subject: string, pkg: string, op: GpuKernelFigure['op'], size: number, copyShaderRatio: number, copyRatio?: number): GpuKernelFigure => ({
  environment: 'chromium',
  environmentLabel: chromium.label,
  engine: chromium.engine,
  version: chromium.version,
  tier: 'optimized',
  subject,
  package: pkg,
  op,
  dtype: 'float32',
  size,
  method: copyRatio === undefined ? 'readPixels-sync' : 'timestamp-query',
  gpu: 'google/swiftshader',
  kernelMs: 1,
  ...(copyRatio === undefined ? {} : { copy: { name: 'copyBufferToBuffer', ms: copyRatio, ratio: copyRatio } }),
  copyShaderMs: copyShaderRatio,
  ratioToCopyShader: copyShaderRatio,
  iterations: 4,
});

const kernels = [
  kernel('webgpu', '@relu/webgpu', 'relu', 1e4, 0.99, 0.9),
  kernel('webgpu', '@relu/webgpu', 'relu', 1e6, 1.2, 0.85),
  kernel('webgl', '@relu/webgl', 'relu', 1e4, 0.5),
];
const gpuFigure = (backend: string, role: 'backend' | 'peer', size: number, ratioToCopy: number, roundTrip: string, times: number) =>
  figureAt('chromium', backend, role, 'relu', size, ratioToCopy, { floors: [floorOf(FLOOR.asyncSlice, 3), floorOf(roundTrip, times)] });
const results = [
  gpuFigure('webgpu', 'backend', 1e4, 0.02, FLOOR.webgpuRoundTrip, 1.05),
  gpuFigure('webgpu', 'backend', 1e6, 0.03, FLOOR.webgpuRoundTrip, 1.08),
  gpuFigure('onnx-web-webgpu', 'backend', 1e4, 0.01, FLOOR.webgpuRoundTrip, 2),
  gpuFigure('onnx-web-webgpu', 'backend', 1e6, 0.04, FLOOR.webgpuRoundTrip, 1.5),
  gpuFigure('tfjs-webgl', 'peer', 1e4, 0.005, FLOOR.webglRoundTrip, 4),
  gpuFigure('webgl', 'backend', 1e4, 0.015, FLOOR.webglRoundTrip, 1.6),
  figureAt('chromium', 'wasm-browser', 'backend', 'relu', 1e4, 0.3, { floors: [floorOf(FLOOR.asyncSlice, 2)] }),
];
const data: BenchData = { results, firstCalls: [], gpuKernels: kernels, environments: [PLACES.node20!, chromium], goals: evaluateGoals(results, { gpuKernels: kernels, environments: [PLACES.node20!, chromium] }) };

describe('gpuSection', () => {
  const section = gpuSection(data.results, data.gpuKernels, data.environments);

  it('names the GPU stack of each environment that has one, and says when it is a software rasteriser', () => {
    expect(section.stacks).toEqual([
      'chromium (Chromium 156.0): WebGPU on google / swiftshader (software rasteriser); WebGL2 on ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver) (software rasteriser)',
    ]);
  });

  it('shows each kernel against copyBufferToBuffer and against a copy shader, with its timing method; WebGL against its copy shader only', () => {
    const [grid] = section.grids;
    expect(grid!.head).toEqual(['package', 'op', 'where', 'against', 'timing method', 'n=1e4', 'n=1e6']);
    expect(grid!.rows).toEqual([
      ['@relu/webgpu', 'relu', 'chromium', 'copyBufferToBuffer', 'timestamp-query', '0.90', '0.85'],
      ['@relu/webgpu', 'relu', 'chromium', 'copy shader', 'timestamp-query', '0.99', '1.20'],
      ['@relu/webgl', 'relu', 'chromium', 'copy shader', 'readPixels-sync', '0.50', ''],
    ]);
  });

  it("shows every GPU subject's run() against its API's round trip (round trip / run), and no CPU subject", () => {
    const [, grid] = section.grids;
    expect(grid!.rows).toEqual([
      ['webgpu', 'relu', 'chromium', FLOOR.webgpuRoundTrip, '0.95', '0.93'],
      ['onnx-web-webgpu', 'relu', 'chromium', FLOOR.webgpuRoundTrip, '0.50', '0.67'],
      ['tfjs-webgl (peer)', 'relu', 'chromium', FLOOR.webglRoundTrip, '0.25', ''],
      ['webgl', 'relu', 'chromium', FLOOR.webglRoundTrip, '0.63', ''],
    ]);
  });
});

describe('the GPU goals of issue 10', () => {
  const goal = (title: RegExp) => data.goals.filter((g) => title.test(g.title));

  it('meets the webgpu kernel goal within 1.25x of the copy, and says it was a software rasteriser', () => {
    const [kernelGoal] = goal(/@relu\/webgpu kernel within 1\.25x/);
    expect(kernelGoal).toMatchObject({ status: 'met', environment: 'chromium' });
    expect(kernelGoal!.detail).toMatch(/relu n=1e4: 1\.11x; relu n=1e6: 1\.18x .*timed by timestamp-query/);
    expect(kernelGoal!.caveat).toMatch(/^software rasteriser \(google \/ swiftshader\)/);
  });

  it('does not meet the webgl kernel goal at 2x a copy shader', () => {
    expect(goal(/@relu\/webgl kernel/)[0]).toMatchObject({ status: 'not met' });
  });

  it('checks run() against the round trip at every size: 1.05x and 1.08x are within 1.1x, 1.6x is not', () => {
    expect(goal(/@relu\/webgpu run\(\) within 1\.1x/)[0]).toMatchObject({ status: 'met' });
    expect(goal(/@relu\/webgl run\(\) within 1\.1x/)[0]).toMatchObject({ status: 'not met' });
  });

  it('compares with the fastest GPU peer at each size: webgpu beats onnx-web-webgpu at 1e4, not at 1e6', () => {
    const [peers] = goal(/@relu\/webgpu run\(\) faster than every GPU peer/);
    expect(peers!.status).toBe('not met');
    expect(peers!.detail).toMatch(/relu n=1e4: 0\.020 vs onnx-web-webgpu 0\.010; relu n=1e6: 0\.030 vs onnx-web-webgpu 0\.040/);
    // tfjs-webgl is a peer of webgl, too: webgl at 1e4 (0.015) beats the fastest peer there (onnx-web-webgpu, 0.010).
    expect(goal(/@relu\/webgl run\(\) faster/)[0]).toMatchObject({ status: 'met' });
  });

  it('has no caveat where the GPU is named as one, and says so where the browser masks it', () => {
    const hardware = { ...chromium, gpu: { webgpu: { on: 'nvidia / ampere', kind: 'gpu' as const }, webgl: { on: 'Apple GPU', kind: 'masked' as const } } };
    const goals = evaluateGoals(results, { gpuKernels: kernels, environments: [hardware] }).filter((g) => g.environment === 'chromium');
    expect(goals.filter((g) => /@relu\/webgpu/.test(g.title)).every((g) => g.caveat === undefined)).toBe(true);
    expect(goals.filter((g) => /@relu\/webgl/.test(g.title)).map((g) => g.caveat)).toEqual(goals.filter((g) => /@relu\/webgl/.test(g.title)).map(() => 'the browser masks its renderer ("Apple GPU"): whether this ran on a GPU or a software rasteriser is unknown'));
  });
});

describe('the GPU section in the views', () => {
  it('is printed in the terminal with the timing method, the goals and the software-rasteriser caveat', () => {
    const text = renderBenchTables(data);
    expect(text).toContain('GPU section:');
    expect(text).toMatch(/GPU kernel alone, float32: copy time \/ kernel time/);
    expect(text).toMatch(/│ @relu\/webgpu │ relu │ chromium │ copyBufferToBuffer │ timestamp-query │ 0\.90\s+│ 0\.85\s+│/);
    expect(text).toMatch(/run\(\) end to end, float32/);
    expect(text).toMatch(/met\s+@relu\/webgpu kernel within 1\.25x .*\[chromium\]: .* -- software rasteriser/);
    expect(text).toMatch(/NOT MET\s+@relu\/webgpu run\(\) faster than every GPU peer/);
  });

  it('is in the Markdown report', () => {
    const report: ReportData = { machine: { cpu: 'Test', cores: 2, memoryGiB: 8, platform: 'linux', node: 'v20', date: '2026-12-01' }, conformance: { kind: 'quick', seed: 1, results: [] }, specialValues: [], bench: data, notes: [] };
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('### GPU');
    expect(markdown).toContain('| @relu/webgl | relu | chromium | copy shader | readPixels-sync | 0.50 |  |');
    expect(markdown).toContain(`| webgpu | relu | chromium | ${FLOOR.webgpuRoundTrip} | 0.95 | 0.93 |`);
    expect(markdown).toMatch(/- \*\*met\*\*: @relu\/webgpu kernel .*\(software rasteriser/);
  });
});
