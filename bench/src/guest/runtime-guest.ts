import { expose, markReady, reportProgress } from '@relu/browser-harness/guest';
// The adapters of conformance/src/subjects, bundled by a glob import: environment-agnostic despite the entry's name.
import { createBrowserBackend as createSubjectBackend } from '@relu/conformance/browser-subjects';
import { type BenchRequest, benchHere } from '../bench-here.js';
import { CASE_DEFINITIONS } from '../cases/index.js';
import { NODE_CASE_DEFINITIONS } from '../cases/node-cases.js';

/**
 * The bench's guest in a server runtime (Node 22/24/26, Bun, Deno, or Node 20 in a cold tier):
 * the Node subjects, the direct cases, the baselines and onnxruntime's own session.run, timed in
 * that runtime against a copy timed there. The harness bundles it (onnxruntime and tfjs-wasm stay
 * external, resolved by the runtime's own loader).
 */
expose({
  bench: (request: BenchRequest) => benchHere(request, { definitions: [...CASE_DEFINITIONS, ...NODE_CASE_DEFINITIONS], createBackend: createSubjectBackend }, reportProgress),
});

void markReady();
