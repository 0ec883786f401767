export { type BenchCase, type CallSpec, type PreparedCall, backendCase } from './bench-case.js';
export { type Measurement, type MeasureOptions, type Reference, measureAgainstCopy } from './measure.js';
export { type BenchPlan, type BenchResult, type FirstCallCost, type FloorFigure, runBenchmarks } from './run-benchmarks.js';
export { type BenchSettings, benchNames, runBenchSession } from './bench-session.js';
export { UnknownBackendError } from './bench-names.js';
export { type FigureTable, figureTable, figureTables } from './figures.js';
export { GOALS, type GoalOutcome, evaluateGoals } from './goals.js';
export { FLOOR } from './floors.js';
export { randomSignData } from './random-data.js';
