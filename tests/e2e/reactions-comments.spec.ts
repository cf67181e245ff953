import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { startAppProcess, type AppProcess } from '../helpers/app-process';
import { addStickyNote, expectNoSeriousA11yIssues, noteOnCanvas, saveStatus, signIn, tabTo, waitForCanvas } from './support/board';
import { test } from './support/test';

// Demo people (DEMO=1): High Wycombe's first pair share the board "Clearer discharge letters";
// the cohort's second professional may only look at it; the demo facilitator runs every cohort.
const FACILITATOR = 'facilitator@demo.together-board.local';
const PROFESSIONAL = 'professional.1.high-wycombe@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const VIEWER = 'professional.2.high-wycombe@demo.together-board.local';
const PAIR_BOARD = 'Clearer discharge letters';
const NOTE = 'Ask families what they need';
const SAVED = 'All changes saved';

test.use({ actionTimeout: 30_000 });

/**
 * This spec runs its own server (the built app, like the suite's, on a SQLite file of its own),
 * because it stops and starts it again halfway: the suite's server must stay up for the others.
 */
async function ownServer(dataDir: string, port?: number): Promise<AppProcess> {
  return startAppProcess({ databaseUrl: `file:${path.join(dataDir, 'app.db')}`, dataDir, port, env: { DEMO: '1', SIGN_IN_EMAILS_PER_15_MIN: '100' } });
}

