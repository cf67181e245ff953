import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { addStickyNote, expectNoSeriousA11yIssues, noteOnCanvas, saveStatus, signIn, waitForCanvas } from './support/board';
import { test } from './support/test';

// A demo pair (playwright.config.ts sets DEMO=1): High Wycombe's first professional and lay
// partner share the pair board "Clearer discharge letters".
const PROFESSIONAL = 'professional.1.high-wycombe@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const PAIR_BOARD = 'Clearer discharge letters';

// A hung click or key press fails with its own message instead of running into the test's
// timeout (the machine is busy, so the limit is generous).
test.use({ actionTimeout: 30_000 });

const SAVED = 'All changes saved';
const OFFLINE = 'Offline: changes kept on this device';

interface Person {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for (pages, scripts, fonts, sockets). */
  requests: string[];
}

async function person(browser: Browser, email: string): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && console.log(`[${email}] ${message.text()}`));
  page.on('websocket', (socket) => requests.push(socket.url()));
  await signIn(page, email);
  return { context, page, requests };
}

/** Records every save status the board shows from now on (data-status values); read them later. */
async function statusesFromNowOn(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const status = document.querySelector('header [role="status"][data-status]');
    if (!status) throw new Error('no save status on the page');
    const seen: string[] = [];
    (window as unknown as { statusesSeen: string[] }).statusesSeen = seen;
    new MutationObserver(() => seen.push(status.getAttribute('data-status') ?? '')).observe(status, { attributes: true, attributeFilter: ['data-status'] });
  });
  return () => page.evaluate(() => (window as unknown as { statusesSeen: string[] }).statusesSeen);
}

/** Requests to any host other than the app's own (data: and blob: URLs never leave the browser). */
function foreignRequests(requests: string[], appUrl: string): string[] {
  const appHost = new URL(appUrl).host;
  return requests.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
    return parsed.host !== appHost;
  });
}

test('a professional and a lay partner edit a board together, offline included, and nothing is lost', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const pro = await person(browser, PROFESSIONAL);
  const lay = await person(browser, LAY_PARTNER);

  await pro.page.getByRole('link', { name: PAIR_BOARD }).first().click();
  await expect(pro.page).toHaveURL(/\/boards\//);
  const boardUrl = pro.page.url();
  await lay.page.goto(boardUrl);
  await Promise.all([waitForCanvas(pro.page), waitForCanvas(lay.page)]);
  await expect(pro.page.getByRole('heading', { level: 1, name: PAIR_BOARD })).toBeVisible();

  // Both connected before anything is timed: on this busy two-core machine the server has taken
  // over 10 seconds to accept a socket while it rendered the board's other pages.
  await expect(saveStatus(pro.page)).toHaveText(SAVED, { timeout: 60_000 });
  await expect(saveStatus(lay.page)).toHaveText(SAVED, { timeout: 60_000 });

  // Presence: each sees the other in "Who is here", with the right role badge.
  const whoIsHere = (page: Page) => page.getByRole('region', { name: /Who is here/ });
  await expect(whoIsHere(pro.page)).toContainText('Lay partner', { timeout: 30_000 });
  await expect(whoIsHere(lay.page)).toContainText('Professional', { timeout: 30_000 });

  // Each adds a sticky note and sees the other's within two seconds. Someone else's note
  // arrives already saved: the lay partner, who is only watching, never sees "Saving…".
  const layStatuses = await statusesFromNowOn(lay.page);
  await addStickyNote(pro.page, 'Letters in plain English', { x: 300, y: 350 });
  await expect(noteOnCanvas(lay.page, 'Letters in plain English')).toBeVisible({ timeout: 2_000 });
  await expect(saveStatus(pro.page)).toHaveText(SAVED);
  expect(await layStatuses()).toEqual([]);
  await addStickyNote(lay.page, 'Ask patients what they need', { x: 700, y: 350 });
  await expect(noteOnCanvas(pro.page, 'Ask patients what they need')).toBeVisible({ timeout: 2_000 });
  await expect(saveStatus(pro.page)).toHaveText(SAVED);
  await expect(saveStatus(lay.page)).toHaveText(SAVED);

  await test.step('accessibility of the live board', () => expectNoSeriousA11yIssues(pro.page, 'live board'));

  // The board page and the app's files are kept by the service worker, so a reload with no
  // network at all still opens the board (from this device's own copy of its content). The page
  // marks <html> once they are kept (canvas/ServiceWorkerRegistration.tsx).
  await expect(lay.page.locator('html')).toHaveAttribute('data-offline-ready', 'true', { timeout: 30_000 });

  // The lay partner's laptop drops off the Wi-Fi and keeps working.
  await lay.context.setOffline(true);
  await expect(saveStatus(lay.page)).toHaveText(OFFLINE);
  await addStickyNote(lay.page, 'Written offline', { x: 500, y: 550 });
  await expect(noteOnCanvas(lay.page, 'Written offline')).toBeVisible();
  await expect(saveStatus(lay.page)).toHaveText(OFFLINE);
  // Meanwhile the professional carries on.
  await addStickyNote(pro.page, 'Written while my partner was away', { x: 300, y: 550 });
  await expect(saveStatus(pro.page)).toHaveText(SAVED);

  // Still with no network, the lay partner reloads the page: the board comes back as it was.
  await lay.page.reload();
  await waitForCanvas(lay.page);
  await expect(noteOnCanvas(lay.page, 'Written offline')).toBeVisible();
  await expect(saveStatus(lay.page)).toHaveText(OFFLINE);
  await expect(noteOnCanvas(pro.page, 'Written offline')).toHaveCount(0);

  // The connection returns: both converge and everything is saved.
  await lay.context.setOffline(false);
  await expect(noteOnCanvas(pro.page, 'Written offline')).toBeVisible({ timeout: 20_000 });
  await expect(noteOnCanvas(lay.page, 'Written while my partner was away')).toBeVisible();
  await expect(saveStatus(lay.page)).toHaveText(SAVED);
  await expect(saveStatus(pro.page)).toHaveText(SAVED);
  // The notes' own text (a note also shows who wrote it, in a label of its own).
  const notes = async (page: Page) =>
    (await page.locator('.tl-shape[data-shape-type="note"] .tl-text-content').allInnerTexts()).map((t) => t.trim()).sort();
  await expect.poll(async () => JSON.stringify(await notes(lay.page))).toBe(JSON.stringify(await notes(pro.page)));
  expect(await notes(pro.page)).toEqual(
    expect.arrayContaining(['Letters in plain English', 'Ask patients what they need', 'Written offline', 'Written while my partner was away']),
  );

  // Not one request left the app's own host (tldraw's fonts, icons and translations included).
  expect(foreignRequests([...pro.requests, ...lay.requests], baseURL ?? '')).toEqual([]);

  await pro.context.close();
  await lay.context.close();
});

