import { expect, test, type Browser, type Page } from '@playwright/test';
import { addStickyNote, expectNoSeriousA11yIssues, noteOnCanvas, saveStatus, signIn, waitForCanvas } from './support/board';

// Demo data (playwright.config.ts sets DEMO=1): the programme's facilitator, and High Wycombe's
// first lay partner with the pair board "Clearer discharge letters".
const FACILITATOR = 'facilitator@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const PAIR_BOARD = 'Clearer discharge letters';

async function person(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && console.log(`[${email}] ${message.text()}`));
  await signIn(page, email);
  return page;
}

test('the outline view, history and notes export work with the live canvas', async ({ browser }) => {
  test.setTimeout(180_000);
  const lay = await person(browser, LAY_PARTNER);
  const facilitator = await person(browser, FACILITATOR);

  // Follow the home page's link by its address: a click during hydration on a busy machine can be lost.
  const href = await lay.getByRole('link', { name: PAIR_BOARD }).first().getAttribute('href');
  await lay.goto(href ?? '/');
  await expect(lay).toHaveURL(/\/boards\/[^/]+$/);
  const boardUrl = lay.url();
  await waitForCanvas(lay);
  await addStickyNote(lay, 'Written on the canvas', { x: 300, y: 350 });
  await expect(saveStatus(lay)).toHaveText('All changes saved');

  await test.step('a note added in the outline view appears on the other person’s canvas', async () => {
    await facilitator.goto(`${boardUrl}/outline`);
    await expect(facilitator.getByRole('heading', { level: 1, name: `Text outline: ${PAIR_BOARD}` })).toBeVisible();
    const firstArea = facilitator.getByRole('region').filter({ has: facilitator.getByRole('heading', { level: 2 }) }).first();
    await expect(firstArea).toBeVisible({ timeout: 30_000 });
    const field = firstArea.getByLabel(/^Add a note to /);
    await field.fill('Added in the outline');
    await field.press('Tab');
    await facilitator.keyboard.press('Enter');
    await expect(facilitator.getByText('Your note was added to', { exact: false })).toBeAttached();
    await expect(firstArea.getByText('Added in the outline', { exact: true })).toBeVisible();
    // On the other person's canvas at once (tldraw hides shapes outside the view, so it may be out of sight).
    await expect(noteOnCanvas(lay, 'Added in the outline')).toBeAttached({ timeout: 5_000 });
    // The note on the canvas came from the outline; the canvas's note shows in the outline too.
    await expect(facilitator.getByText('Written on the canvas', { exact: true })).toBeVisible();
    await expect(facilitator.getByRole('main').getByText('By a facilitator').first()).toBeVisible();
    await expect(facilitator.getByRole('banner').getByRole('status')).toHaveText('All changes saved');
  });

  await test.step('accessibility of the outline page', () => expectNoSeriousA11yIssues(facilitator, 'outline'));

  await test.step('the notes CSV contains every note', async () => {
    const response = await facilitator.request.get(`${boardUrl.replace('/boards/', '/api/boards/')}/notes?format=csv`);
    expect(response.status()).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('Added in the outline,Facilitator');
    expect(csv).toContain('Written on the canvas,Lay partner');
    // Every note in the outline is a row in the file.
    const notesInOutline = await facilitator.getByRole('main').getByRole('listitem').count();
    expect(csv.trim().split('\r\n')).toHaveLength(1 + notesInOutline);
    expect(csv).not.toContain('Demo Lay partner');
    // Participants cannot ask for names.
    const refused = await lay.request.get(`${boardUrl.replace('/boards/', '/api/boards/')}/notes?format=csv&names=1`);
    expect(refused.status()).toBe(403);
  });

  await test.step('a restored version brings back a deleted note', async () => {
    await facilitator.goto(`${boardUrl}/history`);
    await facilitator.getByLabel('Name for this version').fill('Before voting');
    await facilitator.getByRole('button', { name: 'Save version' }).click();
    await expect(facilitator.getByText('Saved “Before voting”.')).toBeVisible();

    // The lay partner deletes their own note on the canvas.
    await noteOnCanvas(lay, 'Written on the canvas').click();
    await lay.keyboard.press('Delete');
    await expect(noteOnCanvas(lay, 'Written on the canvas')).toHaveCount(0);
    await expect(saveStatus(lay)).toHaveText('All changes saved');

    await facilitator.getByRole('link', { name: 'Look at “Before voting”' }).click();
    await expect(facilitator.getByText('Written on the canvas')).toBeVisible();
    await facilitator.getByRole('button', { name: 'Restore “Before voting”' }).click();
    await facilitator.getByRole('button', { name: 'Yes, restore it' }).click();
    await expect(facilitator.getByText('Restored.')).toBeVisible();
    await expect(noteOnCanvas(lay, 'Written on the canvas')).toBeVisible({ timeout: 5_000 });

    await facilitator.goto(`${boardUrl}/history`);
    await expect(facilitator.getByText('Before restoring “Before voting”', { exact: true })).toBeVisible();
  });
});
