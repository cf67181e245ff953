import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { addStickyNote, boardCanvas, clickBoardAt, expectNoSeriousA11yIssues, noteOnCanvas, signIn, tabTo, waitForCanvas } from './support/board';
import { test } from './support/test';

// Demo people (playwright.config.ts sets DEMO=1): the demo facilitator runs every cohort;
// High Wycombe's first professional and lay partner are two participants of its workshop 1.
const FACILITATOR = 'facilitator@demo.together-board.local';
const PROFESSIONAL = 'professional.1.high-wycombe@demo.together-board.local';
const LAY_PARTNER = 'lay-partner.1.high-wycombe@demo.together-board.local';
const WORKSHOP_BOARD = 'High Wycombe: workshop 1';

const VIEWPORT = { width: 1280, height: 800 };
/** How far apart two views may be and still count as "the same view", in board units. */
const SAME_VIEW = 40;

async function newPage(browser: Browser, who: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, ...options });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && console.log(`[${who}] ${message.text()}`));
  return page;
}

async function signedIn(browser: Browser, email: string, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await newPage(browser, email, options);
  await signIn(page, email);
  return page;
}

/** The workshop board's address, read from a participant's home page (a facilitator's lists programmes, not boards). */
async function workshopBoardPath(browser: Browser): Promise<string> {
  const pro = await signedIn(browser, PROFESSIONAL);
  const href = await pro.getByRole('link', { name: WORKSHOP_BOARD }).first().getAttribute('href');
  await pro.context().close();
  return href as string;
}

/** When this screen thinks the timer ends, in this machine's clock (all browsers share it). */
async function shownEnd(page: Page): Promise<number> {
  return page.getByTestId('timer').evaluate((el) => Number((el as HTMLElement).dataset.remainingMs) + Date.now());
}

/** The centre of what this screen shows of the board, in board coordinates, read from tldraw's camera transform. */
async function viewCentre(page: Page): Promise<{ x: number; y: number }> {
  return boardCanvas(page).evaluate((canvas) => {
    const layer = canvas.querySelector('.tl-html-layer.tl-shapes') as HTMLElement;
    const match = /scale\(([-\d.e]+)\)\s*translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)/.exec(layer.style.transform);
    if (!match) throw new Error(`No camera in ${layer.style.transform}`);
    const [z, x, y] = match.slice(1).map(Number);
    const box = canvas.getBoundingClientRect();
    return { x: box.width / 2 / z - x, y: box.height / 2 / z - y };
  });
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/** Waits until `follower` shows the same part of the board as `leader`. */
async function expectSameView(follower: Page, leader: Page, message: string): Promise<void> {
  await expect.poll(async () => distance(await viewCentre(follower), await viewCentre(leader)), { message, timeout: 15_000 }).toBeLessThan(SAME_VIEW);
}

