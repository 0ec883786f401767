import type { BenchEnvironment } from './environment.js';
import type { GoalOutcome } from './goals.js';
import type { GpuKernelFigure } from './gpu/gpu-kernels.js';
import type { BenchResult, FirstCallCost } from './run-benchmarks.js';

/** Everything one bench run measured and judged: what `--json` writes and every view renders. */
export interface BenchData {
  readonly results: readonly BenchResult[];
  readonly firstCalls: readonly FirstCallCost[];
  /** The GPU packages' kernels against copies on the same device (browsers with a GPU API). */
  readonly gpuKernels: readonly GpuKernelFigure[];
  /** Every environment measured, with its engine, tier and GPU stack. */
  readonly environments: readonly BenchEnvironment[];
  readonly goals: readonly GoalOutcome[];
}