/** The boards this browser keeps a copy of (y-indexeddb databases), read on a page of the app. */
async function boardCopies(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('together-board:')));
}

test('signing out removes the copies of boards kept on the computer, except one with changes not yet saved', async ({ browser }) => {
  test.setTimeout(180_000);
  const lay = await person(browser, LAY_PARTNER);
  const href = await lay.page.getByRole('link', { name: PAIR_BOARD }).first().getAttribute('href');
  await lay.page.goto(href ?? '/');
  const boardUrl = lay.page.url();
  await waitForCanvas(lay.page);
  await expect(saveStatus(lay.page)).toHaveText(SAVED);
  expect(await boardCopies(lay.page)).toHaveLength(1);

  // A note written with no network, then the page is left before the network returns.
  await lay.context.setOffline(true);
  await expect(saveStatus(lay.page)).toHaveText(OFFLINE);
  await addStickyNote(lay.page, 'Kept through signing out', { x: 420, y: 480 });
  await expect(saveStatus(lay.page)).toHaveText(OFFLINE);
  await lay.page.goto('about:blank');
  await lay.context.setOffline(false);

  await test.step('signing out keeps the copy with the unsaved note, and says so', async () => {
    await lay.page.goto('/sign-out');
    await lay.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(lay.page.getByTestId('board-copies')).toHaveText(/1 board has changes on this computer that have not been saved yet/);
    expect(await boardCopies(lay.page)).toHaveLength(1);
  });

  await test.step('signing in again and opening the board saves the note; the next sign-out removes the copy', async () => {
    await signIn(lay.page, LAY_PARTNER);
    await lay.page.goto(boardUrl);
    await waitForCanvas(lay.page);
    await expect(noteOnCanvas(lay.page, 'Kept through signing out')).toBeAttached();
    await expect(saveStatus(lay.page)).toHaveText(SAVED, { timeout: 20_000 });
    await lay.page.goto('/sign-out');
    await lay.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(lay.page.getByTestId('board-copies')).toHaveText('The copies of boards kept on this computer have been removed.');
    expect(await boardCopies(lay.page)).toEqual([]);
    expect(await lay.page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('together-board')))).toEqual([]);
  });

  await test.step('the note reached the server: the professional sees it', async () => {
    const pro = await person(browser, PROFESSIONAL);
    await pro.page.goto(boardUrl);
    await waitForCanvas(pro.page);
    await expect(noteOnCanvas(pro.page, 'Kept through signing out')).toBeAttached();
    await pro.context.close();
  });
  await lay.context.close();
});