/** Moves this person's view of the board with the mouse wheel, as a person scrolling around would. */
async function moveView(page: Page, dx: number, dy: number): Promise<void> {
  const box = await boardCanvas(page).boundingBox();
  if (!box) throw new Error('The canvas is not on screen');
  const before = await viewCentre(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(dx, dy);
  await expect.poll(async () => distance(await viewCentre(page), before), { message: 'the view moved' }).toBeGreaterThan(50);
}

/** A note's tldraw id, found by its text on this screen. */
async function noteId(page: Page, text: string): Promise<string> {
  const id = await page.locator('.tl-shape[data-shape-type="note"]').filter({ hasText: text }).first().getAttribute('data-shape-id');
  if (!id) throw new Error(`No note "${text}"`);
  return id;
}


test('facilitation: projector by display link, timer, summon, votes, lock, celebrate, keyboard and axe across four screens', async ({ browser }) => {
  test.setTimeout(240_000);
  const pro = await signedIn(browser, PROFESSIONAL);
  // The lay partner's laptop asks for reduced motion: celebrations come without confetti.
  const lay = await signedIn(browser, LAY_PARTNER, { reducedMotion: 'reduce' });
  const fac = await signedIn(browser, FACILITATOR);

  const boardPath = await pro.getByRole('link', { name: WORKSHOP_BOARD }).first().getAttribute('href');
  expect(boardPath).toMatch(/^\/boards\//);
  const boardId = decodeURIComponent((boardPath as string).split('/')[2]);
  await pro.goto(boardPath as string);
  const boardUrl = pro.url();
  await lay.goto(boardUrl);
  await fac.goto(boardUrl);
  await Promise.all([waitForCanvas(pro), waitForCanvas(lay), waitForCanvas(fac)]);
  const controls = fac.getByRole('complementary', { name: 'Facilitator controls' });
  await expect(controls).toBeVisible();
  // Participants get no controls.
  await expect(pro.getByRole('complementary', { name: 'Facilitator controls' })).toHaveCount(0);
  await expect(lay.getByRole('complementary', { name: 'Facilitator controls' })).toHaveCount(0);

  const projector = await newPage(browser, 'projector');
  await test.step('the projector opens through a display link, signed out, and shows the live board read-only with no presence of its own', async () => {
    await controls.getByRole('button', { name: 'Make a display link' }).click();
    const link = await controls.getByLabel('Display link', { exact: true }).inputValue();
    expect(link).toContain('/present?display=');
    await projector.goto(link);
    await expect(projector.getByRole('heading', { name: 'Join this board' })).toBeVisible();
    await expect(projector.getByRole('img', { name: /QR code/ })).toBeVisible();
    await waitForCanvas(projector);
    // Nobody sees the projector among the people on the board.
    await expect(pro.getByRole('heading', { name: 'Who is here (3)' })).toBeVisible();
    await expect(pro.getByRole('banner').getByText('Projector')).toHaveCount(0);
    // By default it follows the facilitator who made the link.
    await expect(projector.getByTestId('projector-showing')).toHaveText(/Following .*’s view\./);
    await moveView(fac, 600, 350);
    await expectSameView(projector, fac, 'the projector follows the facilitator');
    // A venue's laptop keeps no copy of the board (no IndexedDB database of ours).
    expect(await projector.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('together-board:')))).toEqual([]);
  });
  const everyone = [fac, pro, lay, projector];

  await test.step('every facilitator control is reachable with Tab, and the timer starts by keyboard alone', async () => {
    const toggle = controls.getByRole('button', { name: 'Hide facilitator controls' });
    // From the first thing on the page, as a keyboard user starts, through tldraw's own controls to the panel.
    await fac.getByRole('link', { name: 'Skip to the board' }).focus();
    await tabTo(fac, toggle, 60);
    const reached = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await fac.keyboard.press('Tab');
      const inPanel = await controls.evaluate((panel) => panel.contains(document.activeElement));
      if (!inPanel) break;
      reached.add(await fac.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.textContent ?? '';
      }));
    }
    const everyControl = await controls.locator('#facilitator-controls').locator('button, input, select, a[href], textarea').evaluateAll((els) =>
      els
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => el.getAttribute('aria-label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.textContent ?? ''),
    );
    expect(everyControl.length).toBeGreaterThan(10);
    expect([...reached].sort()).toEqual([...new Set(everyControl)].sort());

    const minutes = controls.getByLabel('Minutes');
    await toggle.focus();
    await tabTo(fac, minutes);
    await fac.keyboard.press('ControlOrMeta+a');
    await fac.keyboard.type('5');
    await fac.keyboard.press('Enter');
    await expect(controls.getByTestId('facilitator-feedback')).toHaveText('The timer has started.');
  });

  await test.step('the timer shows the same remaining time on all four screens, within half a second', async () => {
    for (const page of everyone) await expect(page.getByTestId('timer')).toHaveAttribute('data-status', 'running');
    const ends = [];
    for (const page of everyone) ends.push(await shownEnd(page));
    expect(Math.max(...ends) - Math.min(...ends)).toBeLessThan(500);
    for (const page of everyone) await expect(page.getByTestId('timer')).toContainText(/Time left[0-5]:\d\d/);
  });

  await test.step('"Bring everyone to me" (by keyboard) moves both participants to the facilitator’s view until they step out or are released', async () => {
    await moveView(pro, -900, 0);
    await moveView(lay, 0, -900);
    await moveView(fac, 300, 600);
    expect(distance(await viewCentre(pro), await viewCentre(fac))).toBeGreaterThan(SAME_VIEW);
    expect(distance(await viewCentre(lay), await viewCentre(fac))).toBeGreaterThan(SAME_VIEW);

    const summon = controls.getByRole('button', { name: 'Bring everyone to me' });
    // Focus is still in the minutes field; the button is just before it.
    await tabTo(fac, summon, 5, 'Shift+Tab');
    await fac.keyboard.press('Enter');
    for (const page of [pro, lay]) {
      await expect(page.getByTestId('summon-banner')).toHaveAttribute('data-following', 'true');
      await expect(page.getByTestId('summon-banner')).toContainText(/Following .+\. Press Escape/);
      // One way out, the banner's: not tldraw's "Stop following" button as well.
      await expect(page.getByRole('button', { name: /Stop following/ })).toHaveCount(1);
    }
    await expectSameView(pro, fac, 'the professional is brought to the facilitator');
    await expectSameView(lay, fac, 'the lay partner is brought to the facilitator');
    await expectSameView(projector, fac, 'the projector is with the facilitator too');

    // They keep following as the facilitator moves on.
    await moveView(fac, -500, 200);
    await expectSameView(pro, fac, 'the professional follows');
    await expectSameView(lay, fac, 'the lay partner follows');

    // One key steps out: the lay partner looks around on their own.
    await lay.keyboard.press('Escape');
    await expect(lay.getByTestId('summon-banner')).toHaveAttribute('data-following', 'false');
    await expect(lay.getByRole('button', { name: /^Follow / })).toBeVisible();
    const layStays = await viewCentre(lay);
    await moveView(fac, 0, -700);
    await expectSameView(pro, fac, 'the professional still follows');
    expect(distance(await viewCentre(lay), layStays)).toBeLessThan(SAME_VIEW);

    // The facilitator releases everyone (Space on the same, focused button).
    const release = controls.getByRole('button', { name: 'Release' });
    await expect(release).toBeFocused();
    await fac.keyboard.press('Space');
    await expect(pro.getByTestId('summon-banner')).toHaveCount(0);
    await expect(lay.getByTestId('summon-banner')).toHaveCount(0);
    const proStays = await viewCentre(pro);
    await moveView(fac, 800, 0);
    // Give a follower time to move, then check nobody did.
    await fac.waitForTimeout(800);
    expect(distance(await viewCentre(pro), proStays)).toBeLessThan(SAME_VIEW);
  });

  await test.step('the projector can show the frames one by one, and goes back to following', async () => {
    await projector.getByRole('button', { name: 'Frames one by one' }).click();
    const showing = projector.getByTestId('projector-showing');
    await expect(showing).toHaveText(/^Frame 1 of \d+: /);
    const first = await showing.getAttribute('data-frame-id');
    expect(first).toMatch(/^shape:/);
    const atFirst = await viewCentre(projector);
    await projector.getByRole('button', { name: 'Next frame' }).click();
    await expect(showing).toHaveText(/^Frame 2 of \d+: /);
    await expect.poll(async () => distance(await viewCentre(projector), atFirst), { message: 'the projector moved to the next frame' }).toBeGreaterThan(100);
    // A presenter's clicker (Page Up) goes back.
    await projector.keyboard.press('PageUp');
    await expect(showing).toHaveAttribute('data-frame-id', first as string);
    await projector.getByRole('button', { name: 'Follow the facilitator' }).click();
    await expect(showing).toHaveText(/Following .*’s view\./);
    await expectSameView(projector, fac, 'the projector follows the facilitator again');
  });

  await test.step('dot votes: counted, hidden until the reveal, capped at N with a clear refusal, then ranked with a badge on each note', async () => {
    await addStickyNote(pro, 'Ask patients first', { x: 560, y: 330 });
    await addStickyNote(lay, 'Shorter forms', { x: 560, y: 330 });
    const popular = await noteId(pro, 'Ask patients first');
    const other = await noteId(lay, 'Shorter forms');

    await controls.getByLabel('Votes each').fill('2');
    await controls.getByRole('button', { name: 'Start vote' }).click();
    for (const page of [pro, lay]) await expect(page.getByTestId('votes-left')).toHaveText(/You have 2 votes left out of 2/);

    // The professional votes twice on the canvas with the mouse.
    const dot = pro.locator(`[data-testid="vote-dot"][data-shape-id="${popular}"]`);
    await dot.click();
    await expect(pro.getByTestId('votes-left')).toHaveText(/You have 1 vote left/);
    await dot.click();
    await expect(pro.getByTestId('votes-left')).toHaveText(/You have used all 2 votes/);
    // A third is refused, with the reason.
    await pro.getByRole('button', { name: 'Vote for: Shorter forms' }).click();
    await expect(pro.getByTestId('vote-panel').getByRole('status')).toHaveText('You have used all your votes.');
    // Whatever the client sends: two more casts at once are both refused by the server.
    const voteId = await pro.getByTestId('vote-panel').getAttribute('data-vote-id');
    const capped = await Promise.all(
      [popular, other].map((shapeId) => pro.request.post(`/api/boards/${boardId}/facilitation/vote-cast`, { data: { voteId, shapeId }, failOnStatusCode: false })),
    );
    expect(capped.map((r) => r.status())).toEqual([409, 409]);
    expect((await capped[0].json()).error).toBe('You have used all your votes.');

    // The lay partner votes by keyboard from the list: Enter, then Space.
    const forPopular = lay.getByRole('button', { name: 'Vote for: Ask patients first' });
    await forPopular.focus();
    await lay.keyboard.press('Enter');
    await expect(lay.getByTestId('votes-left')).toHaveText(/You have 1 vote left/);
    await lay.getByRole('button', { name: 'Vote for: Shorter forms' }).focus();
    await lay.keyboard.press('Space');
    await expect(lay.getByTestId('votes-left')).toHaveText(/You have used all 2 votes/);

    // Hidden until the reveal: participants and the projector see no counts; the facilitator sees only how many were cast.
    await expect(fac.getByTestId('votes-cast')).toHaveText('4 votes cast so far.');
    for (const page of [pro, lay, projector]) {
      await expect(page.getByTestId('vote-results')).toHaveCount(0);
      await expect(page.getByTestId('vote-badge')).toHaveCount(0);
      await expect(page.getByTestId('votes-cast')).toHaveCount(0);
    }
    const early = await pro.request.get(`/api/boards/${boardId}/facilitation/votes`);
    expect(await early.json()).toEqual([]);

    await controls.getByRole('button', { name: 'Reveal' }).click();
    for (const page of everyone) {
      const results = page.getByTestId('vote-results').getByRole('listitem');
      await expect(results).toHaveCount(2);
      await expect(results.nth(0)).toHaveAttribute('data-shape-id', popular);
      await expect(results.nth(0)).toHaveText('Ask patients first: 3 votes');
      await expect(results.nth(1)).toHaveText('Shorter forms: 1 vote');
    }
    await expect(pro.locator(`[data-testid="vote-badge"][data-shape-id="${popular}"]`)).toHaveText('3');
    await expect(lay.locator(`[data-testid="vote-badge"][data-shape-id="${other}"]`)).toHaveText('1');
    // The result is kept with the board, without who voted.
    const kept = (await (await pro.request.get(`/api/boards/${boardId}/facilitation/votes`)).json()) as { results: unknown[] }[];
    expect(kept[0].results).toEqual([
      { shapeId: popular, count: 3, rank: 1 },
      { shapeId: other, count: 1, rank: 2 },
    ]);
    await controls.getByRole('button', { name: 'Put the vote away' }).click();
    await expect(pro.getByTestId('vote-panel')).toHaveCount(0);
  });

  await test.step('a locked board refuses a participant’s note: it reaches no other screen and not the server, and the page says it is locked', async () => {
    await controls.getByRole('button', { name: 'Lock board' }).click();
    await expect(controls.getByRole('button', { name: 'Lock board' })).toHaveAttribute('aria-pressed', 'true');
    // The facilitator sees it too, not only a screen reader's "pressed".
    await expect(controls.getByText('The board is locked: participants can look at it but cannot change it.', { exact: false })).toBeVisible();
    await expect(lay.getByText('The facilitator has locked this board for now.', { exact: false })).toBeVisible();
    await expect(projector.getByText('The board is locked for now.')).toBeVisible();

    // The lay partner tries anyway: the note tool's key, a click on the board, and typing.
    await clickBoardAt(lay, { x: 300, y: 250 });
    await lay.keyboard.press('n');
    await clickBoardAt(lay, { x: 300, y: 250 });
    await lay.keyboard.type('Written while locked');
    await lay.keyboard.press('Escape');
    await expect(noteOnCanvas(lay, 'Written while locked')).toHaveCount(0);

    // The facilitator may still write: once their note reaches everyone, the lay partner's would have too.
    await addStickyNote(fac, 'Facilitator during the lock', { x: 700, y: 300 });
    await expect.poll(async () => (await pro.locator('.tl-shape').filter({ hasText: 'Facilitator during the lock' }).count()) > 0, { timeout: 15_000 }).toBe(true);
    for (const page of [fac, pro, projector]) await expect(page.locator('.tl-shape').filter({ hasText: 'Written while locked' })).toHaveCount(0);
    // And the server's own copy (the notes export reads the stored board) has the one and not the other.
    await expect
      .poll(async () => (await fac.request.get(`/api/boards/${boardId}/notes?format=csv`)).text(), { message: 'the facilitator’s note is saved' })
      .toContain('Facilitator during the lock');
    expect(await (await fac.request.get(`/api/boards/${boardId}/notes?format=csv`)).text()).not.toContain('Written while locked');

    await controls.getByRole('button', { name: 'Lock board' }).click();
    await expect(lay.getByText('The facilitator has locked this board for now.', { exact: false })).toHaveCount(0);
    await expect(controls.getByText('The board is locked:', { exact: false })).toHaveCount(0);
  });

  await test.step('a celebration shows on every screen, without confetti where reduced motion is asked for', async () => {
    await controls.getByLabel('Celebration message').fill('Brilliant work, High Wycombe!');
    await controls.getByRole('button', { name: 'Celebrate' }).click();
    for (const page of everyone) await expect(page.getByTestId('celebration')).toContainText('Brilliant work, High Wycombe!');
    await expect(pro.getByTestId('confetti')).toBeVisible();
    await expect(lay.getByTestId('confetti')).toHaveCount(0);
  });

  await test.step('axe finds nothing serious on the board (facilitator controls open) or the projector page', async () => {
    await expect(controls.getByRole('button', { name: 'Hide facilitator controls' })).toHaveAttribute('aria-expanded', 'true');
    await expectNoSeriousA11yIssues(fac, 'board with the facilitator controls open');
    await expectNoSeriousA11yIssues(projector, 'projector');
  });

  await test.step('switching the display link off stops the projector at once', async () => {
    const switchOff = controls.getByTestId('display-links').getByRole('button', { name: /^Switch off/ });
    await expect(switchOff).toHaveCount(1);
    await switchOff.click();
    await expect(projector.getByTestId('projector-ended')).toHaveText('This display link has been switched off by the facilitator.', { timeout: 5_000 });
    await expect(boardCanvas(projector)).toHaveCount(0);
    await expect(controls.getByTestId('display-links')).toHaveCount(0);
  });
});

