import { describe, expect } from 'vitest';
import { realtimeTest as it } from '../helpers/realtime-fixture';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { applyServerUpdate } from '../../server/realtime/control';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import type { Db } from '../../server/db/client';
import { waitFor } from '../helpers/db';
import { connectClient, noteRecord, readStoredDoc, tokenFor } from '../helpers/realtime';

/** An update that adds one note, built on the board's stored state (as the app builds them). */
async function noteUpdate(db: Db, boardId: string, key: string): Promise<Uint8Array> {
  const doc = await readStoredDoc(createPrismaBoardStore(db), boardId);
  const before = Y.encodeStateVector(doc);
  doc.getMap(RECORDS_MAP).set(key, noteRecord(key, 'from the server'));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('server-made updates', () => {
  it('reach connected people live and are stored in the log', async ({ database, boards, realtime }) => {
    const c = await realtime.connect(boards.professional, boards.workshopBoardId);
    expect(await applyServerUpdate(boards.workshopBoardId, await noteUpdate(database.db, boards.workshopBoardId, 'shape:server'))).toBe(true);
    // Resolved after the commit: the stored state has it already.
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), boards.workshopBoardId);
    expect(stored.getMap(RECORDS_MAP).has('shape:server')).toBe(true);
    await waitFor(() => c.records.has('shape:server'), 5000, 'relayed to the client');
    // The server made it: no author is added.
    expect(c.records.get('shape:server')).toEqual(noteRecord('shape:server', 'from the server'));
  });

  it('load a board nobody has open, write, and let it unload again', async ({ database, boards, realtime }) => {
    // Seed the board first (a board is seeded when it is first loaded).
    const first = connectClient(realtime.server.collabUrl, boards.pairBoardId, await tokenFor(boards.professional, boards.pairBoardId));
    await waitFor(() => first.provider.synced, 5000, 'synced');
    first.destroy();
    await waitFor(() => realtime.server.realtime.stats().boardsLoaded === 0, 5000, 'unloaded');

    await applyServerUpdate(boards.pairBoardId, await noteUpdate(database.db, boards.pairBoardId, 'shape:cold'));
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), boards.pairBoardId);
    expect(stored.getMap(RECORDS_MAP).has('shape:cold')).toBe(true);
    await waitFor(() => realtime.server.realtime.stats().boardsLoaded === 0, 5000, 'unloaded after the write');
  });
});
