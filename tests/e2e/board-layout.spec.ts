import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { boardCanvas, signIn, waitForCanvas } from './support/board';
import { test } from './support/test';

// A demo lay partner of High Wycombe; their pair board is on their home page.
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const FACILITATOR = 'facilitator@demo.together-board.local';
const PAIR_BOARD = 'Clearer discharge letters';
const WORKSHOP_BOARD = 'High Wycombe: workshop 1';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether two elements' boxes overlap on screen. */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = await Promise.all([a.boundingBox(), b.boundingBox()]);
  if (!x || !y) throw new Error('An element is not on screen');
  return overlaps(x, y);
}

async function openBoard(browser: Browser, email: string, board: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, email);
  await page.getByRole('link', { name: board }).first().click();
  await waitForCanvas(page);
  return page;
}

/** Signs in and opens a board by its address. */
async function openBoardAt(browser: Browser, email: string, href: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, email);
  await page.goto(href);
  await waitForCanvas(page);
  return page;
}

/** The workshop board's address, read from a participant's home page (a facilitator's lists programmes, not boards). */
async function workshopAddress(participant: Page): Promise<string> {
  await participant.goto('/');
  return (await participant.getByRole('link', { name: WORKSHOP_BOARD }).first().getAttribute('href')) as string;
}

/**
 * What is wrong with the opening view: each shape (and each area's name) that is not wholly on
 * the canvas, or that a floating panel covers. Empty when the board is fitted with nothing over it.
 */
async function openingViewProblems(page: Page): Promise<string[]> {
  return boardCanvas(page).evaluate((canvas) => {
    const box = canvas.getBoundingClientRect();
    const panels = [...document.querySelectorAll('[data-board-overlay], .tlui-main-toolbar, .tlui-menu-zone, .tlui-navigation-panel, .tlui-style-panel__wrapper')]
      .map((el) => ({ name: el.getAttribute('aria-label') ?? el.className, rect: el.getBoundingClientRect() }))
      .filter(({ rect }) => rect.width > 0 && rect.height > 0);
    const problems: string[] = [];
    const things = [...canvas.querySelectorAll('.tl-shape[data-shape-id], .tl-frame-heading')];
    if (things.length < 3) problems.push(`only ${things.length} things drawn`);
    for (const el of things) {
      const name = el.getAttribute('data-shape-id') ?? `area name "${el.textContent}"`;
      const r = el.getBoundingClientRect();
      if (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1) {
        problems.push(`${name} is not wholly on screen`);
        continue;
      }
      for (const panel of panels) {
        const p = panel.rect;
        if (r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom) problems.push(`${name} is under ${panel.name}`);
      }
    }
    return problems;
  });
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`a board opens fitted to its content with no panel over it, for a participant and the facilitator, at ${viewport.width} × ${viewport.height}`, async ({ browser }) => {
    test.slow();
    const lay = await openBoard(browser, LAY_PARTNER, PAIR_BOARD, viewport);
    await expect.poll(() => openingViewProblems(lay), { message: 'the pair board is fitted' }).toEqual([]);
    // The bar leaves the board most of the screen, on a phone too (it took about 40 %).
    const bar = await lay.getByRole('banner').boundingBox();
    expect(bar?.height ?? viewport.height, 'height of the board bar').toBeLessThan(viewport.height * 0.2);
    // "Who is here" shows this person in the colour others see them in, not the grey placeholder.
    const myDot = lay.getByRole('banner').getByRole('listitem').filter({ hasText: '(you)' }).locator('span').first();
    await expect(myDot).not.toHaveCSS('background-color', 'rgb(74, 85, 104)');
    const facilitator = await openBoardAt(browser, FACILITATOR, await workshopAddress(lay), viewport);
    // The facilitator's panel arrives with the events stream: the view makes room for it.
    await expect(facilitator.getByRole('complementary', { name: 'Facilitator controls' })).toBeVisible();
    await expect.poll(() => openingViewProblems(facilitator), { message: 'the workshop board is fitted' }).toEqual([]);
    await lay.context().close();
    await facilitator.context().close();
  });
}