test('a dot vote offers the notes inside the board’s frames, and a vote limited to one frame offers that frame’s notes', async ({ browser }) => {
  test.setTimeout(180_000);
  const fac = await signedIn(browser, FACILITATOR);
  const lay = await signedIn(browser, LAY_PARTNER);
  const href = await lay.getByRole('link', { name: 'High Wycombe: workshop 2' }).first().getAttribute('href');
  expect(href).toMatch(/^\/boards\//);

  // The lay partner adds a note to the first area through the text outline: it lands in that area's frame.
  await lay.goto(`${href}/outline`);
  const area = (await lay.getByRole('heading', { level: 2 }).first().innerText()).trim();
  await lay.getByLabel(`Add a note to ${area}`).fill('An idea inside a frame');
  await lay.getByRole('button', { name: 'Add note' }).first().click();
  await expect(lay.getByText(`Your note was added to ${area}.`)).toBeVisible();

  await Promise.all([fac.goto(href as string), lay.goto(href as string)]);
  await Promise.all([waitForCanvas(fac), waitForCanvas(lay)]);
  await expect(noteOnCanvas(lay, 'An idea inside a frame')).toBeVisible();

  const controls = fac.getByRole('complementary', { name: 'Facilitator controls' });
  await controls.getByLabel('Where').selectOption({ label: area });
  await controls.getByRole('button', { name: 'Start vote' }).click();
  const panel = lay.getByTestId('vote-panel');
  await expect(panel.getByText('There are no sticky notes to vote on yet.')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Vote for: An idea inside a frame' }).click();
  await expect(lay.getByTestId('votes-left')).toHaveText(/You have 2 votes left out of 3/);

  await controls.getByRole('button', { name: 'Reveal' }).click();
  await expect(lay.getByTestId('vote-results')).toContainText('An idea inside a frame');
  await controls.getByRole('button', { name: 'Put the vote away' }).click();
  await expect(lay.getByTestId('vote-panel')).toHaveCount(0);

  // A vote nobody used says so plainly, not as a one-item ranking ("1. Nobody voted.").
  await controls.getByRole('button', { name: 'Start vote' }).click();
  await expect(lay.getByTestId('votes-left')).toBeVisible();
  await controls.getByRole('button', { name: 'Reveal' }).click();
  await expect(lay.getByTestId('vote-results')).toHaveText('Nobody voted.');
  await expect(lay.getByTestId('vote-results').getByRole('listitem')).toHaveCount(0);
  await controls.getByRole('button', { name: 'Put the vote away' }).click();
  await expect(lay.getByTestId('vote-panel')).toHaveCount(0);
});

test('a projector opened from the facilitator’s own browser follows them as they move around the board', async ({ browser }) => {
  test.slow();
  const boardPath = await workshopBoardPath(browser);
  const fac = await signedIn(browser, FACILITATOR);
  await fac.goto(boardPath);
  await waitForCanvas(fac);
  // The projector view in another tab of the facilitator's own browser, as "Open the projector view" opens it.
  const projector = await fac.context().newPage();
  // Board updates (y-websocket sync messages of type update) the projector sends: it should send none.
  let updatesSent = 0;
  projector.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === 0 && payload[1] === 2) updatesSent += 1;
    }),
  );
  await projector.goto(`${boardPath}/present`);
  await waitForCanvas(projector);
  await expect(projector.getByTestId('projector-showing')).toHaveText(/Following .*’s view\./);
  await moveView(fac, 600, 350);
  await expectSameView(projector, fac, 'the projector follows the facilitator');
  // Though it runs with the facilitator's session, which may edit: a projector only shows the board.
  expect(updatesSent, 'board updates the projector sent').toBe(0);
});

