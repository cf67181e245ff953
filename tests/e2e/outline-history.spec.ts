import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { addStickyNote, boardCanvas, expectNoSeriousA11yIssues, noteOnCanvas, saveStatus, signIn, waitForCanvas } from './support/board';
import { test } from './support/test';

// Demo data (playwright.config.ts sets DEMO=1): the programme's facilitator, and High Wycombe's
// first lay partner with the pair board "Clearer discharge letters".
const FACILITATOR = 'facilitator@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const PAIR_BOARD = 'Clearer discharge letters';
// A lay partner of another cohort (Oxford): outside High Wycombe's cohort.
const OUTSIDER = 'lay-partner.1.oxford@demo.together-board.local';

/** The cohort of a board, read from the e2e server's SQLite file (read only). */
function cohortOfBoard(boardId: string): string {
  const db = new Database(path.join(process.env.E2E_DATA_DIR ?? path.resolve('data', 'e2e'), 'e2e.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT cohortId FROM Board WHERE id = ?').get(boardId) as { cohortId: string }).cohortId;
  } finally {
    db.close();
  }
}

async function person(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && console.log(`[${email}] ${message.text()}`));
  await signIn(page, email);
  return page;
}

/** Downloads the board as `button` ("PNG picture" or "SVG drawing") through the board's Export menu, like a person would. */
async function exportBoard(page: Page, button: 'PNG picture' | 'SVG drawing'): Promise<Buffer> {
  const menu = page.locator('details').filter({ has: page.locator('summary', { hasText: 'Export' }) });
  if (!(await menu.evaluate((details: HTMLDetailsElement) => details.open))) await menu.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const format = button === 'PNG picture' ? 'PNG' : 'SVG';
  await expect(page.getByText(`${format} ready: check your downloads.`)).toBeVisible();
  // Closed again, so its status line leaves the bar (the board's save status is the bar's other one).
  await menu.locator('summary').click();
  return fs.readFileSync(await download.path());
}

/** Where each note is drawn in an exported SVG (in the SVG's own units) and its fill colour, measured by a browser. */
interface SvgLayout {
  width: number;
  height: number;
  notes: { text: string; x: number; y: number; w: number; h: number; fill: [number, number, number] | null }[];
}

async function layoutOfSvg(page: Page, svg: string, texts: string[]): Promise<SvgLayout> {
  const viewer = await page.context().newPage();
  try {
    await viewer.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    return await viewer.evaluate((wanted) => {
      const root = document.querySelector('svg') as SVGSVGElement;
      const origin = root.getBoundingClientRect();
      const notes = wanted.map((text) => {
        const holder = [...root.querySelectorAll('foreignObject, text')].find((el) => el.textContent?.includes(text));
        // The note's own group: the nearest ancestor with the note's filled rectangle (the one without the shadow filter).
        let group: Element | null = holder?.parentElement ?? null;
        while (group && group !== root && !group.querySelector(':scope > rect[fill]:not([filter])')) group = group.parentElement;
        const rect = group && group !== root ? group.querySelector(':scope > rect[fill]:not([filter])') : null;
        if (!rect) return { text, x: 0, y: 0, w: 0, h: 0, fill: null };
        const box = rect.getBoundingClientRect();
        const rgb = /rgb\((\d+), (\d+), (\d+)\)/.exec(getComputedStyle(rect).fill);
        return {
          text,
          x: box.x - origin.x,
          y: box.y - origin.y,
          w: box.width,
          h: box.height,
          fill: rgb ? ([Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] as [number, number, number]) : null,
        };
      });
      return { width: origin.width, height: origin.height, notes };
    }, texts);
  } finally {
    await viewer.close();
  }
}

