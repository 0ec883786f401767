/**
 * The suite as a library (Node): profiles, subjects, sweeps, the matrix. The page-side pieces
 * (src/guest/guest.ts, src/browser/browser-subjects.ts) import their modules directly, so a guest bundle
 * never pulls in Node's built-ins.
 */
export { FLOAT_CLASSES, INT_CLASSES, type InputClass, baseClassesOf, classesOf } from './input-classes.js';
export { type Classifier, classifierFor } from './classify.js';
export { ORACLES, type Oracle } from './oracles/index.js';
export { LAWS, type OpLaws } from './laws/index.js';
export { describeRun } from './run-description.js';
export { type ArrayForm, type AttributeMatch, type OpContext, type RowContext, type Scope, type Where, describeContext, describeWhere, inScope, placeInScope, rowContext } from './scope.js';
export { DEVIATION_OUTCOMES, type DeviationOutcome, outcomeSummary } from './outcomes.js';
export { type BenchLimits, type Deviation, type Exclusion, type SubjectProfile, type EnvironmentKind, type GpuApiName, type SweepSetting, type UnavailableSetting, type UnsupportedSetting, deviationsFor, parseProfile, parseProfiles, sweepKindFor, unsupportedFor, whyNotIn } from './profiles.js';
export { checkBackendShape, checkProfileFitsBackend } from './backend-check.js';
export { CallGuard, ContractViolation, DeadlineError, InputSeal, settleWithin } from './contract-guard.js';
export type { Subject } from './subject.js';
export { type SweepOptions, type SweepOutcome, type SweepProgress, sweepSubjects } from './sweep.js';
export { type SweepKind, type SweepPlan, planSweep } from './sweep-plans.js';
export type { CellDeviation, CellVerdict, ClassCell, SubjectFailure, SubjectResult, SubjectVerdict } from './verdict.js';
export { renderMatrix, resultsDocument, runConforms } from './matrix.js';
export { checkAgainstReference, checkOpLaws } from './properties.js';
export { DEFAULT_DEADLINE_SECONDS } from './suite-config.js';
export { PROFILES_PATH, adapterLocation, checkEnvironmentNames, createNodeSubject, createUserSubject, loadProfiles } from './registry.js';
export { type SubjectFactory, backendFromModule } from './subject-module.js';
export { type EnvironmentOptions, type SubjectEnvironment, openSubjectEnvironment } from './suite-environment.js';
export { openSubjectPage } from './browser/browser-runner.js';
export { type NanPayloadSummary, describeNanPayload } from './nan-payload.js';
export { GUEST_ENTRY, type SubjectHost, localHost, openGuestHost, pageAssets } from './hosts.js';
export { gpuStackName, localPlace, placeOf } from './places.js';
export { CI_COLD_SWEEP, CI_EXHAUSTIVE, CI_SWEEP, COLD_SWEEP, type Narrowing, type PlanKeep, PRIMARY, PROPERTY_RUNS, SECONDARY_SWEEP, SUITE_PLANS, type SuitePlan, isPrimary, narrowingFor, propertyRunsFor, resolvePlan } from './suite-plan.js';
export { type CheckSubject, type EnvironmentOutcome, type RunSuiteOptions, type SuiteTarget, placeProfiles, runSuite, suiteTargets } from './suite-run.js';
export { CHECK_NAMES, type CheckName, type CheckOutcome, runChecks } from './checks.js';