test('locking the board while a participant types: they see it at once, the note closes, what they typed before is kept and nothing after looks accepted', async ({ browser }) => {
  test.slow();
  const lay = await signedIn(browser, LAY_PARTNER);
  const boardPath = await lay.getByRole('link', { name: WORKSHOP_BOARD }).first().getAttribute('href');
  const boardId = decodeURIComponent((boardPath as string).split('/')[2]);
  const fac = await signedIn(browser, FACILITATOR);
  await Promise.all([lay.goto(boardPath as string), fac.goto(boardPath as string)]);
  await Promise.all([waitForCanvas(lay), waitForCanvas(fac)]);
  const controls = fac.getByRole('complementary', { name: 'Facilitator controls' });
  const lock = controls.getByRole('button', { name: 'Lock board' });
  await expect(lock).toBeVisible();

  const sentence = 'Written before the lock and more after it';
  await lay.getByTestId('tools.note').click();
  await clickBoardAt(lay, { x: 420, y: 420 });
  const textEditor = lay.getByTestId('rich-text-area').locator('[contenteditable="true"]');
  await expect(textEditor).toBeFocused();
  await lay.keyboard.type('Written before the lock');
  await expect(noteOnCanvas(fac, 'Written before the lock')).toBeVisible();
  // The participant carries on typing while the facilitator locks the board.
  const typing = lay.keyboard.type(sentence.slice('Written before the lock'.length), { delay: 60 });
  await lock.click();
  await expect(lay.getByText('The facilitator has locked this board for now.', { exact: false })).toBeVisible();
  // The note closes as soon as the lock arrives.
  await expect(textEditor).toHaveCount(0, { timeout: 5_000 });
  await typing;

  // What the participant sees in the note is what everyone else sees; nothing more looks accepted.
  const noteText = (page: Page) =>
    page
      .locator('.tl-shape[data-shape-type="note"] .tl-rich-text')
      .filter({ hasText: 'Written before the lock' })
      .innerText()
      .then((text) => text.trim());
  const shown = await noteText(lay);
  expect(sentence.startsWith(shown), `"${shown}" is what was typed`).toBe(true);
  // A letter typed in the moment the lock was on its way is kept on the laptop, and the status
  // says so; otherwise everyone already has exactly what the participant sees.
  const status = lay.getByRole('banner').getByRole('status');
  await expect(status).toHaveAttribute('data-status', /^(viewing|held)$/);
  if ((await status.getAttribute('data-status')) === 'held') await expect(status).toHaveText(/^Not saved: the board was locked/);
  else await expect.poll(() => noteText(fac), { message: 'the facilitator sees what the participant sees' }).toBe(shown);

  await lock.click();
  await expect(lay.getByText('The facilitator has locked this board for now.', { exact: false })).toHaveCount(0);
  await expect.poll(async () => (await fac.request.get(`/api/boards/${boardId}/notes?format=csv`)).text(), { message: 'what was typed before the lock is saved' }).toContain('Written before the lock');
  await expect.poll(() => noteText(fac)).toBe(shown);
});

