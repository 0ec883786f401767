import { describe, expect, it } from 'vitest';
import { BROWSERS, BROWSER_NAMES, type BrowserPage, browserSkipReason, openBrowserPage } from './index.js';
import { PROTOCOL_GUEST, protocolSuite } from './test-support/index.js';

/**
 * The same tests in every browser: nothing below depends on which one runs. A browser this
 * machine lacks is a one-line skip notice locally and a failure under CI (browserSkipReason).
 */
for (const browser of BROWSER_NAMES) {
  const skipReason = browserSkipReason(browser);
  if (skipReason) console.warn(`browser-harness tests skipped: ${skipReason}`);

  describe.skipIf(skipReason !== undefined)(`browser harness in ${BROWSERS[browser].label}`, () => {
    let page: BrowserPage | undefined;
    protocolSuite(async (onProgress) => (page = await openBrowserPage({ entry: PROTOCOL_GUEST, browser, onProgress })));

    it('is a cross-origin isolated page of that browser', () => {
      expect(page).toMatchObject({ kind: 'browser', name: browser, browserName: browser, engine: BROWSERS[browser].engine, tier: 'optimized' });
      expect(page!.label).toBe(`${BROWSERS[browser].label} ${page!.version}`);
      expect(page!.userAgent).not.toBe('');
      expect(page!.features).toMatchObject({ crossOriginIsolated: true, sharedArrayBuffer: true, workers: 'Web Worker' });
    });

    it("reports the page's uncaught errors and unhandled rejections", async () => {
      const before = page!.errors().length;
      await page!.call('throwLater');
      await expect.poll(() => page!.errors().length).toBe(before + 2);
      const errors = page!.errors().slice(before).join('\n');
      expect(errors).toMatch(/uncaught: Error: guest: thrown later/);
      expect(errors).toMatch(/unhandled rejection: RangeError: guest: rejected/);
    });
  });
}

describe('openBrowserPage argument checks', () => {
  it('names the option and the accepted values', async () => {
    await expect(openBrowserPage({ entry: PROTOCOL_GUEST, browser: 'safari' as never })).rejects.toThrow(/options\.browser must be one of chromium, firefox, webkit; got "safari"/);
    await expect(openBrowserPage({ entry: PROTOCOL_GUEST, tier: 'warm' as never })).rejects.toThrow(RangeError);
  });
});
