export { type BenchCase, type PreparedCall, backendCase } from './bench-case.js';
export { type Measurement, type MeasureOptions, measureAgainstCopy } from './measure.js';
export { type BenchPlan, type BenchResult, type FirstCallCost, runBenchmarks } from './run-benchmarks.js';
export { type BenchSettings, runBenchSession } from './bench-session.js';
export { randomSignData } from './random-data.js';
