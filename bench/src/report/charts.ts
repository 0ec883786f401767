import { FLOAT_CLASSES, type SubjectResult } from '@relu/conformance';
import { relu, reluBackward } from '@relu/core';
import type { TopLevelSpec } from 'vega-lite';
import { SMALL_TENSOR_MAX } from '../figures.js';
import type { BenchResult } from '../run-benchmarks.js';
import type { SpecialValueOutcome } from './special-values-map.js';

/**
 * The report's charts as Vega-Lite specifications, built from the run's data. Rendering is
 * render-svg.ts's job; these functions only say what each chart shows.
 */
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const VERDICT_COLORS = { domain: ['pass', 'declared', 'FAIL', 'stale', 'unchecked'], range: ['#4c9a2a', '#e8a33d', '#c0392b', '#8e44ad', '#cccccc'] };

export function conformanceMatrixChart(results: readonly SubjectResult[]): TopLevelSpec {
  const rows = results
    .filter((r) => r.dtype === 'float32' && r.op === 'relu')
    .flatMap((r) => r.cells.map((c) => ({ subject: `${r.name} (${r.environment})`, class: c.class, verdict: c.verdict, checked: c.checked, label: c.verdict === 'FAIL' ? `FAIL ${c.mismatches}` : c.verdict, reason: c.reason ?? '' })));
  return {
    $schema: SCHEMA,
    title: 'float32 ReLU conformance: subject x input class',
    data: { values: rows },
    width: { step: 62 },
    height: { step: 24 },
    encoding: {
      x: { field: 'class', type: 'nominal', sort: [...FLOAT_CLASSES], axis: { orient: 'top', labelAngle: 0, title: null } },
      y: { field: 'subject', type: 'nominal', sort: null, title: null, axis: { labelLimit: 300 } },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'verdict', type: 'nominal', scale: VERDICT_COLORS, legend: { orient: 'bottom', title: 'verdict' } }, tooltip: [{ field: 'subject' }, { field: 'class' }, { field: 'verdict' }, { field: 'checked' }, { field: 'reason' }] } },
      { mark: { type: 'text', fontSize: 9, color: 'white' }, encoding: { text: { field: 'label' } } },
    ],
  };
}

export function specialValuesChart(outcomes: readonly SpecialValueOutcome[]): TopLevelSpec {
  const labels = [...new Set(outcomes.map((o) => o.label))];
  return {
    $schema: SCHEMA,
    title: `What each backend returns for the ${outcomes[0]?.dtype ?? 'float32'} special values (x: the input unchanged, NaN*: another NaN)`,
    data: { values: outcomes.map((o) => ({ ...o, verdict: o.conforms ? 'as SPEC.md' : 'differs' })) },
    width: { step: 34 },
    height: { step: 20 },
    encoding: {
      x: { field: 'label', type: 'nominal', sort: labels, axis: { orient: 'top', labelAngle: -45, title: null } },
      y: { field: 'backend', type: 'nominal', sort: null, title: null, axis: { labelLimit: 300 } },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'verdict', type: 'nominal', scale: { domain: ['as SPEC.md', 'differs'], range: ['#4c9a2a', '#c0392b'] }, legend: { orient: 'bottom', title: null } }, tooltip: [{ field: 'backend' }, { field: 'label' }, { field: 'input' }, { field: 'expected' }, { field: 'actual' }] } },
      { mark: { type: 'text', fontSize: 7, color: 'white' }, encoding: { text: { field: 'shown' } } },
    ],
  };
}

/** float32 ReLU figures and the baselines that run no op: what the size charts draw. */
function float32Figures(results: readonly BenchResult[]) {
  return results.filter((r) => r.dtype === 'float32' && (r.op === 'relu' || r.op === null)).map((r) => ({ ...r, series: `${r.backend} (${r.environment})` }));
}

export function smallTensorsChart(results: readonly BenchResult[]): TopLevelSpec {
  const values = float32Figures(results)
    .filter((r) => r.size <= SMALL_TENSOR_MAX)
    .map((r) => ({ series: r.series, size: r.size, us: r.medianSeconds * 1e6, kind: r.role === 'baseline' ? 'baseline' : 'backend or call' }));
  return {
    $schema: SCHEMA,
    title: `float32 ReLU on small tensors (1 to ${SMALL_TENSOR_MAX.toExponential().replace('+', '')} elements): time per call, baselines dashed (log-log)`,
    data: { values },
    width: 560,
    height: 340,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: 'elements per call' },
      y: { field: 'us', type: 'quantitative', scale: { type: 'log' }, title: 'microseconds per call (median over rounds)' },
      color: { field: 'series', type: 'nominal', title: 'backend', legend: { labelLimit: 260 } },
      strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['backend or call', 'baseline'], range: [[1, 0], [4, 3]] } },
      tooltip: [{ field: 'series' }, { field: 'size' }, { field: 'us', format: '.3f', title: 'us per call' }],
    },
  };
}

