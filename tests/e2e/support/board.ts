/**
 * Shared e2e helpers: signing in through the emailed link (the outbox stands in for email in
 * tests), the accessibility check, and working with a live board like a person would.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** Where the test server writes emails (no SMTP in tests; see playwright.config.ts). */
export function outboxDir(): string {
  return path.join(process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e'), 'outbox');
}

/**
 * The link in the newest outbox email to `email` written since `since` (ms), polling until it
 * arrives. Several nodes each write to their own outbox: pass all their folders.
 */
export async function linkFromOutbox(email: string, since: number, outboxes: readonly string[] = [outboxDir()]): Promise<string> {
  let link = '';
  await expect
    .poll(
      () => {
        const newest = outboxes
          .filter((dir) => fs.existsSync(dir))
          .flatMap((dir) => fs.readdirSync(dir).filter((name) => name.endsWith('.eml')).map((name) => path.join(dir, name)))
          .filter((file) => fs.statSync(file).mtimeMs >= since && fs.readFileSync(file, 'utf8').includes(`To: ${email}`))
          // Outbox files are named by the time they were written.
          .sort((a, b) => path.basename(a).localeCompare(path.basename(b)))
          .at(-1);
        link = newest ? (/https?:\/\/\S+/.exec(fs.readFileSync(newest, 'utf8'))?.[0] ?? '') : '';
        return link;
      },
      { message: `a sign-in email to ${email} in ${outboxes.join(' or ')}` },
    )
    .not.toBe('');
  return link;
}

/** Signs in through the sign-in form and the emailed link; ends on the home page. */
export async function signIn(page: Page, email: string, outboxes?: readonly string[]): Promise<void> {
  // A second of slack: the file system's modification times are coarser than Date.now().
  const since = Date.now() - 1000;
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  // Let the form's own navigation finish first, or it would cut the link's navigation short.
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
  await page.goto(await linkFromOutbox(email, since, outboxes));
  await expect(page).toHaveURL(/\/$/);
}

/** No serious or critical accessibility problems (axe) on the page as it is now. */
export async function expectNoSeriousA11yIssues(page: Page, where = page.url()): Promise<void> {
  // Every page has a title, but after a client-side navigation Next sets it a moment after the
  // page is drawn: a scan in between reported a page without one.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
}

/** The board page's own save status (tldraw has live regions of its own). */
export function saveStatus(page: Page) {
  return page.getByRole('banner').getByRole('status');
}

/**
 * The board's real canvas. While its fonts load, tldraw shows a placeholder with the same
 * `.tl-canvas` class and swaps it out a moment later, so wait for this one, never the class.
 */
export function boardCanvas(page: Page) {
  return page.getByTestId('canvas');
}

/** Waits until the board's canvas is showing. */
export async function waitForCanvas(page: Page): Promise<void> {
  try {
    // The first open of a board loads tldraw (a large script): on a busy two-core machine that
    // has taken over 30 seconds.
    await expect(boardCanvas(page)).toBeVisible({ timeout: 60_000 });
  } catch (error) {
    // Say what the page showed instead (the status and the waiting message).
    const shown = await page.locator('body').innerText().catch(() => '');
    throw new Error(`The canvas did not show; the page said: ${shown.slice(0, 400)}`, { cause: error });
  }
}

/** A point on the board (tldraw page coordinates). */
export interface BoardPoint {
  x: number;
  y: number;
}

/**
 * Where a board point is on screen now. Boards open fitted to their content (the view depends
 * on the screen and the panels), so tests place things by board position, never by screen
 * position. Read from tldraw's shape layer, whose CSS transform is the camera
 * (`scale(zoom) translate(camera)`, with its origin at the canvas's top-left).
 */
export async function boardToScreen(page: Page, point: BoardPoint): Promise<BoardPoint> {
  const layer = boardCanvas(page).locator('.tl-html-layer').first();
  return layer.evaluate((el, p) => {
    const origin = el.getBoundingClientRect();
    const zoom = new DOMMatrix(getComputedStyle(el).transform).a;
    return { x: origin.left + p.x * zoom, y: origin.top + p.y * zoom };
  }, point);
}

/** Space kept between a point a test clicks and the canvas's edges, where tldraw's menus and the app's panels sit, in px. */
const CLICK_MARGIN_PX = 120;

/**
 * Brings a board point into the middle part of the screen when the view has moved away from it
 * (a person scrolled, or followed someone), scrolling with the mouse wheel as a person would.
 */
export async function showBoardPoint(page: Page, point: BoardPoint): Promise<BoardPoint> {
  const box = await boardCanvas(page).boundingBox();
  if (!box) throw new Error('The canvas is not on screen');
  const inside = (p: BoardPoint) =>
    p.x >= box.x + CLICK_MARGIN_PX && p.x <= box.x + box.width - CLICK_MARGIN_PX && p.y >= box.y + CLICK_MARGIN_PX && p.y <= box.y + box.height - CLICK_MARGIN_PX;
  let at = await boardToScreen(page, point);
  if (inside(at)) return at;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.wheel(at.x - centre.x, at.y - centre.y);
  await expect.poll(async () => inside((at = await boardToScreen(page, point))), { message: `board point ${point.x}, ${point.y} scrolled into view` }).toBe(true);
  return at;
}

/** Clicks a board point (see boardToScreen), scrolling it into view first when needed. */
export async function clickBoardAt(page: Page, point: BoardPoint): Promise<void> {
  const at = await showBoardPoint(page, point);
  await page.mouse.click(at.x, at.y);
}

/** Adds a sticky note with `text` at a point of the board (page coordinates), like a person would. */
export async function addStickyNote(page: Page, text: string, at: BoardPoint): Promise<void> {
  const canvas = boardCanvas(page);
  await expect(canvas).toBeVisible();
  await page.getByTestId('tools.note').click();
  await clickBoardAt(page, at);
  // tldraw mounts the note's text editor a moment after the click: keys typed before it has
  // focus are lost (on a busy machine the first letter went missing).
  const textEditor = page.getByTestId('rich-text-area').locator('[contenteditable="true"]');
  await expect(textEditor).toBeFocused();
  await page.keyboard.type(text);
  await expect(textEditor).toHaveText(text);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(textEditor).toHaveCount(0);
}

/** A note's text as shown on the canvas. */
export function noteOnCanvas(page: Page, text: string) {
  return page.locator('.tl-shape').getByText(text, { exact: true });
}

/** Presses Tab (or Shift+Tab) until `target` has focus. */
export async function tabTo(page: Page, target: Locator, maxPresses = 20, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target, 'reached by Tab').toBeFocused();
}