test('with nobody to follow, the projector shows the board part by part with note text legible from the back of the room (at least 24 px at 1080p)', async ({ browser }) => {
  test.slow();
  const boardPath = await workshopBoardPath(browser);
  // The facilitator opens the projector view alone: nobody is on the board to follow.
  const fac = await signedIn(browser, FACILITATOR, { viewport: { width: 1920, height: 1080 } });
  await fac.goto(`${boardPath}/present`);
  await waitForCanvas(fac);
  // The facilitators of the tests before closed their browsers, so they are gone from the board.
  await expect(fac.getByTestId('projector-showing')).toHaveText(/^Showing the board part by part until /);
  /** The on-screen height of the text of each note the projector shows now, in px. */
  const noteTextSizes = () =>
    boardCanvas(fac).evaluate((canvas) => {
      const box = canvas.getBoundingClientRect();
      const layer = canvas.querySelector('.tl-html-layer') as HTMLElement;
      const zoom = new DOMMatrix(getComputedStyle(layer).transform).a;
      return [...canvas.querySelectorAll('.tl-shape[data-shape-type="note"] .tl-rich-text')].flatMap((text) => {
        const r = text.getBoundingClientRect();
        const centre = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        if (r.width === 0 || centre.x < box.left || centre.x > box.right || centre.y < box.top || centre.y > box.bottom) return [];
        return [Math.round(parseFloat(getComputedStyle(text).fontSize) * zoom)];
      });
    });
  await expect.poll(async () => (await noteTextSizes()).length, { message: 'the projector shows some notes' }).toBeGreaterThan(0);
  expect(Math.min(...(await noteTextSizes()))).toBeGreaterThanOrEqual(24);
});
