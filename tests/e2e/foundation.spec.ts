import { expect, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousA11yIssues as expectAccessible, linkFromOutbox } from './support/board';
import { test } from './support/test';

// The issue's story, end to end against the real server (playwright.config.ts: fresh database,
// DEMO=1, no SMTP so emails land in E2E_DATA_DIR/outbox). One browser context per person.
const FACILITATOR = 'facilitator@demo.together-board.local';
const OUTSIDER = 'lay-partner.1.high-wycombe@demo.together-board.local';

/** Signs in through the sign-in form and the emailed link, as a person with no mail server would. */
async function signInByEmail(page: Page, email: string) {
  const since = Date.now() - 1000;
  await page.goto('/sign-in');
  await expectAccessible(page, 'sign-in page');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  // After a client-side navigation Next sets the page's title a moment after drawing it: scan once it has.
  await expect(page).toHaveTitle(/Check your email/);
  await expect(page.getByText('no email server set up')).toBeVisible();
  await expectAccessible(page, 'check-email page');
  await page.goto(await linkFromOutbox(email, since));
  await expect(page).toHaveURL(/\/$/);
}

/** Creates an invitation on the open invitations page and returns its link. */
async function createInvitation(page: Page, role: 'A professional' | 'A lay partner', note: string): Promise<string> {
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('radio', { name: 'One person' }).check();
  await page.getByLabel('Note for yourself (optional)').fill(note);
  await page.getByRole('button', { name: 'Create link' }).click();
  // The heading names the note, so we read this link and not the one made before it.
  await expect(page.getByRole('heading', { name: /^New link:/ })).toContainText(`(${note})`);
  const url = await page.getByRole('textbox', { name: 'Invitation link' }).inputValue();
  expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('row').filter({ hasText: note })).toContainText('Active');
  return url;
}

/** A new person opens their invitation in their own browser and joins with their name. */
async function joinAs(browser: Browser, inviteUrl: string, name: string, cohortName: string, email?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(inviteUrl);
  await expect(page.getByRole('heading', { level: 1, name: `Join ${cohortName}` })).toBeVisible();
  await expectAccessible(page, 'join page');
  await page.getByLabel('Your name').fill(name);
  if (email) await page.getByLabel('Email address (optional)').fill(email);
  await page.getByRole('button', { name: 'Join the cohort' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${name}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: `My cohort: ${cohortName}` })).toBeVisible();
  await expectAccessible(page, `home page of ${name}`);
  return page;
}

