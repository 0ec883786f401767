export * from './engine.js';
export { type ArraySpec, arraySpec, materialize, specialValuesArray } from './arbitraries.js';
export { renderMatrix, resultsDocument } from './matrix.js';
export { checkAgainstReference, checkSpecProperties } from './properties.js';
export { PROFILES_PATH, type SubjectFactory, createNodeSubject, createUserSubject, loadProfiles } from './registry.js';
export { type SubjectEnvironment, openSubjectEnvironment } from './suite-environment.js';
export { openSubjectPage } from './browser/browser-runner.js';