/** When a person was last on a board, as the server recorded it (read from its SQLite file). */
function lastOnBoard(dataDir: string, email: string, boardId: string): number | null {
  const db = new Database(path.join(dataDir, 'app.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare('SELECT v.lastAt AS lastAt FROM BoardVisit v JOIN User u ON u.id = v.userId WHERE u.email = ? AND v.boardId = ?')
      .get(email, boardId) as { lastAt: number | string } | undefined;
    return row ? new Date(row.lastAt).getTime() : null;
  } finally {
    db.close();
  }
}

/** The panel beside the selected note. */
const panel = (page: Page) => page.getByRole('complementary', { name: `Responses to the note “${NOTE}”` });
/** The note's counts on the canvas. */
const badges = (page: Page) => page.getByTestId('response-badges');

/**
 * Selects the note on the canvas with the mouse, as a person would, and waits for its panel.
 * Not when it is selected already: a click on a selected note starts writing in it.
 */
async function selectNote(page: Page): Promise<void> {
  if (!(await panel(page).isVisible())) await noteOnCanvas(page, NOTE).click();
  await expect(panel(page)).toBeVisible();
}

test('reactions and comments: live for three people, refused to a viewer and on a locked board, kept through a restart, and in the outline by keyboard', async ({ browser }) => {
  test.setTimeout(360_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-responses-'));
  let app = await ownServer(dataDir);
  const contexts: BrowserContext[] = [];
  const person = async (who: Browser, email: string): Promise<Page> => {
    const context = await who.newContext({ baseURL: app.origin, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    // Failed requests while the server restarts are expected; anything else is worth seeing.
    page.on('console', (message) => message.type() === 'error' && !message.text().includes('net::ERR_') && console.log(`[${email}] ${message.text()}`));
    await signIn(page, email, [path.join(dataDir, 'outbox')]);
    return page;
  };
  try {
    const lay = await person(browser, LAY_PARTNER);
    const pro = await person(browser, PROFESSIONAL);
    const fac = await person(browser, FACILITATOR);
    const href = await lay.getByRole('link', { name: PAIR_BOARD }).first().getAttribute('href');
    await lay.goto(href ?? '/');
    await expect(lay).toHaveURL(/\/boards\/[^/]+$/);
    const boardUrl = lay.url();
    const boardId = decodeURIComponent(new URL(boardUrl).pathname.split('/')[2]);
    await pro.goto(boardUrl);
    await fac.goto(boardUrl);
    await Promise.all([waitForCanvas(lay), waitForCanvas(pro), waitForCanvas(fac)]);
    for (const page of [lay, pro, fac]) await expect(saveStatus(page)).toHaveText(SAVED, { timeout: 60_000 });
    await addStickyNote(lay, NOTE, { x: 300, y: 350 });
    await expect(noteOnCanvas(pro, NOTE)).toBeVisible();
    await expect(noteOnCanvas(fac, NOTE)).toBeVisible();

    await test.step('a reaction and a comment appear on the others’ screens live, with names for the cohort', async () => {
      await selectNote(pro);
      const agree = panel(pro).getByRole('button', { name: /Agree/ });
      await expect(agree).toHaveAttribute('aria-pressed', 'false');
      await agree.click();
      await expect(agree).toHaveAttribute('aria-pressed', 'true');
      for (const page of [lay, fac]) {
        const count = badges(page).locator('[data-reaction="agree"]');
        await expect(count).toContainText('1');
        await expect(count).toHaveAttribute('title', 'Agree: Demo Professional 1 (High Wycombe) (professional)');
      }

      await selectNote(fac);
      await panel(fac).getByLabel('Add a comment').fill('Could we try it with the patient group?');
      await panel(fac).getByRole('button', { name: 'Add comment' }).click();
      await expect(panel(fac).getByTestId('comment')).toHaveText(/Could we try it with the patient group\?/);
      await expect(panel(pro).getByTestId('comment')).toContainText('Demo Facilitator (facilitator)');
      await expect(badges(lay).locator('[data-comments]')).toHaveAttribute('data-comments', '1');
      // Lee wrote the note: the comment is read out to them.
      await expect(lay.getByTestId('responses-announcement')).toHaveText(/^New comment from Demo Facilitator \(facilitator\) on the note “Ask families what they need”/);
    });

    await test.step('the keyboard reaches the panel with Shift+C, and Escape goes back to the board', async () => {
      await selectNote(lay);
      await lay.keyboard.press('Shift+C');
      await expect(panel(lay)).toBeFocused();
      const love = panel(lay).getByRole('button', { name: /Love it/ });
      await tabTo(lay, love);
      await lay.keyboard.press('Space');
      await expect(love).toHaveAttribute('aria-pressed', 'true');
      await expect(lay.getByTestId('responses-announcement')).toHaveText('You reacted “Love it”.');
      await expect(badges(pro).locator('[data-reaction="love"]')).toContainText('1');
      // Delete pressed in the panel is not tldraw's: the note stays.
      await lay.keyboard.press('Delete');
      await lay.keyboard.press('Escape');
      await expect(lay.locator('.tl-container')).toBeFocused();
      await expect(noteOnCanvas(lay, NOTE)).toBeVisible();
      await expect(noteOnCanvas(pro, NOTE)).toBeVisible();
      await expectNoSeriousA11yIssues(lay, 'board with the responses panel open');
    });

    await test.step('a person who may only look cannot react or comment', async () => {
      const viewer = await person(browser, VIEWER);
      await viewer.goto(boardUrl);
      await waitForCanvas(viewer);
      await selectNote(viewer);
      await expect(panel(viewer).getByRole('button', { name: /Agree/ })).toBeDisabled();
      await expect(panel(viewer).getByLabel('Add a comment')).toHaveCount(0);
      await expect(panel(viewer).getByText('You can read the responses, but you cannot react or comment on this board now.')).toBeVisible();
      await expect(panel(viewer).getByTestId('comment')).toContainText('Could we try it with the patient group?');
      // Their counts on the canvas are not buttons either.
      await expect(badges(viewer).getByRole('button')).toHaveCount(1);
      await expect(badges(viewer).locator('[data-reaction]')).toHaveCount(2);
      await viewer.context().close();
    });

    await test.step('on a locked board a participant cannot react or comment; the facilitator can', async () => {
      const controls = fac.getByRole('complementary', { name: 'Facilitator controls' });
      await controls.getByRole('button', { name: 'Lock board' }).click();
      await expect(lay.getByText('The facilitator has locked this board for now.', { exact: false })).toBeVisible();
      await selectNote(lay);
      await expect(panel(lay).getByRole('button', { name: /Celebrate/ })).toBeDisabled();
      await expect(panel(lay).getByLabel('Add a comment')).toHaveCount(0);
      await selectNote(fac);
      await panel(fac).getByRole('button', { name: /Celebrate/ }).click();
      await expect(badges(lay).locator('[data-reaction="celebrate"]')).toContainText('1');
      await controls.getByRole('button', { name: 'Lock board' }).click();
      await expect(lay.getByText('The facilitator has locked this board for now.', { exact: false })).toHaveCount(0);
    });

    await test.step('a comment written while the professional is away is new to them when they come back after a restart', async () => {
      const leftAt = Date.now();
      await pro.goto('/');
      await expect.poll(() => lastOnBoard(dataDir, PROFESSIONAL, boardId) ?? 0, { message: 'the server noted the professional left' }).toBeGreaterThanOrEqual(leftAt);
      await selectNote(lay);
      await panel(lay).getByLabel('Add a comment').fill('Shall we bring it to the next workshop?');
      await panel(lay).getByRole('button', { name: 'Add comment' }).click();
      await expect(panel(fac).getByTestId('comment')).toHaveCount(2);
      await expect(saveStatus(lay)).toHaveText(SAVED);

      // The server stops (saving every board) and starts again on the same address.
      await app.stop();
      app = await ownServer(dataDir, app.port);
      await pro.goto(boardUrl);
      await waitForCanvas(pro);
      await expect(badges(pro).locator('[data-comments]')).toContainText('New');
      await selectNote(pro);
      const comments = panel(pro).getByTestId('comment');
      await expect(comments).toHaveCount(2);
      await expect(comments.nth(0)).not.toContainText('New');
      await expect(comments.nth(1)).toContainText('Shall we bring it to the next workshop?');
      await expect(comments.nth(1)).toContainText('New');
      await expect(panel(pro).getByRole('button', { name: /Agree/ })).toHaveAttribute('aria-pressed', 'true');
      await expect(panel(pro).getByRole('list', { name: 'Who reacted' }).getByRole('listitem')).toHaveText([
        'Agree: You',
        'Love it: Demo Lay Partner 1 (High Wycombe) (lay partner)',
        'Celebrate: Demo Facilitator (facilitator)',
      ]);
      await expectNoSeriousA11yIssues(pro, 'board after the restart, new comment marked');
      // The others' pages come back too.
      await fac.goto(boardUrl);
      await waitForCanvas(fac);
      await expect(badges(fac).locator('[data-comments]')).toHaveAttribute('data-comments', '2');
    });

    await test.step('the text outline shows the comments and adds one by keyboard, live on the canvas', async () => {
      await lay.goto(`${boardUrl}/outline`);
      const note = lay.getByRole('listitem').filter({ hasText: NOTE }).first();
      const summary = note.locator('summary');
      await expect(summary).toHaveText('Reactions and comments: 3 reactions, 2 comments');
      await tabTo(lay, summary, 100);
      await lay.keyboard.press('Enter');
      await expect(note.getByTestId('comment')).toHaveCount(2);
      await expect(note.getByTestId('comment').first()).toContainText('Could we try it with the patient group?');
      const field = note.getByLabel('Add a comment');
      await tabTo(lay, field, 30);
      await lay.keyboard.type('Added from the outline');
      await lay.keyboard.press('Tab');
      await expect(note.getByRole('button', { name: 'Add comment' })).toBeFocused();
      await lay.keyboard.press('Enter');
      await expect(lay.getByText('Your comment was added.')).toBeAttached();
      await expect(note.getByTestId('comment')).toHaveCount(3);
      await expect(badges(fac).locator('[data-comments]')).toHaveAttribute('data-comments', '3');
      await expectNoSeriousA11yIssues(lay, 'outline with a note’s comments open');
    });
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
