import type { EngineFamily, Tier } from '../environment.js';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';

/** 'headless', or headful on a virtual X display (xvfb.ts). */
export type Display = 'headless' | 'xvfb';

export interface LaunchOptions {
  readonly tier: Tier;
  readonly display: Display;
}

/** A started browser with one tab the harness navigates to its page. */
export interface LaunchedBrowser {
  /** The browser's version, e.g. '156.0.7456.0'. */
  readonly version: string;
  open(url: string): Promise<void>;
  close(): Promise<void>;
}

/** How the engine's tier is set, with the reason, for reports and the README. */
export interface TierSetting {
  /** Flags, prefs or environment variables, as the user would write them. */
  readonly settings: readonly string[];
  readonly reason: string;
}

/**
 * One launcher per browser engine behind the same page protocol: everything that differs between
 * browsers (how to find, start, drive and configure them) is here, as data where it can be.
 */
export interface BrowserLauncher {
  readonly name: BrowserName;
  /** For reports: 'Chromium', 'Firefox', 'WebKitGTK MiniBrowser'. */
  readonly label: string;
  readonly engine: EngineFamily;
  /** The display it runs on unless asked otherwise, and why. */
  readonly defaultDisplay: { readonly display: Display; readonly reason: string };
  /** What each tier sets. */
  readonly tiers: Readonly<Record<Tier, TierSetting>>;
  /** Why it cannot run on this machine (with how to fix it), or undefined when it can. */
  unavailableReason(display?: Display): string | undefined;
  launch(options: LaunchOptions): Promise<LaunchedBrowser>;
}