/** The share of pixels in a box of an RGBA image whose colour is within a few steps of `rgb`. */
function shareOfColour(image: { data: Buffer; width: number }, box: { x: number; y: number; w: number; h: number }, rgb: [number, number, number]): number {
  let matching = 0;
  let total = 0;
  for (let y = Math.round(box.y); y < Math.round(box.y + box.h); y += 1) {
    for (let x = Math.round(box.x); x < Math.round(box.x + box.w); x += 1) {
      const i = (y * image.width + x) * 4;
      total += 1;
      if (rgb.every((c, k) => Math.abs(image.data[i + k] - c) <= 8) && image.data[i + 3] > 240) matching += 1;
    }
  }
  return total === 0 ? 0 : matching / total;
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

  await test.step('a PNG export of the board is a valid image with the board’s notes drawn in it; the SVG has their text', async () => {
    const texts = ['Written on the canvas', 'Added in the outline'];
    const svg = (await exportBoard(lay, 'SVG drawing')).toString('utf8');
    expect(svg).toMatch(/^<svg[\s>]/);
    for (const text of texts) expect(svg).toContain(text);
    const layout = await layoutOfSvg(lay, svg, texts);

    const png = await exportBoard(lay, 'PNG picture');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    // The picture is the board's content (the same area as the SVG, which is cut to the content plus a margin) at twice the size.
    const scale = info.width / layout.width;
    expect(scale).toBeCloseTo(2, 1);
    expect(info.height / layout.height).toBeCloseTo(scale, 1);
    for (const note of layout.notes) {
      expect(note.fill, `the SVG draws “${note.text}” as a filled note`).not.toBeNull();
      expect(note.w).toBeGreaterThan(100);
      // Inside the note (away from its edges), the PNG has the note's colour, apart from the letters.
      const inner = { x: (note.x + note.w * 0.1) * scale, y: (note.y + note.h * 0.1) * scale, w: note.w * 0.8 * scale, h: note.h * 0.8 * scale };
      expect(inner.x + inner.w).toBeLessThanOrEqual(info.width);
      expect(inner.y + inner.h).toBeLessThanOrEqual(info.height);
      expect(shareOfColour({ data, width: info.width }, inner, note.fill as [number, number, number]), `“${note.text}” drawn in the PNG`).toBeGreaterThan(0.6);
    }
    // A control: over the whole picture that colour is the exception (not the background), so it was the notes that put it there.
    const whole = { x: 0, y: 0, w: info.width, h: info.height };
    for (const note of layout.notes) expect(shareOfColour({ data, width: info.width }, whole, note.fill as [number, number, number])).toBeLessThan(0.5);
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
    // The old version as a read-only canvas, clearly marked, with the note that was deleted since.
    await expect(facilitator.getByText(/^You are looking at the version of \d{1,2} \w+ \d{4} at \d{2}:\d{2}$/)).toBeVisible();
    await waitForCanvas(facilitator);
    await expect(noteOnCanvas(facilitator, 'Written on the canvas')).toBeAttached();
    // The same version as text, for people who cannot use the canvas.
    await facilitator.getByRole('button', { name: 'Show as text' }).click();
    await expect(boardCanvas(facilitator)).toHaveCount(0);
    await expect(facilitator.getByRole('main').getByText('Written on the canvas')).toBeVisible();
    await expectNoSeriousA11yIssues(facilitator, 'old version as text');
    await facilitator.getByRole('button', { name: 'Restore “Before voting”' }).click();
    await facilitator.getByRole('button', { name: 'Yes, restore it' }).click();
    await expect(facilitator.getByText('Restored.')).toBeVisible();
    await expect(noteOnCanvas(lay, 'Written on the canvas')).toBeVisible({ timeout: 5_000 });

    await facilitator.goto(`${boardUrl}/history`);
    await expect(facilitator.getByText('Before restoring “Before voting”', { exact: true })).toBeVisible();

    // A participant sees the saved versions too, and is told who can bring one back.
    await lay.goto(`${boardUrl}/history`);
    await expect(lay.getByText('Before voting', { exact: true })).toBeVisible();
    await expect(lay.getByText('Only a facilitator can look at an earlier version and bring it back: ask yours if something needs restoring.')).toBeVisible();
    await expect(lay.getByRole('link', { name: /^Look at / })).toHaveCount(0);
    await expectNoSeriousA11yIssues(lay, 'history for a participant');
  });

  await test.step('the evaluation CSV: counts only, small ones hidden; 403 for participants, 404 outside the cohort', async () => {
    const url = `/api/cohorts/${cohortOfBoard(new URL(boardUrl).pathname.split('/').at(-1) ?? '')}/evaluation.csv`;
    const response = await facilitator.request.get(url);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('section,scope,measure,role,value,note');
    for (const line of lines.slice(1)) {
      // Every figure is 0, 5 or more, or hidden with its reason: never a count of 1 to 4 people.
      expect(line).toMatch(/,(0|[5-9]|\d{2,}),$|,<5,"Hidden: [^"]+"$/);
      expect(line).not.toMatch(/Demo |@|Written on the canvas/);
    }
    expect(lines.some((line) => line.includes(',<5,'))).toBe(true);
    expect((await lay.request.get(url)).status()).toBe(403);
    const outsider = await person(browser, OUTSIDER);
    expect((await outsider.request.get(url)).status()).toBe(404);
    await outsider.context().close();
  });
});
