export { type BrowserPage, type BrowserPageOptions, openBrowserPage } from './browser-page.js';
export { BROWSERS, BROWSER_NAMES, browserSkipReason, browsers, isBrowserName } from './browsers/index.js';
export { BrowserUnavailableError, CHROMIUM_ARGS, chromiumPath, launchChromium } from './browsers/chromium.js';
export { firefoxPath } from './browsers/firefox.js';
export type { BrowserLauncher, BrowserName, Display, LaunchedBrowser, TierSetting } from './browsers/launcher.js';
export { bundlePage } from './bundle.js';
export { GuestChannel, type GuestListener, GuestUnavailableError, type ListenOptions, listenForGuest } from './channel.js';
export { decodeMessage, encodeMessage } from './codec.js';
export {
  type EngineFamily,
  type EnvironmentDescription,
  type EnvironmentFeatures,
  type GpuApi,
  type GpuStack,
  type RemoteEnvironment,
  TIERS,
  type Tier,
  describeEnvironment,
} from './environment.js';
export { guestEntrySource } from './guest-entry.js';
export { freePort, stopProcess, waitForPort } from './processes.js';
export { CHANNEL_ENV, type RemoteBackendDescription, type SerializedError } from './protocol.js';
export { rebuildError } from './rebuild-error.js';
export { remoteBackend } from './remote-backend.js';
export { type EnvironmentIdentity, connectedEnvironment } from './remote-environment.js';
export { serveDirectory, type StaticServer } from './static-server.js';
export { EnvironmentUnavailableError, isCi, skipOrFail } from './unavailable.js';
export { type VirtualDisplay, startVirtualDisplay, xvfbPath } from './xvfb.js';