test('a facilitator invites a pair who join, get paired and see each other; outsiders get 404', async ({ browser, page }) => {
  // Four people, about twenty page loads and a dozen accessibility scans on a shared machine.
  test.setTimeout(300_000);
  const cohortName = `Wokingham ${Date.now().toString(36)}`;

  // A signed-out visitor is sent to sign in, and comes back afterwards.
  await page.goto('/programmes');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fprogrammes/);

  // The facilitator signs in through the outbox link and creates a cohort in the demo programme.
  await signInByEmail(page, FACILITATOR);
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Demo Facilitator' })).toBeVisible();
  await expectAccessible(page, 'facilitator home page');
  await page.getByRole('link', { name: 'Leading Together 2016' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Leading Together 2016' })).toBeVisible();
  await expectAccessible(page, 'programme page');
  await page.getByLabel('Cohort name').fill(cohortName);
  await page.getByLabel('Venue').fill('Wokingham Library');
  await page.getByLabel('Area').fill('Berkshire');
  await page.getByLabel('Workshop 1 date').fill('2027-02-03');
  await page.getByLabel('Workshop 2 date').fill('2027-03-03');
  await page.getByLabel('Workshop 3 date').fill('2027-04-07');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await page.getByRole('link', { name: `Open ${cohortName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
  await expectAccessible(page, 'cohort page');
  const cohortUrl = page.url();

  // The facilitator invites a professional and a lay partner.
  await page.getByRole('link', { name: `Invite people to ${cohortName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Invite people to ${cohortName}` })).toBeVisible();
  await expectAccessible(page, 'invitations page');
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByText('Choose who this invitation is for.')).toBeVisible();
  await expectAccessible(page, 'invitations page with errors');
  const professionalLink = await createInvitation(page, 'A professional', 'For Priya');
  await expectAccessible(page, 'invitations page with a new link and QR code');

  // The QR code downloads for the handout: PNG and SVG, for the facilitator only.
  const pngHref = await page.getByRole('link', { name: 'Download the QR code as a picture (PNG)' }).getAttribute('href');
  const png = await page.request.get(pngHref ?? '');
  expect(png.status()).toBe(200);
  expect(png.headers()['content-type']).toBe('image/png');
  const svg = await page.request.get(`${pngHref}&format=svg`);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
  expect(await svg.text()).toContain('<svg');

  const layPartnerLink = await createInvitation(page, 'A lay partner', 'For Lou');
  const withdrawnLink = await createInvitation(page, 'A lay partner', 'Spare link');
  await page.getByRole('button', { name: 'Withdraw Lay partner link for one person (Spare link)' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Spare link' })).toContainText('Withdrawn');
  // The withdrawn link's panel no longer offers it to copy or print.
  await expect(page.getByText('This link no longer works: it has been withdrawn or used.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Invitation link' })).toHaveCount(0);
  await expect(page.getByRole('img', { name: 'QR code that opens the invitation link' })).toHaveCount(0);

  // Each joins in their own browser, with only a name (the lay partner adds an email).
  const professional = await joinAs(browser, professionalLink, 'Priya Professional', cohortName);
  await expect(professional.getByText('You do not have a partner yet.')).toBeVisible();
  const layPartner = await joinAs(browser, layPartnerLink, 'Lou Lay Partner', cohortName, 'lou@example.org');

  // A used personal link and a withdrawn one explain themselves kindly.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(professionalLink);
  await expect(stranger.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible();
  await expect(stranger.getByText('This invitation has already been used.')).toBeVisible();
  await expectAccessible(stranger, 'used invitation page');
  await stranger.goto(withdrawnLink);
  await expect(stranger.getByText('This invitation has been withdrawn by the facilitator.')).toBeVisible();

  // The facilitator pairs them.
  await page.goto(cohortUrl);
  const pairForm = page.getByRole('form', { name: 'Make a pair' });
  await pairForm.getByLabel('Professional').selectOption({ label: 'Priya Professional' });
  await pairForm.getByLabel('Lay partner').selectOption({ label: 'Lou Lay Partner' });
  await pairForm.getByLabel('Project title').fill('Kinder clinic letters');
  await pairForm.getByRole('button', { name: 'Pair them' }).click();
  await expect(page.getByText('Everyone is paired.')).toBeVisible();
  await expectAccessible(page, 'cohort page with a pair');

  // Both see each other on their home pages.
  await professional.reload();
  await expect(professional.getByText('Partner: Lou Lay Partner')).toBeVisible();
  await expect(professional.getByText('Project: Kinder clinic letters')).toBeVisible();
  await layPartner.reload();
  await expect(layPartner.getByText('Partner: Priya Professional')).toBeVisible();
  await expectAccessible(layPartner, 'lay partner home page with partner');

  // Participants cannot manage invitations; a member of another cohort gets 404 for all of it.
  const invitationsUrl = `${cohortUrl}/invitations`;
  const asParticipant = await professional.goto(invitationsUrl);
  expect(asParticipant?.status()).toBe(404);
  await signInByEmail(stranger, OUTSIDER);
  for (const url of [cohortUrl, invitationsUrl]) {
    const response = await stranger.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(stranger.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }
  await expectAccessible(stranger, 'not-found page');
  expect((await stranger.request.get(pngHref ?? '')).status()).toBe(404);
});
