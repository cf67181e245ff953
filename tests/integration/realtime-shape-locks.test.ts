import { describe, expect } from 'vitest';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { changeAndRelay, noteRecord, storedRecord, type FixtureUser, type TestClient } from '../helpers/realtime';
import { realtimeTest as it, type RealtimeFixtures } from '../helpers/realtime-fixture';
import { BOARD_PAGE_ID, frameShape, siblingIndexes } from '../../server/realtime/templates/records';

// Seeded by the server from the workshop-1 template (server/realtime/templates).
const FRAME = 'shape:frame-shared';
const PROMPT = 'shape:prompt-shared';

type ShapeRecord = Record<string, unknown> & { id: string; parentId: string; isLocked: boolean; x: number };

/** The workshop board's helpers for one test. */
function onWorkshopBoard({ database, boards, realtime }: RealtimeFixtures) {
  const boardId = boards.workshopBoardId;
  return {
    client: (user: FixtureUser) => realtime.connect(user, boardId),
    storedShape: async (key: string) => (await storedRecord(createPrismaBoardStore(database.db), boardId, key)) as ShapeRecord | undefined,
  };
}

const shape = (c: TestClient, key: string) => c.records.get(key) as ShapeRecord | undefined;

/** Every value a client's document held for `keys`, as JSON (undefined while deleted), from now on. */
function watch(c: TestClient, keys: string[]): Map<string, string[]> {
  const seen = new Map(keys.map((k) => [k, [] as string[]]));
  c.records.observe((event) => {
    for (const key of event.keysChanged) seen.get(key)?.push(JSON.stringify(c.records.get(key)));
  });
  return seen;
}

/** Deletes a shape and everything under it in one transaction, as tldraw's deleteShapes does. */
function deleteWithChildren(c: TestClient, key: string): void {
  const all = [...c.records.values()] as ShapeRecord[];
  const doomed = new Set([key]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of all) {
      if (doomed.has(r.id) || !doomed.has(r.parentId)) continue;
      doomed.add(r.id);
      grew = true;
    }
  }
  c.doc.transact(() => {
    for (const id of doomed) c.records.delete(id);
  });
}

