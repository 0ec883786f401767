/**
 * The environment-agnostic part of the suite (no Node built-ins): what runs inside a browser page
 * as well as in Node. Import it as '@relu/conformance/engine' from code that is bundled for the web.
 */
export { FLOAT_CLASSES, INT_CLASSES, type InputClass, classesOf } from './input-classes.js';
export { oracleInto } from './oracle.js';
export { describeRun } from './run-description.js';
export { type Deviation, type DeviationOutcome, type SubjectProfile, parseProfile, parseProfiles } from './profiles.js';
export { type SweepOptions, type SweepProgress, type SweepSubject, sweepSubjects } from './sweep.js';
export { type SweepKind, type SweepPlan, planSweep, prng } from './sweep-plans.js';
export type { CellVerdict, ClassCell, SubjectResult, SubjectVerdict } from './verdict.js';
