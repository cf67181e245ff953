import { expect, type Browser, type Page } from '@playwright/test';
import { addStickyNote, noteOnCanvas, saveStatus, signIn, waitForCanvas } from './support/board';
import { test } from './support/test';

// The board under the Content-Security-Policy the server sends (server/http/security-headers.ts):
// tldraw and Next still work, nothing breaks the policy, and nothing is fetched from another host.
const PROFESSIONAL = 'professional.2.high-wycombe@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.2.high-wycombe@demo.together-board.local';

test.use({ actionTimeout: 30_000 });

interface Watched {
  page: Page;
  requests: string[];
  /** Policy violations the page reported, and console errors that mention the policy. */
  violations: string[];
}

async function watched(browser: Browser, email: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  const violations: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const seen = ((window as unknown as { cspViolations?: string[] }).cspViolations ??= []);
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  });
  page.on('websocket', (socket) => requests.push(socket.url()));
  await signIn(page, email);
  return { page, requests, violations };
}

async function reportedViolations(person: Watched): Promise<string[]> {
  const fromPage = await person.page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  return [...person.violations, ...fromPage];
}

test('a board works under the Content-Security-Policy and talks to no other host', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const pro = await watched(browser, PROFESSIONAL);
  const lay = await watched(browser, LAY_PARTNER);

  // Their pair board, from the home page's list.
  const boardLink = pro.page.locator('main a[href^="/boards/"]').first();
  const response = await pro.page.goto((await boardLink.getAttribute('href')) as string);
  const policy = (await response?.headerValue('content-security-policy')) ?? '';
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  await lay.page.goto(pro.page.url());
  await Promise.all([waitForCanvas(pro.page), waitForCanvas(lay.page)]);
  await expect(saveStatus(pro.page)).toHaveText('All changes saved', { timeout: 60_000 });
  await expect(saveStatus(lay.page)).toHaveText('All changes saved', { timeout: 60_000 });

  await addStickyNote(pro.page, 'Policy in force', { x: 520, y: 420 });
  await expect(noteOnCanvas(lay.page, 'Policy in force')).toBeVisible({ timeout: 15_000 });
  await addStickyNote(lay.page, 'Still syncing', { x: 760, y: 420 });
  await expect(noteOnCanvas(pro.page, 'Still syncing')).toBeVisible({ timeout: 15_000 });
  await expect(saveStatus(pro.page)).toHaveText('All changes saved', { timeout: 30_000 });

  // tldraw's icons and fonts came from our own /tldraw/ assets, under the policy.
  expect(pro.requests.some((url) => new URL(url).pathname.startsWith('/tldraw/'))).toBe(true);

  const appHost = new URL(baseURL as string).host;
  for (const person of [pro, lay]) {
    expect(await reportedViolations(person)).toEqual([]);
    const foreign = person.requests.filter((url) => {
      const parsed = new URL(url);
      return parsed.protocol !== 'data:' && parsed.protocol !== 'blob:' && parsed.host !== appHost;
    });
    expect(foreign).toEqual([]);
  }
});