describe('locked shapes on the server', () => {
  it('a participant cannot move, delete or unlock a locked frame; a facilitator can unlock it; then it is the participant’s to move', async ({ database, boards, realtime }) => {
    const { client, storedShape } = onWorkshopBoard({ database, boards, realtime });
    const lee = await client(boards.layPartner);
    const priya = await client(boards.professional);
    const fran = await client(boards.facilitator);

    // An idea of Lee's inside the frame, then the facilitator locks the frame.
    await changeAndRelay(lee, fran, () => lee.records.set('shape:lee-idea', { ...noteRecord('shape:lee-idea', 'Lee’s idea'), parentId: FRAME }));
    await changeAndRelay(fran, lee, () => fran.records.set(FRAME, { ...shape(fran, FRAME)!, isLocked: true }));
    await waitFor(() => shape(priya, FRAME)?.isLocked && priya.records.has('shape:lee-idea'), 5000, 'lock relayed');
    const locked = shape(lee, FRAME)!;
    const lockedIdea = shape(lee, 'shape:lee-idea')!;
    const seen = watch(priya, [FRAME, 'shape:lee-idea']);

    await changeAndRelay(lee, priya, () => lee.records.set(FRAME, { ...locked, x: locked.x + 500 }));
    await changeAndRelay(lee, priya, () => lee.records.set(FRAME, { ...locked, isLocked: false }));
    await changeAndRelay(lee, priya, () => deleteWithChildren(lee, FRAME));

    // The writer is put back, the peer never saw any of it, and the store has the frame as it was.
    for (const c of [lee, priya, fran]) {
      expect(shape(c, FRAME)).toEqual(locked);
      expect(shape(c, 'shape:lee-idea')).toEqual(lockedIdea);
    }
    expect(new Set(seen.get(FRAME))).toEqual(new Set([JSON.stringify(locked)]));
    expect(new Set(seen.get('shape:lee-idea'))).toEqual(new Set([JSON.stringify(lockedIdea)]));
    expect(await storedShape(FRAME)).toEqual(locked);
    expect(await storedShape('shape:lee-idea')).toEqual(lockedIdea);

    // The facilitator unlocks it (as tldraw does: isLocked false), and it is an ordinary frame again.
    await changeAndRelay(fran, lee, () => fran.records.set(FRAME, { ...locked, isLocked: false }));
    expect(shape(lee, FRAME)?.isLocked).toBe(false);
    await changeAndRelay(lee, priya, () => lee.records.set(FRAME, { ...shape(lee, FRAME)!, x: locked.x + 500 }));
    expect(shape(priya, FRAME)).toMatchObject({ x: locked.x + 500, isLocked: false });
    expect(await storedShape(FRAME)).toMatchObject({ x: locked.x + 500, isLocked: false });
  });

  it('the template’s prompts are locked: a participant cannot edit one, and deleting its frame brings the whole frame back', async ({ database, boards, realtime }) => {
    const { client, storedShape } = onWorkshopBoard({ database, boards, realtime });
    const lee = await client(boards.layPartner);
    const priya = await client(boards.professional);
    const prompt = shape(lee, PROMPT)!;
    expect(prompt).toMatchObject({ isLocked: true, parentId: FRAME });
    expect(shape(lee, FRAME)?.isLocked).toBe(false);

    await changeAndRelay(lee, priya, () => lee.records.set(PROMPT, { ...prompt, x: prompt.x + 100, props: { ...(prompt.props as object), color: 'red' } }));
    expect(shape(lee, PROMPT)).toEqual(prompt);
    expect(shape(priya, PROMPT)).toEqual(prompt);

    // Deleting the frame takes the locked prompts with it (tldraw deletes children), so the
    // server refuses the whole branch: the frame, its prompts and the ideas in it.
    await changeAndRelay(lee, priya, () => lee.records.set('shape:lee-idea', { ...noteRecord('shape:lee-idea', 'Lee’s idea'), parentId: FRAME }));
    const frameChildren = [...lee.records.values()].filter((r) => (r as ShapeRecord).parentId === FRAME).map((r) => (r as ShapeRecord).id);
    expect(frameChildren).toContain('shape:lee-idea');
    const before = new Map([FRAME, ...frameChildren].map((k) => [k, shape(lee, k)]));
    const seen = watch(priya, [FRAME, ...frameChildren]);
    await changeAndRelay(lee, priya, () => deleteWithChildren(lee, FRAME));
    for (const [key, value] of before) {
      expect(shape(lee, key), key).toEqual(value);
      expect(shape(priya, key), key).toEqual(value);
      expect(seen.get(key)?.every((json) => json === JSON.stringify(value)), key).toBe(true);
      expect(await storedShape(key), key).toEqual(value);
    }
  });

  it('a participant cannot lock a shape, but adds, moves and deletes unlocked shapes as usual', async ({ database, boards, realtime }) => {
    const { client, storedShape } = onWorkshopBoard({ database, boards, realtime });
    const lee = await client(boards.layPartner);
    const priya = await client(boards.professional);

    await changeAndRelay(lee, priya, () => lee.records.set('shape:idea', noteRecord('shape:idea', 'An idea')));
    const idea = shape(priya, 'shape:idea')!;
    await changeAndRelay(lee, priya, () => lee.records.set('shape:idea', { ...shape(lee, 'shape:idea')!, x: 120 }));
    expect(shape(priya, 'shape:idea')).toMatchObject({ x: 120, isLocked: false });

    await changeAndRelay(lee, priya, () => lee.records.set('shape:idea', { ...shape(lee, 'shape:idea')!, isLocked: true }));
    expect(shape(lee, 'shape:idea')).toMatchObject({ x: 120, isLocked: false });
    expect(shape(priya, 'shape:idea')).toMatchObject({ x: 120, isLocked: false });

    // A copy of a locked prompt (select all, duplicate: the frame brings its prompt along) is
    // taken out again: neither stored nor shown to anyone, nor credited to the participant.
    const prompt = shape(lee, PROMPT)!;
    await changeAndRelay(lee, priya, () =>
      lee.doc.transact(() => {
        lee.records.set('shape:frame-copy', frameShape({ id: 'frame-copy', parentId: BOARD_PAGE_ID, index: siblingIndexes(1)[0], x: 0, y: 900, w: 720, h: 520, name: 'Shared area' }));
        lee.records.set('shape:prompt-copy', { ...prompt, id: 'shape:prompt-copy', parentId: 'shape:frame-copy' });
      }),
    );
    expect(shape(priya, 'shape:frame-copy')).toMatchObject({ meta: { createdBy: { userId: boards.layPartner.id } } });
    expect(lee.records.has('shape:prompt-copy')).toBe(false);
    expect(priya.records.has('shape:prompt-copy')).toBe(false);
    expect(await storedShape('shape:prompt-copy')).toBeUndefined();

    await changeAndRelay(lee, priya, () => lee.records.delete('shape:idea'));
    expect(priya.records.has('shape:idea')).toBe(false);
    expect(await storedShape('shape:idea')).toBeUndefined();
    expect(idea.isLocked).toBe(false);
  });

  it('a facilitator moves and deletes locked shapes as tldraw allows', async ({ database, boards, realtime }) => {
    const { client, storedShape } = onWorkshopBoard({ database, boards, realtime });
    const fran = await client(boards.facilitator);
    const lee = await client(boards.layPartner);
    const prompt = shape(fran, PROMPT)!;
    await changeAndRelay(fran, lee, () => fran.records.set(PROMPT, { ...prompt, x: prompt.x + 10 }));
    expect(shape(lee, PROMPT)).toMatchObject({ x: prompt.x + 10, isLocked: true });
    await changeAndRelay(fran, lee, () => fran.records.delete(PROMPT));
    expect(lee.records.has(PROMPT)).toBe(false);
    expect(await storedShape(PROMPT)).toBeUndefined();
  });
});
