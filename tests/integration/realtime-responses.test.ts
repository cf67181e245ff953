import { describe, expect } from 'vitest';
import { COMMENTS_MAP, REACTIONS_MAP } from '../../lib/collab-protocol';
import { COMMENT_TEXT_MAX_CHARS, reactionKey, type CommentValue, type ReactionKind } from '../../lib/note-responses';
import { boardPeopleNames, lastOnBoardAt } from '../../server/db/board-people';
import { setBoardLocked } from '../../server/facilitation/room';
import { restoreVersion, saveNamedVersion } from '../../server/history/versions';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, changeAndRelay, readStoredDoc, storedBytes, type FixtureUser, type TestClient } from '../helpers/realtime';
import { realtimeTest as it, type RealtimeFixtures } from '../helpers/realtime-fixture';

const reactionsOf = (c: TestClient) => c.doc.getMap<unknown>(REACTIONS_MAP);
const commentsOf = (c: TestClient) => c.doc.getMap<unknown>(COMMENTS_MAP);
const actor = (user: FixtureUser) => ({ id: user.id, isFacilitator: false });

/** Puts `as`'s reaction on a note through `client`'s document (as someone else when they differ). */
function react(client: TestClient, as: FixtureUser, shapeId: string, kind: ReactionKind): string {
  const key = reactionKey(shapeId, as.id, kind);
  reactionsOf(client).set(key, { role: as.role });
  return key;
}

function commentBy(as: FixtureUser, text: string, extra: Partial<CommentValue> = {}): CommentValue {
  return { shapeId: 'shape:idea', authorId: as.id, authorRole: as.role, text, createdAt: Date.now(), editedAt: null, resolved: false, ...extra };
}

/** Every value a client's reactions and comments held for each key, as JSON (undefined while deleted), from now on. */
function watch(c: TestClient): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const map of [reactionsOf(c), commentsOf(c)]) {
    map.observe((event) => {
      for (const key of event.keysChanged) seen.set(key, [...(seen.get(key) ?? []), JSON.stringify(map.get(key))]);
    });
  }
  return seen;
}

/** The values a watched key was seen with (a refused key's event may pass by with none). */
const valuesSeen = (seen: Map<string, string[]>, key: string) => new Set((seen.get(key) ?? []).filter((json) => json !== undefined));

/** What the database holds for the board's reactions and comments. */
async function stored({ database }: Pick<RealtimeFixtures, 'database'>, boardId: string) {
  const doc = await readStoredDoc(createPrismaBoardStore(database.db), boardId);
  const result = { reactions: doc.getMap(REACTIONS_MAP).toJSON(), comments: doc.getMap(COMMENTS_MAP).toJSON() };
  doc.destroy();
  return result;
}

/** Lee's note on the workshop board, seen by everyone given. */
async function noteOnWorkshop(lee: TestClient, ...others: TestClient[]): Promise<void> {
  addNote(lee, 'shape:idea', 'Ask the families');
  await waitFor(() => lee.allSaved() && others.every((c) => c.records.has('shape:idea')), 5000, 'note seen');
}

/** Lee, Priya and Fran on the workshop board, with Lee's note on it. */
async function threeOnWorkshop({ boards, realtime }: Pick<RealtimeFixtures, 'boards' | 'realtime'>) {
  const lee = await realtime.connect(boards.layPartner, boards.workshopBoardId);
  const priya = await realtime.connect(boards.professional, boards.workshopBoardId);
  const fran = await realtime.connect(boards.facilitator, boards.workshopBoardId);
  await noteOnWorkshop(lee, priya, fran);
  return { lee, priya, fran };
}

