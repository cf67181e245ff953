import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { expectNoSeriousA11yIssues } from './support/board';
import { test } from './support/test';

// Runs against the seeded "Leading Together 2016" demo (playwright.config.ts sets DEMO=1).
const FACILITATOR = 'facilitator@demo.together-board.local';
const LAY_PARTNER_HIGH_WYCOMBE = 'lay-partner.1.high-wycombe@demo.together-board.local';

function outboxDir(): string {
  return path.join(process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e'), 'outbox');
}

/** The sign-in link from the newest outbox email to `email`, polling until it arrives. */
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

async function signIn(page: Page, email: string) {
  const since = Date.now() - 1000;
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await page.goto(await signInLink(email, since));
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome/ })).toBeVisible();
}

/** No serious or critical accessibility problems on the page as it is now. */

// Sign-in, several pages and an axe run per page on a shared two-core machine: allow for it.
test.slow();

test('a facilitator creates a programme and a cohort, and sees schedule warnings after saving', async ({ page }) => {
  await signIn(page, FACILITATOR);
  await expect(page.getByRole('heading', { name: 'Programmes I run' })).toBeVisible();
  await expectNoSeriousA11yIssues(page);

  await page.getByRole('link', { name: 'Programmes', exact: true }).click();
  await page.getByLabel('Programme name').fill(`E2E programme ${Date.now()}`);
  await page.getByRole('button', { name: 'Create programme' }).click();
  await expect(page.getByRole('heading', { name: 'Create a cohort' })).toBeVisible();

  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByLabel('Cohort name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Enter the date of workshop 1.')).toBeVisible();
  await expectNoSeriousA11yIssues(page);

  await page.getByLabel('Cohort name').fill('Slough');
  await page.getByLabel('Venue').fill('Slough Library');
  await page.getByLabel('Area').fill('Berkshire');
  await page.getByLabel('Workshop 1 date').fill('2027-01-06');
  await page.getByLabel('Workshop 2 date').fill('2027-01-13');
  await page.getByLabel('Workshop 3 date').fill('2027-03-03');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await expect(page.getByRole('status')).toContainText('Cohort "Slough" created');
  await expect(page.getByRole('status')).toContainText('only 7 days apart');
  await expectNoSeriousA11yIssues(page);
});

test('a facilitator sees an unequal cohort, gets field errors, and accepts suggested pairs', async ({ page }) => {
  await signIn(page, FACILITATOR);
  await page.getByRole('link', { name: 'Reading' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reading' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Professionals (3)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Lay partners (2)' })).toBeVisible();
  await expect(page.getByText('Unequal numbers.')).toBeVisible();

  await page.getByRole('button', { name: 'Pair them' }).click();
  await expect(page.getByLabel('Professional', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousA11yIssues(page);

  // Changing a pair opens its own form with the same questions.
  await page.getByText('Change project or partner').first().click();
  await expect(page.getByLabel('Project title')).toHaveCount(2);
  await expectNoSeriousA11yIssues(page);

  await page.getByRole('button', { name: 'Suggest pairs' }).click();
  await expect(page.getByText('Demo Professional 2 (Reading) (professional) with Demo Lay Partner 2 (Reading) (lay partner)')).toBeVisible();
  await expect(page.getByText(/No partner is left for Demo Professional 3 \(Reading\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Accept suggestions' }).dblclick();
  await expect(page.getByRole('status')).toContainText('1 pair made.');
  await expect(page.getByRole('heading', { name: 'Pairs (2)' })).toBeVisible();
  // Each pair is a card with room inside its border, the last one included (a list style once
  // took the cards' padding and the last one's bottom border away).
  const cards = page.getByRole('list', { name: 'Pairs' }).locator(':scope > li');
  await expect(cards).toHaveCount(2);
  for (const card of await cards.all()) {
    const style = await card.evaluate((li) => {
      const css = getComputedStyle(li);
      return { paddingLeft: parseFloat(css.paddingLeft), borderBottom: css.borderBottomStyle };
    });
    expect(style.paddingLeft).toBeGreaterThanOrEqual(12);
    expect(style.borderBottom).toBe('solid');
  }
  await expectNoSeriousA11yIssues(page);
});

test('a lay partner sees their partner and project, and gets not-found for another cohort', async ({ page, browser }) => {
  // Another person (own browser context) finds the address of the Oxford cohort.
  const facilitatorContext = await browser.newContext();
  const facilitatorPage = await facilitatorContext.newPage();
  await signIn(facilitatorPage, FACILITATOR);
  await facilitatorPage.getByRole('link', { name: 'Oxford' }).first().click();
  await expect(facilitatorPage.getByRole('heading', { level: 1, name: 'Oxford' })).toBeVisible();
  const oxfordPath = new URL(facilitatorPage.url()).pathname;
  await facilitatorContext.close();

  await signIn(page, LAY_PARTNER_HIGH_WYCOMBE);
  await expect(page.getByRole('heading', { name: /My cohort: High Wycombe/ })).toBeVisible();
  await expect(page.getByText('Demo Professional 1 (High Wycombe) (professional)')).toBeVisible();
  await expect(page.getByText('Clearer discharge letters').first()).toBeVisible();
  await expect(page.getByText('All three workshops have taken place.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Clearer discharge letters' })).toBeVisible();
  // Every board has a picture: one nobody has edited yet shows its template, not an empty box.
  const pictures = page.locator('img[src$="/thumbnail"]');
  await expect(pictures.first()).toBeVisible();
  for (const picture of await pictures.all()) {
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth), { message: 'the board’s picture loaded' }).toBeGreaterThan(0);
  }
  await expect(page.locator('[data-placeholder]')).toHaveCount(0);
  await expectNoSeriousA11yIssues(page);

  await page.getByRole('link', { name: 'High Wycombe', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Pairs (2)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pair them' })).toHaveCount(0);
  await expectNoSeriousA11yIssues(page);

  // The programme page lists only my own cohort; another cohort's page is not found.
  await page.getByRole('link', { name: 'Leading Together 2016' }).click();
  await expect(page.getByRole('link', { name: 'Oxford' })).toHaveCount(0);
  const response = await page.goto(oxfordPath);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
