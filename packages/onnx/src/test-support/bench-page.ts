/**
 * Benchmark page (scripts/bench-canonical.mjs): times raw against canonical backends inside the
 * page, so that moving data between Node and the page does not count.
 */
import type { Attributes, OpName } from '@relu/core';
import { expose, markReady } from '@relu/browser-harness/page';
import { type ExecutionProvider, onnxBackend } from '../index.browser.js';
import { type CanonicalCost, measureCanonicalCost } from './bench-canonical.js';

expose({
  canonicalCost: (executionProvider: ExecutionProvider, op: OpName, attributes: Attributes, lengths: number[], samples: number): Promise<CanonicalCost[]> =>
    measureCanonicalCost((canonical) => onnxBackend({ executionProvider, canonical }), op, attributes, lengths, samples),
});
markReady();