test('a keyboard or screen reader user is offered the text outline among the first links on a board', async ({ browser }) => {
  const lay = await person(browser, LAY_PARTNER);
  const href = await lay.page.getByRole('link', { name: PAIR_BOARD }).first().getAttribute('href');
  await lay.page.goto(href ?? '/');
  await waitForCanvas(lay.page);
  // The page's first link (tldraw takes focus when it mounts, so start from the top).
  await lay.page.getByRole('link', { name: 'Skip to the board' }).focus();
  await lay.page.keyboard.press('Tab');
  const outlineLink = lay.page.getByRole('link', { name: 'Use the text outline of this board instead' });
  await expect(outlineLink).toBeFocused();
  await expect(outlineLink).toBeInViewport();
  await lay.page.keyboard.press('Enter');
  await expect(lay.page.getByRole('heading', { level: 1, name: `Text outline: ${PAIR_BOARD}` })).toBeVisible();
  await lay.context.close();
});

test('two people writing in one note at once: one writes, the other sees who and is kept out; nothing is interleaved or dropped silently', async ({ browser }) => {
  test.setTimeout(180_000);
  const pro = await person(browser, PROFESSIONAL);
  const lay = await person(browser, LAY_PARTNER);
  const href = await pro.page.getByRole('link', { name: PAIR_BOARD }).first().getAttribute('href');
  await Promise.all([pro.page.goto(href ?? '/'), lay.page.goto(href ?? '/')]);
  await Promise.all([waitForCanvas(pro.page), waitForCanvas(lay.page)]);
  await Promise.all([expect(saveStatus(pro.page)).toHaveText(SAVED), expect(saveStatus(lay.page)).toHaveText(SAVED)]);
  await addStickyNote(pro.page, 'Shared:', { x: 450, y: 850 });
  await expect(noteOnCanvas(lay.page, 'Shared:')).toBeVisible();

  const words = new Map([
    [pro.page, 'Shared: margaret'],
    [lay.page, 'Shared: xhree'],
  ]);
  /** Opens the shared note with a double click and types this person's words at its end, as both do at the same moment. */
  const writeIn = async (page: Page) => {
    const box = await noteOnCanvas(page, 'Shared:').boundingBox();
    if (!box) throw new Error('The shared note is not on screen');
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('End');
    await page.keyboard.type((words.get(page) as string).slice('Shared:'.length), { delay: 40 });
  };
  await Promise.all([writeIn(pro.page), writeIn(lay.page)]);

  // One of them holds the note; the other sees who is writing in it and why they could not.
  const seen = () => Promise.all([pro.page, lay.page].map((page) => page.getByTestId('writing-label').count()));
  await expect.poll(async () => (await seen()).sort(), { message: 'exactly one screen shows someone writing' }).toEqual([0, 1]);
  const [, laySees] = await seen();
  const [winner, loser] = laySees === 1 ? [pro.page, lay.page] : [lay.page, pro.page];
  const winnerName = winner === pro.page ? 'Demo Professional 1' : 'Demo Lay Partner 1';
  await expect(loser.getByTestId('writing-label')).toContainText(`${winnerName}`);
  await expect(loser.getByTestId('writing-label')).toContainText('is writing…');
  await expect(loser.getByTestId('writing-refusal')).toContainText(winnerName);
  for (const page of [winner, loser]) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  }

  // Both screens agree; the winner's words are whole; the loser's are whole or were never taken (and they were told).
  const sharedNotes = (page: Page) =>
    page
      // The text only: tldraw 5 adds an attribution line (who wrote it) to each note.
      .locator('.tl-shape[data-shape-type="note"] .tl-rich-text')
      .filter({ hasText: 'Shared:' })
      .allInnerTexts()
      .then((texts) => texts.map((text) => text.trim()).sort());
  await expect.poll(async () => JSON.stringify(await sharedNotes(winner)) === JSON.stringify(await sharedNotes(loser)), { message: 'both screens show the same notes' }).toBe(true);
  const notes = await sharedNotes(winner);
  expect(notes).toContain(words.get(winner));
  for (const text of notes) expect([words.get(winner), words.get(loser)], `"${text}" is one person's words, whole`).toContain(text);
  await Promise.all([pro.context.close(), lay.context.close()]);
});

