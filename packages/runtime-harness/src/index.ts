export { RUNTIME_EXTERNALS, type RuntimeBundle, bundleForRuntime } from './bundle.js';
export { INSTALLED_MARKER, installDir, runtimeCacheDir } from './cache.js';
export { type InstallOptions, type InstallOutcome, installRuntimes } from './install.js';
export { launchArguments, launchEnvironment } from './launch.js';
export { type NpmSource, REPOSITORY_ROOT, type RuntimeEntry, type RuntimeFamily, type RuntimeManifest, type SystemSource, type TierLaunch, loadManifest, manifestPath } from './manifest.js';
export { type Platform, currentPlatform, platformMismatch } from './platform.js';
export { type RuntimeProbe, probeRuntime } from './probe.js';
export { type RuntimeEnvironment, type RuntimeOptions, openRuntime } from './runtime-environment.js';
export { type InstalledRuntime, type RuntimeInfo, RuntimeUnavailableError, findRuntime, readInstalled, runtimeSkipReason, runtimes } from './runtimes.js';
