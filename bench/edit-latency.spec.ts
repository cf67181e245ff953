/**
 * How long one edit takes, end to end through two real browsers, the realtime server and
 * SQLite: from a key press in the professional's note to (a) the letter showing in the lay
 * partner's browser and (b) the server's SAVED acknowledgement covering it in the professional's.
 * Edits are made one at a time (each waits for both), so the figures are per-edit latency,
 * not throughput. Prints median and p95 over EDITS edits.
 */
import { expect, test } from '@playwright/test';
import { addStickyNote, saveStatus, signIn, waitForCanvas } from '../tests/e2e/support/board';

const EDITS = Number(process.env.BENCH_EDITS ?? 200);
const SAVED_MARK = 'together-board:all-changes-saved';
const PREFIX = 'bench';

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

test('edit latency between two browsers', async ({ browser }) => {
  const proContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const layContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const pro = await proContext.newPage();
  const lay = await layContext.newPage();
  await signIn(pro, 'professional.1.oxford@demo.together-board.local');
  await signIn(lay, 'lay-partner.1.oxford@demo.together-board.local');
  await pro.locator('a[href^="/boards/"]').filter({ hasText: /./ }).first().click();
  // The URL only names the board once the client-side navigation has finished.
  await expect(pro).toHaveURL(/\/boards\/[^/]+$/);
  await lay.goto(pro.url());
  await Promise.all([waitForCanvas(pro), waitForCanvas(lay)]);
  // Both connected before the clock starts (the first socket can take seconds on a busy machine).
  await expect(saveStatus(pro)).toHaveText('All changes saved', { timeout: 60_000 });
  await expect(saveStatus(lay)).toHaveText('All changes saved', { timeout: 60_000 });

  // Wall-clock times (ms) in each page: both run on this machine, so they compare directly.
  await pro.evaluate(() => {
    const w = window as unknown as { lastKeyAt: number };
    window.addEventListener('keydown', () => (w.lastKeyAt = performance.timeOrigin + performance.now()), true);
  });
  await lay.evaluate((prefix) => {
    const w = window as unknown as { seenAt: Record<number, number> };
    w.seenAt = {};
    new MutationObserver(() => {
      const now = performance.timeOrigin + performance.now();
      // The note's own text: a note also shows who wrote it, in a label of its own.
      for (const label of document.querySelectorAll('.tl-shape .tl-text-content')) {
        const text = label.textContent ?? '';
        if (!text.startsWith(prefix)) continue;
        w.seenAt[text.length] ??= now;
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, PREFIX);

  await addStickyNote(pro, PREFIX, { x: 400, y: 400 });
  await expect(lay.locator('.tl-shape').getByText(PREFIX, { exact: true })).toBeVisible();
  // Back into the note to type into it, one letter per edit.
  await pro.locator('.tl-shape').getByText(PREFIX, { exact: true }).dblclick();
  await pro.keyboard.press('End');

  const appear: number[] = [];
  const saved: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const length = PREFIX.length + i;
    await pro.keyboard.type('x');
    const keyAt = await pro.evaluate(() => (window as unknown as { lastKeyAt: number }).lastKeyAt);
    const seenAt = await expect
      .poll(() => lay.evaluate((n) => (window as unknown as { seenAt: Record<number, number> }).seenAt[n] ?? 0, length), {
        intervals: [5],
        timeout: 10_000,
      })
      .toBeGreaterThan(0)
      .then(() => lay.evaluate((n) => (window as unknown as { seenAt: Record<number, number> }).seenAt[n], length));
    let savedAt = 0;
    await expect
      .poll(
        async () =>
          (savedAt = await pro.evaluate(
            ({ mark, after }) =>
              performance
                .getEntriesByName(mark)
                .map((e) => performance.timeOrigin + e.startTime)
                .find((t) => t >= after) ?? 0,
            { mark: SAVED_MARK, after: keyAt },
          )),
        { intervals: [5], timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    appear.push(seenAt - keyAt);
    saved.push(savedAt - keyAt);
  }
  const result = { edits: EDITS, appearOnOtherClientMs: summary(appear), acknowledgedSavedMs: summary(saved) };
  console.log(`EDIT LATENCY ${JSON.stringify(result)}`);
  await proContext.close();
  await layContext.close();
});
