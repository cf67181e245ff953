import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { boardCanvas, expectNoSeriousA11yIssues, noteOnCanvas, saveStatus, signIn, waitForCanvas } from './support/board';
import { test } from './support/test';

// Demo graduates of two cohorts of "Leading Together 2016" (playwright.config.ts sets DEMO=1)
// and the programme's facilitator.
const HIGH_WYCOMBE_PRO = 'professional.1.high-wycombe@demo.together-board.local';
const OXFORD_LAY = 'lay-partner.1.oxford@demo.together-board.local';
const FACILITATOR = 'facilitator@demo.together-board.local';
const EDITION = 'Celebration, November 2016';
const SAVED = 'All changes saved';

interface Person {
  context: BrowserContext;
  page: Page;
}

async function person(browser: Browser, email: string): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && console.log(`[${email}] ${message.text()}`));
  await signIn(page, email);
  return { context, page };
}

/** Opens the programme's live mural from the gallery. */
async function openMural(page: Page): Promise<void> {
  await page.goto('/gallery');
  const href = await page.getByRole('link', { name: 'Open the live mural' }).getAttribute('href');
  expect(href).toMatch(/^\/boards\//);
  await page.goto(href as string);
  await waitForCanvas(page);
}

/** Whether all of an element is inside the window, left to right. */
async function wholeWidthOnScreen(page: Page, element: Locator): Promise<boolean> {
  const box = await element.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return !!box && box.x >= 0 && box.x + box.width <= width;
}

/** Opens a board bar menu ("Add a tile", "Export") and checks its panel is wholly on screen. */
async function openMenu(page: Page, name: string): Promise<void> {
  const menu = page.locator('details', { has: page.locator('summary', { hasText: name }) });
  await menu.locator('summary').click();
  const panel = menu.locator(':scope > :not(summary)');
  await expect(panel).toBeVisible();
  await expect.poll(() => wholeWidthOnScreen(page, panel), { message: `the "${name}" panel is on screen` }).toBe(true);
}

/** Adds a tile through the "Add a tile" form, as a person would. */
async function addTile(page: Page, kind: 'quote' | 'learned' | 'photo', text: string, photo?: { file: string; alt: string }): Promise<void> {
  await openMenu(page, 'Add a tile');
  await page.getByLabel('What is it?').selectOption(kind);
  if (photo) {
    await page.getByLabel(/^Photo/).setInputFiles(photo.file);
    await page.getByLabel('Describe the photo').fill(photo.alt);
  }
  await page.getByLabel(kind === 'photo' ? 'Caption (optional)' : 'Your words').fill(text);
  await page.getByRole('button', { name: 'Add tile' }).click();
  await expect(page.getByText('Your tile is on the mural.')).toBeVisible();
}

/** The e2e server's SQLite file (read only, to compare an edition's stored bytes). */
function databaseFile(): string {
  return path.join(process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e'), 'e2e.db');
}

function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The stored snapshot bytes of an edition, hashed. */
function editionSnapshotHash(editionId: string): string {
  const db = new Database(databaseFile(), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT snapshot FROM MuralEdition WHERE id = ?').get(editionId) as { snapshot: Buffer } | undefined;
    if (!row) throw new Error(`No edition ${editionId}`);
    return sha256(row.snapshot);
  } finally {
    db.close();
  }
}

/** Width and height from a PNG's IHDR chunk, after checking its signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Whether the middle of an element is inside the canvas's view now (tldraw hides shapes out of view). */
async function inView(page: Page, element: Locator): Promise<boolean> {
  const [box, canvas] = await Promise.all([element.first().boundingBox(), boardCanvas(page).boundingBox()]);
  if (!box || !canvas) return false;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  return x >= canvas.x && x <= canvas.x + canvas.width && y >= canvas.y && y <= canvas.y + canvas.height;
}


test('graduates of two cohorts build the mural; an edition stays frozen; a share link works signed out until revoked', async ({ browser }, testInfo) => {
  test.setTimeout(300_000);
  const wycombe = await person(browser, HIGH_WYCOMBE_PRO);
  const oxford = await person(browser, OXFORD_LAY);

  // Two cohorts, one mural: each adds a tile and sees the other's.
  await openMural(wycombe.page);
  await openMural(oxford.page);
  await addTile(wycombe.page, 'quote', 'Just being in the room changes the conversation');
  await addTile(oxford.page, 'learned', 'Never underestimate the power of a group');
  // Each tile reaches the other screen (it may lie outside that view, where tldraw hides it).
  await expect(noteOnCanvas(oxford.page, 'Just being in the room changes the conversation')).toHaveCount(1);
  await expect(noteOnCanvas(wycombe.page, 'Never underestimate the power of a group')).toHaveCount(1);

  // A photo tile: uploaded to the server, so the canvas shows it from /api/assets/, never inline.
  const photoFile = testInfo.outputPath('our-project.jpg');
  fs.writeFileSync(photoFile, await sharp({ create: { width: 120, height: 90, channels: 3, background: '#2a7' } }).jpeg().withExif({ IFD0: { Copyright: 'Home address' } }).toBuffer());
  await addTile(oxford.page, 'photo', 'Our project team', { file: photoFile, alt: 'Our pair at the Oxford workshop' });
  // Tiles go into the next free place of the mural, which may be outside the other person's view
  // (tldraw draws no pictures there): the one who added it is shown it.
  await expect(oxford.page.locator('.tl-shape img[src*="/api/assets/"]')).toHaveCount(1);
  await expect(wycombe.page.locator('.tl-shape[data-shape-type="image"]')).toHaveCount(1);
  await expect(saveStatus(oxford.page)).toHaveText(SAVED);
  await expect(saveStatus(wycombe.page)).toHaveText(SAVED);

  // A PNG export of a board is a real picture.
  await openMenu(wycombe.page, 'Export');
  const [download] = await Promise.all([wycombe.page.waitForEvent('download'), wycombe.page.getByRole('button', { name: 'PNG picture' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);
  const exported = fs.readFileSync(await download.path());
  const exportedSize = pngSize(exported);
  expect(exportedSize.width).toBeGreaterThan(200);
  expect(exportedSize.height).toBeGreaterThan(100);
  await expect(wycombe.page.getByText('PNG ready: check your downloads.')).toBeVisible();
  await wycombe.page.locator('summary', { hasText: 'Export' }).click();

  // The facilitator publishes an edition.
  const facilitator = await person(browser, FACILITATOR);
  await openMural(facilitator.page);
  await facilitator.page.locator('summary', { hasText: 'Export and publish' }).click();
  await facilitator.page.getByLabel('Edition name').fill(EDITION);
  await facilitator.page.getByRole('button', { name: 'Publish edition' }).click();
  await expect(facilitator.page.getByText(`Published "${EDITION}".`)).toBeVisible({ timeout: 60_000 });
  await facilitator.page.getByRole('link', { name: `Open “${EDITION}” in the gallery` }).click();
  await expect(facilitator.page.getByRole('heading', { level: 1, name: EDITION })).toBeVisible();
  const editionId = /\/gallery\/editions\/([^/?#]+)/.exec(facilitator.page.url())?.[1] ?? '';
  expect(editionId).not.toBe('');

  const imageUrl = `/api/editions/${editionId}/image`;
  const imageBefore = await (await facilitator.page.request.get(imageUrl)).body();
  expect(pngSize(imageBefore).width).toBeGreaterThan(1000);
  const snapshotBefore = editionSnapshotHash(editionId);

  // A later edit to the live mural leaves the edition's snapshot and picture unchanged.
  await addTile(wycombe.page, 'quote', 'Added after the edition');
  await expect(saveStatus(wycombe.page)).toHaveText(SAVED);
  // It reaches the other screen (tldraw hides a tile outside the view: count, not visibility).
  await expect(noteOnCanvas(oxford.page, 'Added after the edition')).toHaveCount(1);
  expect(editionSnapshotHash(editionId)).toBe(snapshotBefore);
  expect(sha256(await (await oxford.page.request.get(imageUrl)).body())).toBe(sha256(imageBefore));

  // Graduates browse it: the gallery lists it, the frozen canvas finds my tile and lacks the later edit.
  await oxford.page.goto('/gallery');
  await expect(oxford.page.getByRole('link', { name: EDITION })).toBeVisible();
  await expectNoSeriousA11yIssues(oxford.page);
  await oxford.page.getByRole('link', { name: EDITION }).click();
  await expect(oxford.page.getByRole('img', { name: /The mural as published/ })).toBeVisible();
  await expectNoSeriousA11yIssues(oxford.page);
  await oxford.page.getByRole('button', { name: 'Explore and find my tile' }).click();
  await waitForCanvas(oxford.page);
  await expect(noteOnCanvas(oxford.page, 'Added after the edition')).toHaveCount(0);
  // "Find my tile" goes to each of the person's two tiles in turn (the order they added them) and says so.
  const findMyTile = oxford.page.getByRole('button', { name: 'Find my tile' });
  const said = oxford.page.getByRole('status').filter({ hasText: /tile/ });
  await findMyTile.click();
  await expect(said).toHaveText(/^Showing your tile 1 of 2: What I learned from .+\. Press “Find my tile” again for the next one\.$/);
  await expect.poll(() => inView(oxford.page, noteOnCanvas(oxford.page, 'Never underestimate the power of a group'))).toBe(true);
  await findMyTile.click();
  await expect(said).toHaveText(/^Showing your tile 2 of 2: A photo from .+/);
  await expect.poll(() => inView(oxford.page, oxford.page.locator('.tl-shape img[src*="/api/assets/"]'))).toBe(true);
  await findMyTile.click();
  await expect(said).toHaveText(/^Showing your tile 1 of 2: /);
  // Someone with no tile is told so plainly.
  await facilitator.page.getByRole('button', { name: 'Explore and find my tile' }).click();
  await waitForCanvas(facilitator.page);
  await facilitator.page.getByRole('button', { name: 'Find my tile' }).click();
  await expect(facilitator.page.getByRole('status').filter({ hasText: /tile/ })).toHaveText('You have no tiles in this edition.');

  // The facilitator shares it; signed out, the link shows the edition.
  await facilitator.page.getByRole('button', { name: 'Create a share link' }).click();
  const shareUrl = await facilitator.page.getByLabel('New share link').inputValue();
  expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  const shown = await visitorPage.goto(shareUrl);
  expect(shown?.status()).toBe(200);
  await expect(visitorPage.getByRole('heading', { level: 1, name: EDITION })).toBeVisible();
  // The mural's title already names the programme: it is not said twice.
  await expect(visitorPage.getByText('Leading Together 2016: celebration mural, published', { exact: false })).toBeVisible();
  const picture = visitorPage.getByRole('img', { name: /celebration mural as published/ });
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(1000);
  await expectNoSeriousA11yIssues(visitorPage);
  // Signed out, the programme's own addresses stay closed.
  expect((await visitorPage.request.get(imageUrl)).status()).toBe(401);

  // Revoked: the page and its picture stop working at once.
  await facilitator.page.getByRole('button', { name: 'Turn off this link' }).click();
  await expect(facilitator.page.getByText('That link no longer works.')).toBeVisible();
  expect((await visitorPage.goto(shareUrl))?.status()).toBe(404);
  // The signed-out visitor is told the link was switched off, not that it "may be for a cohort".
  await expect(visitorPage.getByRole('heading', { level: 1, name: 'This link no longer works' })).toBeVisible();
  await expect(visitorPage.getByText('has switched the link off', { exact: false })).toBeVisible();
  expect((await visitorPage.request.get(`${shareUrl}/image`)).status()).toBe(404);

  await Promise.all([wycombe.context.close(), oxford.context.close(), facilitator.context.close(), visitor.close()]);
});

test('the upload route refuses a non-image renamed .png, an oversize file and a path-traversal name with a clear message', async ({ browser }) => {
  const graduate = await person(browser, OXFORD_LAY);
  await graduate.page.goto('/gallery');
  const mural = await graduate.page.getByRole('link', { name: 'Open the live mural' }).getAttribute('href');
  const uploadUrl = `/api${mural}/assets`;
  const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } }).png().toBuffer();
  const upload = async (name: string, buffer: Buffer) => {
    const response = await graduate.page.request.post(uploadUrl, { multipart: { file: { name, mimeType: 'image/png', buffer } } });
    return { status: response.status(), error: ((await response.json()) as { error?: string }).error ?? '' };
  };

  expect(await upload('notes.png', Buffer.from('this is a text file, not a picture'))).toEqual({
    status: 422,
    error: 'That file is not a picture we can use. Please choose a PNG, JPEG, WebP or GIF image.',
  });
  const oversize = await upload('huge.png', Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]));
  expect(oversize.status).toBe(413);
  expect(oversize.error).toMatch(/the limit is 10 MB/);
  const traversal = await upload('../../together-board.db', png);
  expect(traversal.status).toBe(422);
  expect(traversal.error).toMatch(/file name is not allowed/);

  const stored = await upload('tile.png', png);
  expect(stored.status).toBe(201);
  const signedOut = await browser.newContext();
  expect((await signedOut.request.post(uploadUrl, { multipart: { file: { name: 'a.png', mimeType: 'image/png', buffer: png } } })).status()).toBe(401);
  await Promise.all([graduate.context.close(), signedOut.close()]);
});

test('a file that is not a picture, renamed .png, is refused on the board and in "Add a tile", in words that say so and which kinds work', async ({ browser }) => {
  const graduate = await person(browser, OXFORD_LAY);
  const { page } = graduate;
  await openMural(page);
  const notAPicture = { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is a text file, not a picture') };
  const message = 'That file is not a picture we can use. Please choose a PNG, JPEG, WebP or GIF image.';
  const pictures = page.locator('.tl-shape[data-shape-type="image"]');
  const picturesBefore = await pictures.count();

  // As a tile's photo.
  await openMenu(page, 'Add a tile');
  await page.getByLabel('What is it?').selectOption('photo');
  await page.getByLabel(/^Photo/).setInputFiles(notAPicture);
  await page.getByLabel('Describe the photo').fill('Our notes');
  await page.getByRole('button', { name: 'Add tile' }).click();
  const menu = page.locator('details', { has: page.locator('summary', { hasText: 'Add a tile' }) });
  await expect(menu.getByRole('alert')).toHaveText(message);
  await menu.locator('summary').click();

  // Dropped straight onto the board.
  const dropped = await page.evaluateHandle(({ name, mimeType, text }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, { type: mimeType }));
    return transfer;
  }, { name: notAPicture.name, mimeType: notAPicture.mimeType, text: notAPicture.buffer.toString() });
  await boardCanvas(page).dispatchEvent('drop', { dataTransfer: dropped });
  const toast = page.locator('.tlui-toast__container');
  await expect(toast.locator('.tlui-toast__title')).toHaveText('“notes.png” is not a picture');
  await expect(toast.locator('.tlui-toast__description')).toHaveText(message);
  await expect(page.getByText('Upload failed')).toHaveCount(0);
  await expectNoSeriousA11yIssues(page);
  expect(await pictures.count()).toBe(picturesBefore);
});

test('the "Add a tile" panel stays on screen after an error and when reopened', async ({ browser }) => {
  const graduate = await person(browser, HIGH_WYCOMBE_PRO);
  const { page } = graduate;
  await openMural(page);
  // An error (no words yet) keeps the whole panel, and its message, on screen.
  await openMenu(page, 'Add a tile');
  await page.getByLabel('What is it?').selectOption('quote');
  await page.getByRole('button', { name: 'Add tile' }).click();
  await expect(page.getByText('Write something for your tile.')).toBeVisible();
  const menu = page.locator('details', { has: page.locator('summary', { hasText: 'Add a tile' }) });
  const panel = menu.locator(':scope > :not(summary)');
  await expect.poll(() => wholeWidthOnScreen(page, panel), { message: 'the panel is on screen after an error' }).toBe(true);
  // Closed and opened again (openMenu checks it is on screen), after a tile was added too.
  await menu.locator('summary').click();
  await expect(panel).toBeHidden();
  await addTile(page, 'quote', 'A tile before reopening the panel');
  await openMenu(page, 'Add a tile');
  await graduate.context.close();
});

/** Where each tile frame (named "… from …") is on the board: its page rectangle, read from tldraw's shape transform. */
async function tileRects(page: Page): Promise<{ name: string; x: number; y: number; w: number; h: number }[]> {
  return boardCanvas(page)
    .locator('.tl-shape[data-shape-type="frame"]')
    .evaluateAll((frames) =>
      frames.flatMap((frame) => {
        const el = frame as HTMLElement;
        const name = el.textContent ?? '';
        if (!/ from /.test(name)) return [];
        const m = new DOMMatrix(getComputedStyle(el).transform);
        return [{ name, x: m.e, y: m.f, w: el.offsetWidth, h: el.offsetHeight }];
      }),
    );
}

test('tiles go into the next free places of the mural, never on top of each other', async ({ browser }) => {
  test.slow();
  const graduate = await person(browser, HIGH_WYCOMBE_PRO);
  const { page } = graduate;
  await openMural(page);

  const before = (await tileRects(page)).length;
  for (const words of ['A first tile for the layout', 'A second tile for the layout', 'A third tile for the layout']) await addTile(page, 'quote', words);
  await expect.poll(async () => (await tileRects(page)).length).toBe(before + 3);
  const tiles = await tileRects(page);
  for (const [i, a] of tiles.entries()) {
    for (const b of tiles.slice(i + 1)) {
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      expect(overlap, `"${a.name}" and "${b.name}" overlap`).toBe(false);
    }
  }
  await graduate.context.close();
});
