import { test as base } from '@playwright/test';

/**
 * Playwright's `test`, closing after each test every browser context the test opened from the
 * worker's `browser`. Playwright closes only its own `context` fixture: a context a test makes
 * itself would stay open, its people still on the board, into the tests after it (the spec's
 * server and boards are shared; a facilitator left on a board kept a later projector following
 * them).
 */
export const test = base.extend<{ closesItsBrowsers: void }>({
  closesItsBrowsers: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use();
      await Promise.all(browser.contexts().filter((context) => !before.has(context)).map((context) => context.close()));
    },
    { auto: true },
  ],
});