test('a click on the words of a selected note starts writing in it; a click on its empty part does not (labels measured when first pointed at)', async ({ browser }) => {
  test.setTimeout(120_000);
  const lay = await person(browser, LAY_PARTNER);
  await lay.page.getByRole('link', { name: PAIR_BOARD }).first().click();
  await waitForCanvas(lay.page);
  const words = 'Ask what the letter should say first';
  await addStickyNote(lay.page, words, { x: 1700, y: 850 });
  const label = noteOnCanvas(lay.page, words);
  const textEditor = lay.page.getByTestId('rich-text-area').locator('[contenteditable="true"]');
  const note = lay.page.locator('.tl-shape[data-shape-type="note"]').filter({ hasText: words });
  const noteBox = await note.boundingBox();
  const wordsBox = await label.boundingBox();
  if (!noteBox || !wordsBox) throw new Error('The new note is not on screen');
  // The words sit in the middle of the note; its top edge has no words.
  expect(wordsBox.y).toBeGreaterThan(noteBox.y + 20);

  // Selected, then a click on the empty top of the note: still only selected.
  // Two places apart, so the browser does not take the two clicks for a double click.
  const top = noteBox.y + 8;
  await lay.page.mouse.click(noteBox.x + noteBox.width / 3, top);
  await expect(lay.page.getByTestId('note-responses')).toBeVisible();
  await lay.page.mouse.click(noteBox.x + (noteBox.width * 2) / 3, top);
  await expect(lay.page.getByTestId('note-responses')).toBeVisible();
  await expect(textEditor).toHaveCount(0);
  // A click on the words: writing starts there.
  await lay.page.mouse.click(wordsBox.x + wordsBox.width / 2, wordsBox.y + wordsBox.height / 2);
  await expect(textEditor).toBeFocused();
  // The caret is where the click was; the words go at the end.
  await lay.page.keyboard.press('ControlOrMeta+End');
  await lay.page.keyboard.type(' and last');
  await lay.page.keyboard.press('Escape');
  await expect(noteOnCanvas(lay.page, `${words} and last`)).toBeVisible();
  // The caret left behind by the closed text editor is dropped: kept, the browser looked for a
  // place for it through the whole board at every frame (a drag on a large board stuttered).
  await expect.poll(() => lay.page.evaluate(() => document.getSelection()?.rangeCount ?? 0), { message: 'no text selection left on the board' }).toBe(0);
  await expect(saveStatus(lay.page)).toHaveText(SAVED);
  await lay.context.close();
});

test('a participant who selects everything and duplicates it copies their own notes, never the locked template prompts', async ({ browser }) => {
  test.setTimeout(120_000);
  // A pair no other spec writes on: the duplicated areas stay on its board.
  const pro = await person(browser, 'professional.2.oxford@demo.together-board.local');
  const lay = await person(browser, 'lay-partner.2.oxford@demo.together-board.local');
  const href = await lay.page.getByRole('link', { name: 'Plain-English appointment reminders' }).first().getAttribute('href');
  expect(href).toMatch(/^\/boards\//);
  const boardId = decodeURIComponent((href as string).split('/')[2]);
  await Promise.all([pro.page.goto(href as string), lay.page.goto(href as string)]);
  await Promise.all([waitForCanvas(pro.page), waitForCanvas(lay.page)]);
  const PROMPT = 'What could we try?';
  const notesSaying = (page: Page, text: string) => page.locator('.tl-shape[data-shape-type="note"] .tl-rich-text').getByText(text, { exact: true });
  await expect(notesSaying(lay.page, PROMPT)).toHaveCount(1);
  await addStickyNote(lay.page, 'Text reminders in large print', { x: 1500, y: 1400 });
  await expect(saveStatus(lay.page)).toHaveText(SAVED);

  // Everything selected (tldraw leaves locked shapes out, but takes the frames, prompts and all) and duplicated.
  await lay.page.keyboard.press('ControlOrMeta+a');
  await lay.page.keyboard.press('ControlOrMeta+d');
  // Their own note is copied, on both screens...
  for (const page of [lay.page, pro.page]) await expect(notesSaying(page, 'Text reminders in large print')).toHaveCount(2);
  await expect(saveStatus(lay.page)).toHaveText(SAVED);
  // ...and the prompts are not, on either screen or on the server.
  for (const page of [lay.page, pro.page]) await expect(notesSaying(page, PROMPT)).toHaveCount(1);
  const csv = await (await lay.page.request.get(`/api/boards/${boardId}/notes?format=csv`)).text();
  expect(csv.split('Text reminders in large print').length - 1).toBe(2);
  expect(csv.split(PROMPT).length - 1).toBe(1);
});
