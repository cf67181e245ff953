import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

function outboxDir(): string {
  return path.join(process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e'), 'outbox');
}

/** The sign-in link from the newest outbox email to `email` written after `since`, polling. */
async function signInLink(email: string, since: number): Promise<string> {
  let link = '';
  await expect
    .poll(() => {
      const dir = outboxDir();
      if (!fs.existsSync(dir)) return '';
      const files = fs
        .readdirSync(dir)
        .map((f) => path.join(dir, f))
        .filter((f) => fs.statSync(f).mtimeMs >= since && fs.readFileSync(f, 'utf8').includes(`To: ${email}`))
        .sort();
      link = files.length ? (/https?:\/\/\S+/.exec(fs.readFileSync(files.at(-1) as string, 'utf8'))?.[0] ?? '') : '';
      return link;
    })
    .not.toBe('');
  return link;
}

/** Signs in through the emailed link (the outbox stands in for email in tests). */
export async function signIn(page: Page, email: string): Promise<void> {
  const since = Date.now() - 1000;
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  // Let the form's own navigation finish first, or it would cut the link's navigation short.
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
  await page.goto(await signInLink(email, since));
}

/** The board page's own save status (tldraw has live regions of its own). */
export function saveStatus(page: Page) {
  return page.getByRole('banner').getByRole('status');
}

/** Waits until the board's canvas is showing. */
export async function waitForCanvas(page: Page): Promise<void> {
  try {
    // The first open of a board compiles nothing but does load tldraw (a large script): on a
    // busy two-core CI machine that has taken over 30 seconds.
    await expect(page.locator('.tl-canvas')).toBeVisible({ timeout: 60_000 });
  } catch (error) {
    // Say what the page showed instead (the status and the waiting message).
    const shown = await page.locator('body').innerText().catch(() => '');
    throw new Error(`The canvas did not show; the page said: ${shown.slice(0, 400)}`, { cause: error });
  }
}

/** Adds a sticky note with `text` at a point of the canvas (relative to its top-left), like a person would. */
export async function addStickyNote(page: Page, text: string, at: { x: number; y: number }): Promise<void> {
  const canvas = page.locator('.tl-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('The canvas is not on screen');
  await page.getByTestId('tools.note').click();
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

/** A note's text as shown on the canvas. */
export function noteOnCanvas(page: Page, text: string) {
  return page.locator('.tl-shape').getByText(text, { exact: true });
}