export function throughputChart(results: readonly BenchResult[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'float32 ReLU throughput against size (log-log)',
    data: { values: float32Figures(results) },
    width: 560,
    height: 340,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: 'elements per call' },
      y: { field: 'elementsPerSecond', type: 'quantitative', scale: { type: 'log' }, title: 'elements per second' },
      color: { field: 'series', type: 'nominal', title: 'backend', legend: { labelLimit: 260 } },
      tooltip: [{ field: 'series' }, { field: 'size' }, { field: 'elementsPerSecond', format: '.3s' }, { field: 'gbPerSecond', format: '.2f' }],
    },
  };
}

export function ratioChart(results: readonly BenchResult[]): TopLevelSpec {
  const x = { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: 'elements per call' } as const;
  const y = { type: 'quantitative', scale: { type: 'log' }, title: 'ratio to copy (spread: min-max over rounds)' } as const;
  return {
    $schema: SCHEMA,
    title: 'float32 ReLU speed as a ratio to copying the same bytes (1 = memory speed), measured side by side',
    width: 560,
    height: 340,
    layer: [
      {
        data: { values: float32Figures(results) },
        mark: { type: 'errorband', opacity: 0.15 },
        encoding: { x, y: { ...y, field: 'spread.min' }, y2: { field: 'spread.max' }, color: { field: 'series', type: 'nominal', title: 'backend', legend: { labelLimit: 260, symbolOpacity: 1, symbolType: 'circle' } } },
      },
      {
        data: { values: float32Figures(results) },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { ...y, field: 'ratioToCopy' },
          color: { field: 'series', type: 'nominal', title: 'backend', legend: { labelLimit: 260 } },
          tooltip: [{ field: 'series' }, { field: 'size' }, { field: 'ratioToCopy', format: '.3f' }],
        },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'one', type: 'quantitative' } } },
    ],
  };
}

/**
 * Ratio to the copy against size, one panel per runtime or browser: each figure is a ratio to a
 * copy timed in that environment, so panels compare as ratios, not as times.
 */
export function runtimesChart(results: readonly BenchResult[]): TopLevelSpec {
  const values = float32Figures(results)
    .filter((r) => r.role !== 'baseline')
    .map((r) => ({ where: `${r.environment} (${r.environmentLabel ?? r.environment})`, backend: r.backend, size: r.size, ratioToCopy: r.ratioToCopy }));
  return {
    $schema: SCHEMA,
    title: 'float32 ReLU per runtime: ratio to a copy timed in that runtime against size (log-log; 1 = memory speed)',
    data: { values },
    columns: 3,
    facet: { field: 'where', type: 'nominal', title: null, sort: null },
    spec: {
      width: 300,
      height: 200,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'size', type: 'quantitative', scale: { type: 'log' }, title: 'elements per call' },
        y: { field: 'ratioToCopy', type: 'quantitative', scale: { type: 'log' }, title: 'ratio to copy' },
        color: { field: 'backend', type: 'nominal', title: 'backend', legend: { labelLimit: 260 } },
        tooltip: [{ field: 'where' }, { field: 'backend' }, { field: 'size' }, { field: 'ratioToCopy', format: '.3f' }],
      },
    },
  };
}

export function reluPlotChart(): TopLevelSpec {
  const xs = Array.from({ length: 401 }, (_, i) => -10 + i * 0.05);
  const values = xs.flatMap((x) => [
    { x, y: relu(x), curve: 'relu(x)' },
    { x, y: reluBackward(x, 1), curve: "relu'(x)" },
  ]);
  return {
    $schema: SCHEMA,
    title: "ReLU on [-10, 10] and its derivative (reluBackward with dy = 1), computed by @relu/core",
    data: { values },
    width: 560,
    height: 260,
    mark: { type: 'line' },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      color: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'top-left' } },
    },
  };
}
