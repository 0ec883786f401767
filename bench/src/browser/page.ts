import { expose, markReady, reportProgress } from '@relu/browser-harness/guest';
import { createBrowserBackend } from '@relu/conformance/browser-subjects';
import { type BenchRequest, benchHere } from '../bench-here.js';
import { CASE_DEFINITIONS } from '../cases/index.js';
import { GPU_CASE_DEFINITIONS } from '../cases/gpu-round-trip.js';
import { type GpuKernelRequest, measureGpuKernels } from '../gpu/gpu-kernels.js';

/**
 * The benchmark page, the same in every browser: browser subjects, the direct cases, the
 * baselines and the GPU round trips are timed here against a copy timed in the same page, and
 * the GPU packages' kernels against copies on the same device; only the figures cross to Node.
 */
expose({
  bench: (request: BenchRequest) => benchHere(request, { definitions: [...CASE_DEFINITIONS, ...GPU_CASE_DEFINITIONS], createBackend: createBrowserBackend }, reportProgress),
  gpuKernels: (request: GpuKernelRequest) => measureGpuKernels(request, reportProgress),
});

void markReady();
