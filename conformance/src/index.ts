/**
 * The suite as a library (Node): profiles, subjects, sweeps, the matrix. The page-side pieces
 * (src/browser/page.ts, browser-subjects.ts) import their modules directly, so a browser bundle
 * never pulls in Node's built-ins.
 */
export { FLOAT_CLASSES, INT_CLASSES, type InputClass, baseClassesOf, classesOf } from './input-classes.js';
export { type Classifier, classifierFor } from './classify.js';
export { ORACLES, type Oracle } from './oracles/index.js';
export { LAWS, type OpLaws } from './laws/index.js';
export { describeRun } from './run-description.js';
export { type AttributeMatch, type RowContext, type Scope, describeContext, inScope } from './scope.js';
export { DEVIATION_OUTCOMES, type DeviationOutcome, outcomeSummary } from './outcomes.js';
export { type BenchLimits, type Deviation, type Exclusion, type SubjectProfile, type SweepSetting, type UnsupportedSetting, deviationsFor, parseProfile, parseProfiles, sweepKindFor, unsupportedFor } from './profiles.js';
export { checkBackendShape, checkProfileFitsBackend } from './backend-check.js';
export { CallGuard, ContractViolation, DeadlineError, InputSeal, settleWithin } from './contract-guard.js';
export type { Subject } from './subject.js';
export { type SweepOptions, type SweepOutcome, type SweepProgress, sweepSubjects } from './sweep.js';
export { type SweepKind, type SweepPlan, planSweep } from './sweep-plans.js';
export type { CellDeviation, CellVerdict, ClassCell, SubjectFailure, SubjectResult, SubjectVerdict } from './verdict.js';
export { renderMatrix, resultsDocument, runConforms } from './matrix.js';
export { checkAgainstReference, checkOpLaws } from './properties.js';
export { DEFAULT_DEADLINE_SECONDS } from './suite-config.js';
export { PROFILES_PATH, adapterLocation, createNodeSubject, createUserSubject, loadProfiles } from './registry.js';
export { type SubjectFactory, backendFromModule } from './subject-module.js';
export { type EnvironmentOptions, type SubjectEnvironment, openSubjectEnvironment } from './suite-environment.js';
export { openSubjectPage } from './browser/browser-runner.js';
