import { afterEach, describe, expect, it } from 'vitest';
import { AUTO_VERSION_NAMES } from '../../server/history/auto-versions';
import { listVersions, restoreVersion, versionOutline } from '../../server/history/versions';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import { addNote, connectClient, seedBoardFixture, startTestRealtime, tokenFor, type BoardFixture, type FixtureUser, type TestClient, type TestRealtime } from '../helpers/realtime';
import type { BoardRealtimeLimits } from '../../server/board-realtime';

let database: TestDatabase;
let fixture: BoardFixture;
let server: TestRealtime;
const clients: TestClient[] = [];

async function start(limits: Partial<BoardRealtimeLimits>): Promise<void> {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
  server = await startTestRealtime({ db: database.db, limits });
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
  await database.cleanup();
});

const actor = (user: FixtureUser) => ({ id: user.id, isFacilitator: false });

async function client(user: FixtureUser, boardId: string): Promise<TestClient> {
  const c = connectClient(server.collabUrl, boardId, await tokenFor(user, boardId));
  clients.push(c);
  await waitFor(() => c.provider.synced && c.status, 5000, `${user.name} synced`);
  return c;
}

async function autoVersions(boardId: string) {
  return (await listVersions(database.db, actor(fixture.facilitator), boardId)).filter((v) => v.kind === 'auto').reverse();
}

async function notesIn(boardId: string, versionId: string): Promise<string[]> {
  const { outline } = await versionOutline(database.db, actor(fixture.facilitator), boardId, versionId);
  return [...outline.frames.flatMap((f) => f.notes), ...outline.unframed].map((n) => n.text);
}

describe('automatic versions', () => {
  it('keeps one when a board goes quiet after edits, labelled as automatic, and none while nothing changes', async () => {
    await start({ autoVersionIdleMs: 300, autoVersionIntervalMs: 60_000, autoVersionCheckMs: 50 });
    const board = fixture.workshopBoardId;
    const lee = await client(fixture.layPartner, board);
    // Opening a board (and its server-side seed) is not an edit.
    addNote(lee, 'shape:first', 'First thought');
    await waitFor(async () => (await autoVersions(board)).length === 1, 5000, 'an automatic version after the pause');
    const [first] = await autoVersions(board);
    expect(first).toMatchObject({ name: AUTO_VERSION_NAMES.idle, kind: 'auto', createdByName: null });
    expect(await notesIn(board, first.id)).toContain('First thought');

    addNote(lee, 'shape:second', 'Second thought');
    await waitFor(async () => (await autoVersions(board)).length === 2, 5000, 'a second automatic version after the next pause');
    // The person is still on the board but changes nothing: no more versions, however many checks run.
    const checksBefore = Date.now();
    await waitFor(() => Date.now() - checksBefore > 10 * 50 && server.realtime.stats().connections === 1, 5000, 'ten checks');
    const versions = await autoVersions(board);
    expect(versions).toHaveLength(2);
    expect(await notesIn(board, versions[1].id)).toEqual(expect.arrayContaining(['First thought', 'Second thought']));
  });

  it('keeps at most one per interval while edits continue without a pause', async () => {
    const intervalMs = 400;
    await start({ autoVersionIdleMs: 60_000, autoVersionIntervalMs: intervalMs, autoVersionCheckMs: 50 });
    const board = fixture.workshopBoardId;
    const lee = await client(fixture.layPartner, board);
    const startedAt = Date.now();
    let n = 0;
    // Someone keeps typing: a change on every poll until three versions have been kept.
    await waitFor(
      async () => {
        addNote(lee, `shape:busy-${++n}`, `Note ${n}`);
        return (await autoVersions(board)).length >= 3;
      },
      10_000,
      'three automatic versions while editing',
    );
    const versions = await autoVersions(board);
    expect(versions.every((v) => v.name === AUTO_VERSION_NAMES.continuing)).toBe(true);
    const times = [startedAt, ...versions.map((v) => new Date(v.createdAt).getTime())];
    // SQLite keeps milliseconds; allow a few for the clocks of the write and the check.
    for (let i = 1; i < times.length; i += 1) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(intervalMs - 20);
  });

  it('keeps one when everyone leaves after editing, never for a visit without edits, and one before every restore', async () => {
    await start({});
    const board = fixture.pairBoardId;
    const priya = await client(fixture.professional, board);
    addNote(priya, 'shape:left', 'Written before leaving');
    await waitFor(() => priya.allSaved(), 5000, 'saved');
    priya.destroy();
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 5000, 'the board left memory');
    const kept = await autoVersions(board);
    expect(kept.map((v) => v.name)).toEqual([AUTO_VERSION_NAMES.unloaded]);
    expect(await notesIn(board, kept[0].id)).toContain('Written before leaving');

    // Someone opens the board and leaves without changing anything: no new version.
    const lee = await client(fixture.layPartner, board);
    lee.destroy();
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 5000, 'the board left memory again');
    expect(await autoVersions(board)).toHaveLength(1);

    // Back within minutes with an edit (a flaky connection unloads and reloads a board): no version
    // for every unload; the edit is carried, and kept when the server stops.
    const again = await client(fixture.professional, board);
    addNote(again, 'shape:back', 'Back again');
    await waitFor(() => again.allSaved(), 5000, 'saved again');
    again.destroy();
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 5000, 'the board left memory a third time');
    expect(await autoVersions(board)).toHaveLength(1);
    const reopened = await client(fixture.layPartner, board);
    await server.close();
    reopened.destroy();
    const afterStop = await autoVersions(board);
    expect(afterStop).toHaveLength(2);
    expect(await notesIn(board, afterStop[1].id)).toContain('Back again');
    server = await startTestRealtime({ db: database.db });

    // A restore keeps the board as it was first; nothing is ever deleted.
    await restoreVersion(database.db, actor(fixture.facilitator), board, kept[0].id);
    const all = await listVersions(database.db, actor(fixture.facilitator), board);
    expect(all.map((v) => v.kind)).toEqual(expect.arrayContaining(['before_restore', 'auto']));
    expect(all.find((v) => v.id === kept[0].id)).toBeDefined();
  });
});
