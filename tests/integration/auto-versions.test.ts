import { describe, expect } from 'vitest';
import type { Db } from '../../server/db/client';
import { AUTO_VERSION_NAMES } from '../../server/history/auto-versions';
import { listVersions, restoreVersion, versionOutline } from '../../server/history/versions';
import { waitFor } from '../helpers/db';
import { addNote, type BoardFixture, type FixtureUser } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

const actor = (user: FixtureUser) => ({ id: user.id, isFacilitator: false });

async function autoVersions(db: Db, fixture: BoardFixture, boardId: string) {
  return (await listVersions(db, actor(fixture.facilitator), boardId)).filter((v) => v.kind === 'auto').reverse();
}

async function notesIn(db: Db, fixture: BoardFixture, boardId: string, versionId: string): Promise<string[]> {
  const { outline } = await versionOutline(db, actor(fixture.facilitator), boardId, versionId);
  return [...outline.frames.flatMap((f) => f.notes), ...outline.unframed].map((n) => n.text);
}

describe('automatic versions', () => {
  it('keeps one when a board goes quiet after edits, labelled as automatic, and none while nothing changes', async ({ database, boards: fixture, realtime }) => {
    await realtime.start({ limits: { autoVersionIdleMs: 300, autoVersionIntervalMs: 60_000, autoVersionCheckMs: 50 } });
    const board = fixture.workshopBoardId;
    const lee = await realtime.connect(fixture.layPartner, board);
    // Opening a board (and its server-side seed) is not an edit.
    addNote(lee, 'shape:first', 'First thought');
    await waitFor(async () => (await autoVersions(database.db, fixture, board)).length === 1, 5000, 'an automatic version after the pause');
    const [first] = await autoVersions(database.db, fixture, board);
    expect(first).toMatchObject({ name: AUTO_VERSION_NAMES.idle, kind: 'auto', createdByName: null });
    expect(await notesIn(database.db, fixture, board, first.id)).toContain('First thought');

    addNote(lee, 'shape:second', 'Second thought');
    await waitFor(async () => (await autoVersions(database.db, fixture, board)).length === 2, 5000, 'a second automatic version after the next pause');
    // The person is still on the board but changes nothing: no more versions, however many checks run.
    const checksBefore = Date.now();
    await waitFor(() => Date.now() - checksBefore > 10 * 50 && realtime.server.realtime.stats().connections === 1, 5000, 'ten checks');
    const versions = await autoVersions(database.db, fixture, board);
    expect(versions).toHaveLength(2);
    expect(await notesIn(database.db, fixture, board, versions[1].id)).toEqual(expect.arrayContaining(['First thought', 'Second thought']));
  });

  it('keeps at most one per interval while edits continue without a pause', async ({ database, boards: fixture, realtime }) => {
    const intervalMs = 400;
    await realtime.start({ limits: { autoVersionIdleMs: 60_000, autoVersionIntervalMs: intervalMs, autoVersionCheckMs: 50 } });
    const board = fixture.workshopBoardId;
    const lee = await realtime.connect(fixture.layPartner, board);
    const startedAt = Date.now();
    let n = 0;
    // Someone keeps typing: a change on every poll until three versions have been kept.
    await waitFor(
      async () => {
        addNote(lee, `shape:busy-${++n}`, `Note ${n}`);
        return (await autoVersions(database.db, fixture, board)).length >= 3;
      },
      10_000,
      'three automatic versions while editing',
    );
    const versions = await autoVersions(database.db, fixture, board);
    expect(versions.every((v) => v.name === AUTO_VERSION_NAMES.continuing)).toBe(true);
    const times = [startedAt, ...versions.map((v) => new Date(v.createdAt).getTime())];
    // SQLite keeps milliseconds; allow a few for the clocks of the write and the check.
    for (let i = 1; i < times.length; i += 1) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(intervalMs - 20);
  });

  it('keeps one when everyone leaves after editing, never for a visit without edits, and one before every restore', async ({ database, boards: fixture, realtime }) => {
    const board = fixture.pairBoardId;
    const priya = await realtime.connect(fixture.professional, board);
    addNote(priya, 'shape:left', 'Written before leaving');
    await waitFor(() => priya.allSaved(), 5000, 'saved');
    priya.destroy();
    await waitFor(() => realtime.server.realtime.stats().boardsLoaded === 0, 5000, 'the board left memory');
    const kept = await autoVersions(database.db, fixture, board);
    expect(kept.map((v) => v.name)).toEqual([AUTO_VERSION_NAMES.unloaded]);
    expect(await notesIn(database.db, fixture, board, kept[0].id)).toContain('Written before leaving');

    // Someone opens the board and leaves without changing anything: no new version.
    const lee = await realtime.connect(fixture.layPartner, board);
    lee.destroy();
    await waitFor(() => realtime.server.realtime.stats().boardsLoaded === 0, 5000, 'the board left memory again');
    expect(await autoVersions(database.db, fixture, board)).toHaveLength(1);

    // Back within minutes with an edit (a flaky connection unloads and reloads a board): no version
    // for every unload; the edit is carried, and kept when the server stops.
    const again = await realtime.connect(fixture.professional, board);
    addNote(again, 'shape:back', 'Back again');
    await waitFor(() => again.allSaved(), 5000, 'saved again');
    again.destroy();
    await waitFor(() => realtime.server.realtime.stats().boardsLoaded === 0, 5000, 'the board left memory a third time');
    expect(await autoVersions(database.db, fixture, board)).toHaveLength(1);
    const reopened = await realtime.connect(fixture.layPartner, board);
    await realtime.stop();
    reopened.destroy();
    const afterStop = await autoVersions(database.db, fixture, board);
    expect(afterStop).toHaveLength(2);
    expect(await notesIn(database.db, fixture, board, afterStop[1].id)).toContain('Back again');
    await realtime.start();

    // A restore keeps the board as it was first; nothing is ever deleted.
    await restoreVersion(database.db, actor(fixture.facilitator), board, kept[0].id);
    const all = await listVersions(database.db, actor(fixture.facilitator), board);
    expect(all.map((v) => v.kind)).toEqual(expect.arrayContaining(['before_restore', 'auto']));
    expect(all.find((v) => v.id === kept[0].id)).toBeDefined();
  });
});