describe('reactions and comments on the server', () => {
  it('reach everyone live, are stamped with the server’s clock, and are stored', async ({ database, boards, realtime }) => {
    const board = boards.workshopBoardId;
    const { lee, priya, fran } = await threeOnWorkshop({ boards, realtime });

    const agree = react(priya, boards.professional, 'shape:idea', 'agree');
    const before = Date.now();
    commentsOf(lee).set('comment:lee-first-1', commentBy(boards.layPartner, 'Could we ask at the coffee morning?', { createdAt: 1 }));
    await waitFor(() => reactionsOf(fran).has(agree) && commentsOf(fran).has('comment:lee-first-1'), 5000, 'responses relayed');
    await waitFor(() => (commentsOf(lee).get('comment:lee-first-1') as CommentValue).createdAt >= before, 5000, 'stamp seen by the writer');
    const comment = commentsOf(fran).get('comment:lee-first-1') as CommentValue;
    expect(comment).toMatchObject({ authorId: boards.layPartner.id, authorRole: 'lay_partner', text: 'Could we ask at the coffee morning?', editedAt: null, resolved: false });
    expect(comment.createdAt).toBeGreaterThanOrEqual(before);
    expect(comment.createdAt).toBeLessThanOrEqual(Date.now());
    await waitFor(() => lee.allSaved() && priya.allSaved(), 5000, 'all saved');
    expect(await stored({ database }, board)).toEqual({ reactions: { [agree]: { role: 'professional' } }, comments: { 'comment:lee-first-1': comment } });

    // Toggled off by its owner: gone for everyone.
    await changeAndRelay(priya, fran, () => reactionsOf(priya).delete(agree));
    expect(reactionsOf(lee).has(agree)).toBe(false);
  });

  it('nobody reacts or comments as someone else, rewords another’s comment or removes it; a facilitator removes any', async ({ database, boards, realtime }) => {
    const board = boards.workshopBoardId;
    const { lee, priya, fran } = await threeOnWorkshop({ boards, realtime });
    const leesAgree = react(lee, boards.layPartner, 'shape:idea', 'agree');
    await changeAndRelay(lee, priya, () => commentsOf(lee).set('comment:lee-first-1', commentBy(boards.layPartner, 'My first thought')));
    await waitFor(() => reactionsOf(priya).has(leesAgree) && commentsOf(fran).has('comment:lee-first-1'), 5000, 'Lee’s responses seen');
    const leesComment = commentsOf(priya).get('comment:lee-first-1') as CommentValue;
    const seen = watch(fran);

    // Priya, as Lee: a reaction, a comment, and taking Lee's reaction away.
    const forged = react(priya, boards.layPartner, 'shape:idea', 'love');
    commentsOf(priya).set('comment:forged-by-p', commentBy(boards.layPartner, 'Forged words'));
    await changeAndRelay(priya, fran, () => reactionsOf(priya).delete(leesAgree));
    // Priya rewords Lee's comment, then tries to remove it.
    await changeAndRelay(priya, fran, () => commentsOf(priya).set('comment:lee-first-1', { ...leesComment, text: 'Reworded by Priya' }));
    await changeAndRelay(priya, fran, () => commentsOf(priya).delete('comment:lee-first-1'));

    for (const c of [lee, priya, fran]) {
      await waitFor(() => !reactionsOf(c).has(forged) && !commentsOf(c).has('comment:forged-by-p'), 5000, 'forgeries undone');
      expect(reactionsOf(c).get(leesAgree)).toEqual({ role: 'lay_partner' });
      expect(commentsOf(c).get('comment:lee-first-1')).toEqual(leesComment);
    }
    // The peer never saw any of it.
    expect(valuesSeen(seen, forged).size).toBe(0);
    expect(valuesSeen(seen, 'comment:forged-by-p').size).toBe(0);
    for (const json of valuesSeen(seen, leesAgree)) expect(json).toBe(JSON.stringify({ role: 'lay_partner' }));
    for (const json of valuesSeen(seen, 'comment:lee-first-1')) expect(json).toBe(JSON.stringify(leesComment));
    expect(await storedBytes(database.db, board)).not.toMatch(/Forged words|Reworded by Priya/);

    // Anyone who may edit resolves it; its author rewords it; a facilitator removes it.
    await changeAndRelay(priya, fran, () => commentsOf(priya).set('comment:lee-first-1', { ...leesComment, resolved: true }));
    await changeAndRelay(lee, fran, () => commentsOf(lee).set('comment:lee-first-1', { ...leesComment, resolved: true, text: 'My second thought' }));
    await waitFor(() => (commentsOf(fran).get('comment:lee-first-1') as CommentValue | undefined)?.editedAt != null, 5000, 'edit stamped');
    expect(commentsOf(fran).get('comment:lee-first-1')).toMatchObject({ text: 'My second thought', resolved: true });
    await changeAndRelay(fran, lee, () => commentsOf(fran).delete('comment:lee-first-1'));
    await waitFor(() => !commentsOf(priya).has('comment:lee-first-1'), 5000, 'removal relayed');
    expect((await stored({ database }, board)).comments).toEqual({});
  });

  it('view-only people, participants on a locked board and anyone on an archived board cannot react or comment', async ({ database, boards, realtime }) => {
    await realtime.start({ limits: { boardStatePollMs: 50 } });
    // The colleague may only look at the pair's board.
    const priya = await realtime.connect(boards.professional, boards.pairBoardId);
    const cara = await realtime.connect(boards.colleague, boards.pairBoardId);
    addNote(priya, 'shape:idea', 'Pair idea');
    await waitFor(() => priya.allSaved() && cara.records.has('shape:idea'), 5000, 'pair note seen');
    const caraReaction = react(cara, boards.colleague, 'shape:idea', 'agree');
    commentsOf(cara).set('comment:by-viewer-1', commentBy(boards.colleague, 'Viewer’s words'));
    await cara.roundTrip();
    react(priya, boards.professional, 'shape:idea', 'idea');
    await waitFor(() => priya.allSaved(), 5000, 'witness saved');
    expect(await stored({ database }, boards.pairBoardId)).toEqual({ reactions: { [reactionKey('shape:idea', boards.professional.id, 'idea')]: { role: 'professional' } }, comments: {} });
    expect(reactionsOf(priya).has(caraReaction)).toBe(false);

    // A locked workshop board: the participant's responses are dropped, the facilitator's kept.
    const board = boards.workshopBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const fran = await realtime.connect(boards.facilitator, board);
    await noteOnWorkshop(lee, fran);
    await setBoardLocked(database.db, actor(boards.facilitator), board, { locked: true });
    await waitFor(() => lee.status?.readOnlyReason === 'locked', 5000, 'lock told');
    const leeLocked = react(lee, boards.layPartner, 'shape:idea', 'love');
    commentsOf(lee).set('comment:while-locked', commentBy(boards.layPartner, 'Written while locked'));
    await lee.roundTrip();
    const franLocked = react(fran, boards.facilitator, 'shape:idea', 'celebrate');
    await waitFor(() => fran.allSaved(), 5000, 'facilitator saved');
    let now = await stored({ database }, board);
    expect(Object.keys(now.reactions)).toEqual([franLocked]);
    expect(now.comments).toEqual({});
    expect(reactionsOf(fran).has(leeLocked)).toBe(false);

    // Archived: nobody, the facilitator included. (Lee leaves first: at the unlock the server
    // would ask Lee's device to sync again, and take what it held back while locked.)
    lee.provider.disconnect();
    await setBoardLocked(database.db, actor(boards.facilitator), board, { locked: false });
    await database.db.board.update({ where: { id: board }, data: { state: 'archived' } });
    await waitFor(() => fran.status?.readOnlyReason === 'archived', 5000, 'archive told');
    const franArchived = react(fran, boards.facilitator, 'shape:idea', 'agree');
    await fran.roundTrip();
    const fresh = await realtime.connect(boards.professional, board);
    expect(reactionsOf(fresh).has(franArchived)).toBe(false);
    expect(reactionsOf(fresh).has(leeLocked)).toBe(false);
    now = await stored({ database }, board);
    expect(Object.keys(now.reactions)).toEqual([franLocked]);
  });

  it('refuses comments that are too long or malformed and responses to what is not a note or text, keeping their words out of the log', async ({ database, boards, realtime }) => {
    const board = boards.workshopBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    await noteOnWorkshop(lee, priya);
    const seen = watch(priya);
    const tooLong = `Too long ${'x'.repeat(COMMENT_TEXT_MAX_CHARS)}`;
    commentsOf(lee).set('comment:too-long-1', commentBy(boards.layPartner, tooLong));
    commentsOf(lee).set('comment:on-frame-1', commentBy(boards.layPartner, 'On the frame itself', { shapeId: 'shape:frame-shared' }));
    commentsOf(lee).set('comment:extra-field', { ...commentBy(boards.layPartner, 'With an extra field'), colour: 'red' });
    const onFrame = react(lee, boards.layPartner, 'shape:frame-shared', 'agree');
    reactionsOf(lee).set(`shape:idea|${boards.layPartner.id}|thumbs-down`, { role: 'lay_partner' });
    await lee.roundTrip();
    // A marker after them: anything accepted would have been relayed before it.
    await changeAndRelay(lee, priya, () => react(lee, boards.layPartner, 'shape:idea', 'agree'));
    for (const key of ['comment:too-long-1', 'comment:on-frame-1', 'comment:extra-field', onFrame, `shape:idea|${boards.layPartner.id}|thumbs-down`]) {
      expect(valuesSeen(seen, key).size, key).toBe(0);
      await waitFor(() => !commentsOf(lee).has(key) && !reactionsOf(lee).has(key), 5000, `${key} undone on the writer`);
    }
    expect(await storedBytes(database.db, board)).not.toMatch(/Too long|On the frame itself|With an extra field/);
  });

  it('a person past their allowance is refused until it refills, and others are not held back', async ({ database, boards, realtime }) => {
    // Three at once, then one every ten minutes: the test never waits for a refill.
    await realtime.start({ limits: { responsesBurst: 3, responsesPerMinute: 0.1 } });
    const board = boards.workshopBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    await noteOnWorkshop(lee, priya);
    const kinds: ReactionKind[] = ['agree', 'love', 'question', 'idea'];
    for (const kind of kinds) await changeAndRelay(lee, priya, () => react(lee, boards.layPartner, 'shape:idea', kind));
    commentsOf(lee).set('comment:over-rate', commentBy(boards.layPartner, 'Past the allowance'));
    await lee.roundTrip();
    await changeAndRelay(priya, lee, () => react(priya, boards.professional, 'shape:idea', 'agree'));
    await waitFor(() => reactionsOf(lee).size === 4 && !commentsOf(lee).has('comment:over-rate'), 5000, 'over-allowance undone');
    const kept = (await stored({ database }, board)).reactions;
    expect(Object.keys(kept).sort()).toEqual(
      [...kinds.slice(0, 3).map((kind) => reactionKey('shape:idea', boards.layPartner.id, kind)), reactionKey('shape:idea', boards.professional.id, 'agree')].sort(),
    );
  });

  it('a deleted note keeps its comments, a restored version brings back removed ones, and all survive a restart', async ({ database, boards, realtime }) => {
    const board = boards.workshopBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const fran = await realtime.connect(boards.facilitator, board);
    await noteOnWorkshop(lee, fran);
    const love = react(lee, boards.layPartner, 'shape:idea', 'love');
    commentsOf(lee).set('comment:keep-me-12', commentBy(boards.layPartner, 'Keep this thought'));
    await waitFor(() => lee.allSaved() && commentsOf(fran).has('comment:keep-me-12'), 5000, 'responses saved');
    const version = await saveNamedVersion(database.db, actor(boards.facilitator), board, { name: 'With the comment' });

    // The note goes: its comment and reaction stay in the document, and come back with the note.
    const note = lee.records.get('shape:idea');
    await changeAndRelay(lee, fran, () => lee.records.delete('shape:idea'));
    expect(commentsOf(fran).has('comment:keep-me-12')).toBe(true);
    expect(reactionsOf(fran).has(love)).toBe(true);
    await changeAndRelay(lee, fran, () => lee.records.set('shape:idea', note));
    // Then the facilitator removes the comment, and restores the version that had it.
    await changeAndRelay(fran, lee, () => commentsOf(fran).delete('comment:keep-me-12'));
    const restored = await restoreVersion(database.db, actor(boards.facilitator), board, version.id);
    expect(restored.changed).toBe(1);
    await waitFor(() => commentsOf(lee).has('comment:keep-me-12'), 5000, 'restore seen live');

    // A restart: the server saves and goes; a fresh device gets everything from the database.
    await realtime.stop();
    const priya = await realtime.connect(boards.professional, board);
    expect(commentsOf(priya).get('comment:keep-me-12')).toMatchObject({ text: 'Keep this thought', authorId: boards.layPartner.id });
    expect(reactionsOf(priya).get(love)).toEqual({ role: 'lay_partner' });
  });
});

