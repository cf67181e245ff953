import { expect, test, type Locator } from '@playwright/test';
import { signIn, waitForCanvas } from './support/board';

// A demo lay partner of High Wycombe; their pair board is on their home page.
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const PAIR_BOARD = 'Clearer discharge letters';

/** Whether two elements' boxes overlap on screen. */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = await Promise.all([a.boundingBox(), b.boundingBox()]);
  if (!x || !y) throw new Error('An element is not on screen');
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

test('on a tablet-width screen the "Who has written" panel leaves tldraw’s undo and redo buttons uncovered', async ({ browser }) => {
  test.slow();
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await signIn(page, LAY_PARTNER);
  await page.getByRole('link', { name: PAIR_BOARD }).first().click();
  await waitForCanvas(page);

  const balance = page.getByRole('complementary', { name: 'Who has written' });
  const undo = page.getByTestId('quick-actions.undo');
  await expect(balance).toBeVisible();
  await expect(undo).toBeVisible();
  for (const button of [undo, page.getByTestId('quick-actions.redo')]) expect(await overlap(balance, button)).toBe(false);
  await context.close();
});