test('on a tablet-width screen the "Who has written" panel leaves tldraw’s undo and redo buttons uncovered', async ({ browser }) => {
  test.slow();
  const page = await openBoard(browser, LAY_PARTNER, PAIR_BOARD, { width: 768, height: 1024 });
  const balance = page.getByRole('complementary', { name: 'Who has written' });
  const undo = page.getByTestId('quick-actions.undo');
  await expect(balance).toBeVisible();
  await expect(undo).toBeVisible();
  for (const button of [undo, page.getByTestId('quick-actions.redo')]) expect(await overlap(balance, button)).toBe(false);
  await page.context().close();
});

test('at 1440 × 900 the facilitator’s controls are compact, all reachable without scrolling, and fold away', async ({ browser }) => {
  test.slow();
  const viewport = { width: 1440, height: 900 };
  const lay = await openBoard(browser, LAY_PARTNER, PAIR_BOARD, viewport);
  const workshop = await workshopAddress(lay);
  await lay.context().close();
  const facilitator = await openBoardAt(browser, FACILITATOR, workshop, viewport);
  const panel = facilitator.getByRole('complementary', { name: 'Facilitator controls' });
  await expect(panel).toBeVisible();
  const layout = await panel.evaluate((aside) => {
    const body = aside.querySelector('#facilitator-controls') as HTMLElement;
    const box = body.getBoundingClientRect();
    const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
    const panelBox = aside.getBoundingClientRect();
    const cut = [...body.querySelectorAll('button, input, select, a[href]')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.bottom > window.innerHeight || r.right > window.innerWidth || r.left < 0;
      })
      .map((el) => el.textContent || el.getAttribute('aria-label') || el.id);
    const covered = canvas ? (panelBox.width * panelBox.height) / (canvas.width * canvas.height) : 1;
    return { cut, scrolls: body.scrollHeight > body.clientHeight + 1, covered };
  });
  expect(layout.cut, 'controls cut off').toEqual([]);
  expect(layout.scrolls, 'the panel needs scrolling').toBe(false);
  expect(layout.covered, 'share of the canvas the panel covers').toBeLessThan(0.2);
  // A display link can be named, so several screens are told apart.
  await panel.getByLabel('Screen name').fill('Main hall');
  await panel.getByRole('button', { name: 'Make a display link' }).click();
  await expect(panel.getByTestId('display-links')).toContainText('Main hall, made at');
  // Switched off again: the workshop board is shared with the facilitation specs, which count the links they make.
  await panel.getByRole('button', { name: /^Switch off the display link “Main hall”/ }).click();
  await expect(panel.getByTestId('display-links')).toHaveCount(0);
  // "Stop timer" takes the timer card off the screen.
  await panel.getByRole('button', { name: 'Start timer' }).click();
  await expect(facilitator.getByTestId('timer')).toBeVisible();
  await panel.getByRole('button', { name: 'Stop timer' }).click();
  await expect(facilitator.getByTestId('timer')).toHaveCount(0);
  // Folded away it leaves only its button.
  await panel.getByRole('button', { name: 'Hide facilitator controls' }).click();
  await expect(panel.locator('#facilitator-controls')).toBeHidden();
  await expect(panel.getByRole('button', { name: 'Facilitator controls' })).toHaveAttribute('aria-expanded', 'false');
  await facilitator.context().close();
});

test('on a phone the board bar and a running timer leave the board most of the screen', async ({ browser }) => {
  test.slow();
  const phone = { width: 390, height: 844 };
  const lay = await (await browser.newContext({ viewport: phone })).newPage();
  await signIn(lay, LAY_PARTNER);
  const workshop = await workshopAddress(lay);
  const facilitator = await openBoardAt(browser, FACILITATOR, workshop, { width: 1440, height: 900 });
  const panel = facilitator.getByRole('complementary', { name: 'Facilitator controls' });
  await panel.getByRole('button', { name: 'Start timer' }).click();
  await lay.goto(workshop);
  await waitForCanvas(lay);
  const timer = lay.getByTestId('timer');
  await expect(timer).toHaveAttribute('data-status', 'running');
  const [bar, card] = await Promise.all([lay.getByRole('banner').boundingBox(), timer.boundingBox()]);
  // They took about 40 % of a phone's screen.
  expect((bar?.height ?? phone.height) + (card?.height ?? phone.height), 'height of the bar and the timer card').toBeLessThan(phone.height * 0.25);
  // Stopped again: the facilitation spec shares this board's timer.
  await panel.getByRole('button', { name: 'Stop timer' }).click();
  await expect(timer).toHaveCount(0);
});
