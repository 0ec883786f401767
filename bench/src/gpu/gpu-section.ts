import { OP_NAMES } from '@relu/core';
import type { BenchEnvironment, GpuApiStack } from '../environment.js';
import { formatSize } from '../figures.js';
import { isGpuRoundTrip } from '../floors.js';
import type { BenchResult } from '../run-benchmarks.js';
import type { GpuKernelFigure } from './gpu-kernels.js';

/**
 * The GPU section (issue 10), pivoted once into plain grids that the terminal, HTML and Markdown
 * views only format: the on-GPU kernels against copies on the same device, and every GPU
 * subject's run() against the plain upload + readback of its API timed in the same rounds.
 */
export interface Grid {
  readonly title: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface GpuSection {
  /** One line per environment with a GPU API: what WebGPU and WebGL ran on. */
  readonly stacks: readonly string[];
  readonly grids: readonly Grid[];
}

/** Two significant digits below 1, two decimals above: the ratios span 1e-4 (a software GPU) to about 1. */
const ratio = (value: number) => (value >= 1 ? value.toFixed(2) : value.toPrecision(2));

const KIND_NOTE: Readonly<Record<GpuApiStack['kind'], string>> = { software: ' (software rasteriser)', masked: ' (renderer masked by the browser)', gpu: '', none: '' };

function stackLine(environment: BenchEnvironment): string | undefined {
  const { webgpu, webgl } = environment.gpu;
  if (webgpu.kind === 'none' && webgl.kind === 'none') return undefined;
  const api = (name: string, stack: GpuApiStack) => `${name} on ${stack.on}${KIND_NOTE[stack.kind]}`;
  return `${environment.name} (${environment.label}): ${api('WebGPU', webgpu)}; ${api('WebGL2', webgl)}`;
}

function kernelGrid(kernels: readonly GpuKernelFigure[]): Grid | undefined {
  if (kernels.length === 0) return undefined;
  const sizes = [...new Set(kernels.map((k) => k.size))].sort((a, b) => a - b);
  const keys = [...new Set(kernels.map((k) => `${k.package}|${k.op}|${k.environment}`))].sort(
    (a, b) => OP_NAMES.indexOf(a.split('|')[1] as never) - OP_NAMES.indexOf(b.split('|')[1] as never),
  );
  const rows = keys.flatMap((key) => {
    const here = kernels.filter((k) => `${k.package}|${k.op}|${k.environment}` === key);
    const first = here[0]!;
    const at = (size: number) => here.find((k) => k.size === size);
    const against = [
      ...(first.copy ? [{ name: first.copy.name, cell: (k: GpuKernelFigure) => (k.copy ? ratio(k.copy.ratio) : '') }] : []),
      { name: 'copy shader', cell: (k: GpuKernelFigure) => ratio(k.ratioToCopyShader) },
    ];
    return against.map((a) => [first.package, first.op, first.environment, a.name, [...new Set(here.map((k) => k.method))].join(', '), ...sizes.map((s) => (at(s) ? a.cell(at(s)!) : ''))]);
  });
  return {
    title: 'GPU kernel alone, float32: copy time / kernel time on the same device, same run (1 = at copy speed; higher is faster)',
    head: ['package', 'op', 'where', 'against', 'timing method', ...sizes.map((s) => `n=${formatSize(s)}`)],
    rows,
  };
}

function endToEndGrid(results: readonly BenchResult[]): Grid | undefined {
  const figures = results.filter((r) => r.dtype === 'float32' && r.op !== null && r.floors.some((f) => isGpuRoundTrip(f.baseline)));
  if (figures.length === 0) return undefined;
  const sizes = [...new Set(figures.map((r) => r.size))].sort((a, b) => a - b);
  const keys = [...new Set(figures.map((r) => `${r.op}|${r.backend}|${r.environment}`))].sort((a, b) => OP_NAMES.indexOf(a.split('|')[0] as never) - OP_NAMES.indexOf(b.split('|')[0] as never));
  const rows = keys.map((key) => {
    const here = figures.filter((r) => `${r.op}|${r.backend}|${r.environment}` === key);
    const first = here[0]!;
    const roundTrip = first.floors.find((f) => isGpuRoundTrip(f.baseline))!.baseline;
    const cells = sizes.map((size) => {
      const floor = here.find((r) => r.size === size)?.floors.find((f) => f.baseline === roundTrip);
      return floor ? ratio(1 / floor.times) : '';
    });
    return [`${first.backend}${first.role === 'peer' ? ' (peer)' : ''}`, first.op!, first.environment, roundTrip, ...cells];
  });
  return {
    title: "run() end to end, float32: the time of a plain upload + readback of the same bytes through the backend's GPU API / run()'s time, timed in the same rounds (1 = run() costs only the transfers; higher is faster)",
    head: ['backend', 'op', 'where', 'against', ...sizes.map((s) => `n=${formatSize(s)}`)],
    rows,
  };
}

export function gpuSection(results: readonly BenchResult[], kernels: readonly GpuKernelFigure[], environments: readonly BenchEnvironment[]): GpuSection {
  return {
    stacks: environments.flatMap((e) => stackLine(e) ?? []),
    grids: [kernelGrid(kernels), endToEndGrid(results)].filter((g): g is Grid => g !== undefined),
  };
}
