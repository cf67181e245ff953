import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, waitForCanvas } from './support/board';

// Demo people (playwright.config.ts sets DEMO=1): the demo facilitator runs every cohort;
// High Wycombe's first professional and lay partner are two participants of its workshop 1.
const FACILITATOR = 'facilitator@demo.together-board.local';
const PROFESSIONAL = 'professional.1.high-wycombe@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const WORKSHOP_BOARD = 'High Wycombe: workshop 1';

const VIEWPORT = { width: 1280, height: 800 };

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && console.log(`[${email}] ${message.text()}`));
  await signIn(page, email);
  return page;
}

/** When this screen thinks the timer ends, in this machine's clock (all browsers share it). */
async function shownEnd(page: Page): Promise<number> {
  return page.getByTestId('timer').evaluate((el) => Number((el as HTMLElement).dataset.remainingMs) + Date.now());
}

test('a facilitator opens the projector with a display link and the timer shows the same time on all four screens', async ({ browser }) => {
  test.setTimeout(300_000);
  const pro = await signedIn(browser, PROFESSIONAL);
  const lay = await signedIn(browser, LAY_PARTNER);
  const fac = await signedIn(browser, FACILITATOR);

  const boardPath = await pro.getByRole('link', { name: WORKSHOP_BOARD }).first().getAttribute('href');
  expect(boardPath).toMatch(/^\/boards\//);
  await pro.goto(boardPath as string);
  const boardUrl = pro.url();
  await lay.goto(boardUrl);
  await fac.goto(boardUrl);
  await Promise.all([waitForCanvas(pro), waitForCanvas(lay), waitForCanvas(fac)]);
  const controls = fac.getByRole('complementary', { name: 'Facilitator controls' });
  await expect(controls).toBeVisible();
  // Participants get no controls.
  await expect(pro.getByRole('complementary', { name: 'Facilitator controls' })).toHaveCount(0);

  await test.step('the projector opens through a display link, without anyone signed in', async () => {
    await controls.getByRole('button', { name: 'Make a display link' }).click();
    const link = await controls.getByLabel('Display link').inputValue();
    expect(link).toContain('/present?display=');
    const projectorContext = await browser.newContext({ viewport: VIEWPORT });
    const projector = await projectorContext.newPage();
    await projector.goto(link);
    await expect(projector.getByRole('heading', { name: 'Join this board' })).toBeVisible();
    await expect(projector.getByRole('img', { name: /QR code/ })).toBeVisible();
    screens.projector = projector;
  });
  const projector = screens.projector as Page;
  const everyone = [fac, pro, lay, projector];

  await test.step('the timer shows the same time on all four screens', async () => {
    await controls.getByLabel('Minutes').fill('5');
    await controls.getByRole('button', { name: 'Start timer' }).click();
    for (const page of everyone) await expect(page.getByTestId('timer')).toHaveAttribute('data-status', 'running');
    const ends = [];
    for (const page of everyone) ends.push(await shownEnd(page));
    expect(Math.max(...ends) - Math.min(...ends)).toBeLessThan(500);
    for (const page of everyone) await expect(page.getByTestId('timer')).toContainText(/Time left[0-5]:\d\d/);
  });
});

const screens: { projector?: Page } = {};
