import { describe, expect } from 'vitest';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { BOARD_TOKEN_TTL_MS } from '../../server/auth/board-token';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, attemptUpgrade, readStoredDoc, tokenFor } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

const OFFLINE_EDITS = 300;
/** How long the laptop is "offline": longer than a token lives, so reconnecting needs a new one. */
const OFFLINE_FOR_MS = 2 * 60 * 60 * 1000;

describe('offline editing', () => {
  it('edits made offline for hours, kept across a reload, all reach the server and the peer on reconnect', async ({ database, boards: fixture, realtime }) => {
    const wentOfflineAt = Date.now() - OFFLINE_FOR_MS;
    // The token the page had when the laptop dropped off the Wi-Fi, two hours ago (simulated clock).
    const oldToken = await tokenFor(fixture.professional, fixture.pairBoardId, 'edit', wentOfflineAt);
    const laptop = await realtime.connect(fixture.professional, fixture.pairBoardId, { synced: false });
    const peer = await realtime.connect(fixture.layPartner, fixture.pairBoardId, { synced: false });
    await waitFor(() => laptop.provider.synced && peer.provider.synced, 5000, 'synced');

    laptop.provider.disconnect();
    await waitFor(() => !laptop.provider.wsconnected, 5000, 'offline');
    const offlineKeys: string[] = [];
    for (let i = 0; i < OFFLINE_EDITS; i++) {
      const key = `shape:offline-${i}`;
      addNote(laptop, key);
      offlineKeys.push(key);
      if (i % 10 === 0) laptop.records.delete(`shape:offline-${i}`);
    }
    const kept = offlineKeys.filter((_, i) => i % 10 !== 0);
    addNote(peer, 'shape:while-away');
    await waitFor(() => peer.allSaved(), 5000, 'peer saved');

    // Reload while offline: the browser keeps the document locally (y-indexeddb); a new page
    // starts a new Y.Doc from it.
    const local = Y.encodeStateAsUpdate(laptop.doc);
    laptop.destroy();
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, local);

    // Back online: the old token has expired, so the page asks for a new one before reconnecting.
    expect(BOARD_TOKEN_TTL_MS).toBeLessThan(OFFLINE_FOR_MS);
    expect(await attemptUpgrade(`${realtime.server.collabUrl}/${fixture.pairBoardId}?token=${oldToken}`)).toEqual({ status: 401, opened: false, bytesReceived: 0 });
    const back = await realtime.connect(fixture.professional, fixture.pairBoardId, { doc: reloaded, synced: false });
    await waitFor(() => back.provider.synced && back.allSaved(), 10_000, 'reconnected and saved');
    await waitFor(() => kept.every((k) => peer.records.has(k)) && back.records.has('shape:while-away'), 10_000, 'both converged');

    const deletedOffline = offlineKeys.filter((_, i) => i % 10 === 0);
    expect(deletedOffline.filter((k) => peer.records.has(k))).toEqual([]);
    const stored = (await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId)).getMap(RECORDS_MAP);
    expect(kept.filter((k) => !stored.has(k))).toEqual([]);
    expect(deletedOffline.filter((k) => stored.has(k))).toEqual([]);
    expect(Y.encodeStateVector(back.doc)).toEqual(Y.encodeStateVector(peer.doc));
  });
});
