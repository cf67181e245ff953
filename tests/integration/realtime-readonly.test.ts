import * as encoding from 'lib0/encoding';
import { describe, expect } from 'vitest';
import { realtimeTest as it, type RealtimeFixtures } from '../helpers/realtime-fixture';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC, RECORDS_MAP } from '../../lib/collab-protocol';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, noteRecord, readStoredDoc, TEST_ORIGIN, tokenFor, type TestClient } from '../helpers/realtime';

/** Sends a sync step 2 and an update carrying `key` over a raw socket, as a hostile client would. */
async function sendRawWrites(collabUrl: string, boardId: string, token: string, key: string): Promise<void> {
  const doc = new Y.Doc();
  // Valid canvas data, so only read-only enforcement can be what refuses it.
  doc.getMap(RECORDS_MAP).set(key, noteRecord(key));
  const update = Y.encodeStateAsUpdate(doc);
  const ws = new WebSocket(`${collabUrl}/${boardId}?token=${token}`, { headers: { origin: TEST_ORIGIN } });
  const answered = new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      // Sync step 2 only ever answers our step 1, sent after the writes: they were processed.
      if (data[0] === MESSAGE_SYNC && data[1] === syncProtocol.messageYjsSyncStep2) resolve();
    });
    ws.on('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  const step2 = encoding.createEncoder();
  encoding.writeVarUint(step2, MESSAGE_SYNC);
  encoding.writeVarUint(step2, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(step2, update);
  const plainUpdate = encoding.createEncoder();
  encoding.writeVarUint(plainUpdate, MESSAGE_SYNC);
  syncProtocol.writeUpdate(plainUpdate, update);
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(step1, new Y.Doc());
  for (const message of [step2, plainUpdate, step1]) ws.send(encoding.toUint8Array(message));
  await answered;
  ws.close();
}

/**
 * Proves that `keys` were never accepted: the hostile sockets' messages are processed (round
 * trips done by the caller), the witness commits a marker after them (so anything accepted
 * earlier was committed and relayed before the marker's SAVED), and a fresh client syncing from
 * the server's memory, the witness and the database all lack the keys.
 */
async function assertNotAccepted({ database, boards, realtime }: RealtimeFixtures, boardId: string, witness: TestClient | null, keys: string[]): Promise<void> {
  if (witness) {
    const marker = `shape:marker-${Math.random().toString(36).slice(2)}`;
    addNote(witness, marker);
    await waitFor(() => witness.allSaved(), 5000, 'marker saved');
  }
  const fresh = await realtime.connect(boards.facilitator, boardId);
  const stored = await readStoredDoc(createPrismaBoardStore(database.db), boardId);
  for (const key of keys) {
    expect({ key, witness: witness?.records.has(key) ?? false }).toEqual({ key, witness: false });
    expect({ key, server: fresh.records.has(key) }).toEqual({ key, server: false });
    expect({ key, database: stored.getMap(RECORDS_MAP).has(key) }).toEqual({ key, database: false });
  }
}

describe('read-only enforced on the server', () => {
  it('a view connection’s updates change nothing: not the document, the database or the peers', async ({ database, boards, realtime }) => {
    await realtime.start({ limits: { boardStatePollMs: 50 } });
    const editor = await realtime.connect(boards.professional, boards.pairBoardId);
    const viewer = await realtime.connect(boards.colleague, boards.pairBoardId);
    expect(viewer.status).toEqual({ saving: 'ok', access: 'view', readOnlyReason: 'view' });
    const rowsBefore = await database.db.boardUpdate.count({ where: { boardId: boards.pairBoardId } });

    addNote(viewer, 'shape:viewer-write');
    viewer.records.delete('shape:frame-ideas');
    await viewer.roundTrip();
    await sendRawWrites(realtime.server.collabUrl, boards.pairBoardId, await tokenFor(boards.colleague, boards.pairBoardId), 'shape:raw-viewer-write');

    await assertNotAccepted({ database, boards, realtime }, boards.pairBoardId, editor, ['shape:viewer-write', 'shape:raw-viewer-write']);
    expect(editor.records.has('shape:frame-ideas')).toBe(true);
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), boards.pairBoardId);
    expect(stored.getMap(RECORDS_MAP).has('shape:frame-ideas')).toBe(true);
    // Only the editor's marker was written.
    expect(await database.db.boardUpdate.count({ where: { boardId: boards.pairBoardId } })).toBe(rowsBefore + 1);
  });

  it('locking a board makes participants read-only at once (refreshBoard) and a facilitator may still edit', async ({ database, boards, realtime }) => {
    await realtime.start({ limits: { boardStatePollMs: 50 } });
    const participant = await realtime.connect(boards.professional, boards.workshopBoardId);
    const facilitator = await realtime.connect(boards.facilitator, boards.workshopBoardId);
    await database.db.board.update({ where: { id: boards.workshopBoardId }, data: { state: 'locked' } });
    await realtime.server.realtime.refreshBoard(boards.workshopBoardId);
    await waitFor(() => participant.status?.access === 'view', 5000, 'participant told about the lock');
    expect(participant.status).toEqual({ saving: 'ok', access: 'view', readOnlyReason: 'locked' });
    expect(facilitator.status?.access).toBe('edit');

    addNote(participant, 'shape:after-lock');
    await participant.roundTrip();
    await sendRawWrites(realtime.server.collabUrl, boards.workshopBoardId, await tokenFor(boards.professional, boards.workshopBoardId), 'shape:raw-after-lock');
    await assertNotAccepted({ database, boards, realtime }, boards.workshopBoardId, facilitator, ['shape:after-lock', 'shape:raw-after-lock']);
  });

  it('notices an archive written to the database by someone else, read-only for all, and recovers on reopening', async ({ database, boards, realtime }) => {
    await realtime.start({ limits: { boardStatePollMs: 50 } });
    const participant = await realtime.connect(boards.layPartner, boards.workshopBoardId);
    const facilitator = await realtime.connect(boards.facilitator, boards.workshopBoardId);
    await database.db.board.update({ where: { id: boards.workshopBoardId }, data: { state: 'archived' } });
    await waitFor(
      () => participant.status?.readOnlyReason === 'archived' && facilitator.status?.readOnlyReason === 'archived',
      5000,
      'archive noticed',
    );
    addNote(facilitator, 'shape:archived-write');
    addNote(participant, 'shape:archived-write-2');
    await facilitator.roundTrip();
    await participant.roundTrip();
    await assertNotAccepted({ database, boards, realtime }, boards.workshopBoardId, null, ['shape:archived-write', 'shape:archived-write-2']);

    // Reopened: the participant may edit again, and its next edit is saved even though it
    // builds on one the server dropped while the board was archived.
    await database.db.board.update({ where: { id: boards.workshopBoardId }, data: { state: 'open' } });
    await waitFor(() => participant.status?.access === 'edit', 5000, 'reopening noticed');
    addNote(participant, 'shape:after-reopen');
    await waitFor(() => participant.allSaved() && facilitator.records.has('shape:after-reopen'), 5000, 'edit after reopening saved and relayed');
  });
});