describe('who a person sees by name on reactions and comments, and when they were last on a board', () => {
  it('names the board’s cohort and the staff; on a mural only the viewer’s own cohorts', async ({ database, boards }) => {
    const { db } = database;
    const workshop = await db.board.findUniqueOrThrow({ where: { id: boards.workshopBoardId } });
    const staff = await db.user.create({ data: { name: 'Sam Staff', email: `sam.${Date.now()}@example.org` } });
    await db.programmeStaff.create({ data: { programmeId: workshop.programmeId, userId: staff.id } });
    const names = await boardPeopleNames(db, workshop, boards.layPartner.id);
    expect(Object.values(names).sort()).toEqual(['Cara Colleague', 'Fran Facilitator', 'Lee Partner', 'Priya Professional', 'Sam Staff']);
    expect(names[boards.outsider.id]).toBeUndefined();

    const mural = await db.board.create({ data: { programmeId: workshop.programmeId, kind: 'mural', title: 'Mural', template: 'mural' } });
    // Omar (cohort B) sees cohort B and the staff by name; cohort A's people only by role.
    expect(Object.values(await boardPeopleNames(db, mural, boards.outsider.id)).sort()).toEqual(['Omar Outsider', 'Sam Staff']);
    // The staff see everyone.
    expect(Object.keys(await boardPeopleNames(db, mural, staff.id))).toHaveLength(6);
  });

  it('notes when a person was last on a board: when their socket opens and when it closes', async ({ database, boards, realtime }) => {
    expect(await lastOnBoardAt(database.db, boards.workshopBoardId, boards.layPartner.id)).toBeNull();
    const opened = Date.now();
    const lee = await realtime.connect(boards.layPartner, boards.workshopBoardId);
    await waitFor(async () => ((await lastOnBoardAt(database.db, boards.workshopBoardId, boards.layPartner.id)) ?? 0) >= opened, 5000, 'visit on opening');
    const left = Date.now();
    lee.provider.disconnect();
    await waitFor(async () => ((await lastOnBoardAt(database.db, boards.workshopBoardId, boards.layPartner.id)) ?? 0) >= left, 5000, 'visit on leaving');
  });
});
