import { describe, expect } from 'vitest';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { Prisma } from '../../server/db/generated/sqlite/client';
import type { Db } from '../../server/db/client';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, countingStore, readStoredDoc } from '../helpers/realtime';
import { realtimeTest } from '../helpers/realtime-fixture';

/** Every test here may leave the database refusing writes: it accepts them again before anything closes. */
const it = realtimeTest.extend<{ writable: void }>({
  writable: [
    async ({ database, realtime }, provide) => {
      realtime.defer(() => database.db.$queryRaw`PRAGMA query_only = 0`, { first: true });
      await provide();
    },
    { auto: true },
  ],
});

/** SQLite's default page limit, restored after the "disk full" test. */
const MAX_PAGE_COUNT_DEFAULT = 1_073_741_823;

/** PRAGMA arguments cannot be bound parameters; the value is a number we chose. */
async function setMaxPageCount(db: Db, pages: number): Promise<void> {
  await db.$queryRaw(Prisma.sql`PRAGMA max_page_count = ${Prisma.raw(String(Math.trunc(pages)))}`);
}

describe('when the database refuses writes', () => {
  it('stops acks, says saving is failing, keeps retrying, then saves everything and relays it', async ({ database, boards: fixture, realtime }) => {
    const store = countingStore(createPrismaBoardStore(database.db));
    const server = await realtime.start({ store, limits: { saveRetryInitialMs: 20, saveRetryMaxMs: 200 } });
    const writer = await realtime.connect(fixture.professional, fixture.pairBoardId, { synced: false });
    const peer = await realtime.connect(fixture.layPartner, fixture.pairBoardId, { synced: false });
    await waitFor(() => writer.provider.synced && peer.provider.synced && writer.allSaved(), 5000, 'synced');

    // A real refusal from SQLite itself (SQLITE_READONLY), on the server's own connection.
    await database.db.$queryRaw`PRAGMA query_only = 1`;
    const savedBefore = writer.savedCount;
    const keys = Array.from({ length: 20 }, (_, i) => `shape:while-failing-${i}`);
    for (const key of keys) addNote(writer, key);

    await waitFor(() => writer.status?.saving === 'failing' && peer.status?.saving === 'failing', 5000, 'failing status');
    const appendsAtFailure = store.appends;
    await waitFor(() => store.appends >= appendsAtFailure + 3, 5000, 'retries');
    expect(writer.savedCount).toBe(savedBefore);
    expect(writer.allSaved()).toBe(false);
    // Written before relayed: peers see nothing that is not committed.
    expect(keys.filter((k) => peer.records.has(k))).toEqual([]);
    expect(server.realtime.stats()).toMatchObject({ boardsFailingToSave: 1, boardsLoaded: 1 });

    // Edits keep coming while failing; they must not be lost either.
    addNote(writer, 'shape:during-retry');
    await waitFor(() => server.realtime.stats().pendingUpdates >= 1, 5000, 'queued');

    await database.db.$queryRaw`PRAGMA query_only = 0`;
    await waitFor(() => writer.status?.saving === 'ok' && writer.allSaved(), 5000, 'recovered and acked');
    await waitFor(() => [...keys, 'shape:during-retry'].every((k) => peer.records.has(k)), 5000, 'relayed after commit');
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect([...keys, 'shape:during-retry'].filter((k) => !stored.getMap(RECORDS_MAP).has(k))).toEqual([]);
  });

  it('survives a full database (SQLITE_FULL) the same way: nothing acknowledged is lost, all saved once there is room', async ({ database, boards: fixture, realtime }) => {
    await realtime.start({ limits: { saveRetryInitialMs: 20, saveRetryMaxMs: 200 } });
    const writer = await realtime.connect(fixture.professional, fixture.pairBoardId, { synced: false });
    const peer = await realtime.connect(fixture.layPartner, fixture.pairBoardId, { synced: false });
    await waitFor(() => writer.provider.synced && peer.provider.synced && writer.allSaved(), 5000, 'synced');

    // The file may not grow any more: like a full disk, for SQLite.
    const [{ page_count: pages }] = await database.db.$queryRaw<{ page_count: bigint }[]>`PRAGMA page_count`;
    await setMaxPageCount(database.db, Number(pages));
    const keys: string[] = [];
    await waitFor(
      () => {
        const key = `shape:disk-full-${keys.length}`;
        keys.push(key);
        addNote(writer, key, 'x'.repeat(2000));
        return writer.status?.saving === 'failing';
      },
      20_000,
      'the database to fill up',
    );
    const ackedWhileFull = writer.saved;
    await setMaxPageCount(database.db, MAX_PAGE_COUNT_DEFAULT);
    await waitFor(() => writer.status?.saving === 'ok' && writer.allSaved(), 10_000, 'recovered');
    await waitFor(() => keys.every((k) => peer.records.has(k)), 5000, 'relayed');
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect(keys.filter((k) => !stored.getMap(RECORDS_MAP).has(k))).toEqual([]);
    expect(ackedWhileFull).not.toBeNull();
  });

  it('keeps a failing board in memory after its clients leave, and saves it when writes work again', async ({ database, boards: fixture, realtime }) => {
    const server = await realtime.start({ limits: { saveRetryInitialMs: 20, saveRetryMaxMs: 100 } });
    const writer = await realtime.connect(fixture.professional, fixture.pairBoardId, { synced: false });
    await waitFor(() => writer.provider.synced && writer.allSaved(), 5000, 'synced');
    await database.db.$queryRaw`PRAGMA query_only = 1`;
    addNote(writer, 'shape:orphan');
    await waitFor(() => writer.status?.saving === 'failing', 5000, 'failing');
    writer.destroy();
    await waitFor(() => server.realtime.stats().connections === 0, 5000, 'client gone');
    expect(server.realtime.stats().boardsLoaded).toBe(1);

    await database.db.$queryRaw`PRAGMA query_only = 0`;
    await waitFor(() => server.realtime.stats().boardsLoaded === 0, 5000, 'saved, then unloaded');
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
    expect(stored.getMap(RECORDS_MAP).has('shape:orphan')).toBe(true);
  });
});
