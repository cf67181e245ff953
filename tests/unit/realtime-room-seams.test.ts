import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import type { BoardStore } from '../../server/realtime/board-store';
import { DEFAULT_REALTIME_LIMITS } from '../../server/realtime/index';
import { Room } from '../../server/realtime/room';
import { validateBoardRecordEntry } from '../../server/realtime/seed';

/** The store's log in memory: enough to see what a room commits (the SQL stores have their own contract suite). */
function memoryStore(): BoardStore & { rows: Uint8Array[] } {
  const rows: Uint8Array[] = [];
  return {
    rows,
    load: () => Promise.resolve({ snapshot: null, updates: [...rows], lastUpdateId: rows.length }),
    appendUpdates: (_boardId, updates) => {
      const prevRowId = rows.length;
      rows.push(...updates);
      return Promise.resolve({ rowId: rows.length, prevRowId });
    },
    readUpdatesSince: (_boardId, afterRowId) => Promise.resolve({ snapshot: null, updates: rows.slice(afterRowId), lastRowId: rows.length }),
    seed: () => Promise.resolve(null),
    compact: () => Promise.resolve(null),
  };
}

function roomOn(store: BoardStore, committed: Uint8Array[]): Room {
  const loaded = { lastUpdateId: 0, rowsSinceSnapshot: 0, storedBytes: 0 };
  return new Room('board', new Y.Doc(), loaded, 'open', store, DEFAULT_REALTIME_LIMITS, pino({ level: 'silent' }), validateBoardRecordEntry, (update) =>
    committed.push(update),
  );
}

function updateSetting(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap(RECORDS_MAP).set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('the room’s seams for several nodes', () => {
  it('an update made here is committed once and published through onCommitted', async () => {
    const store = memoryStore();
    const committed: Uint8Array[] = [];
    const room = roomOn(store, committed);
    room.applyServerUpdate(updateSetting('a', 1));
    await room.pipeline.drain();
    expect(store.rows).toHaveLength(1);
    expect(committed).toEqual(store.rows);
    room.destroy();
  });

  it('an update another node committed is applied and never committed or published again', async () => {
    const store = memoryStore();
    const committed: Uint8Array[] = [];
    const room = roomOn(store, committed);
    room.applyCommittedElsewhere(updateSetting('b', 2), 1);
    await room.pipeline.drain();
    expect(room.doc.getMap(RECORDS_MAP).get('b')).toBe(2);
    expect(store.rows).toHaveLength(0);
    expect(committed).toHaveLength(0);
    expect(room.pipeline.isFlushed).toBe(true);
    expect(room.lastAppliedRowId).toBe(1);
    // What SAVED tells new sockets covers it: it is committed, just not by this node.
    expect(Y.decodeStateVector(room.pipeline.committedStateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(room.doc)));
    room.destroy();
  });
});
