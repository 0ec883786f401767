export { BrowserUnavailableError, CHROMIUM_ARGS, browserSkipReason, chromiumPath, launchChromium } from './chromium.js';
export { type BrowserPage, type BrowserPageOptions, openBrowserPage } from './browser-page.js';
export { bundlePage } from './bundle.js';
export { remoteBackend } from './remote-backend.js';
export { serveDirectory, type StaticServer } from './static-server.js';
