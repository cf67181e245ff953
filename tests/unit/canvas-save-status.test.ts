import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deriveSaveStatus, isSavedStatus, SAVE_STATUS_TEXT, stateVectorCovers, withRelayedCommitted, type SaveStatusInput } from '../../canvas/save-status';

const sv = (entries: Array<[number, number]>) => new Map(entries);

describe('stateVectorCovers', () => {
  it('covers when every local clock is at or below the saved clock', () => {
    expect(stateVectorCovers(sv([[1, 5], [2, 3]]), sv([[1, 5], [2, 2]]))).toBe(true);
    expect(stateVectorCovers(sv([[1, 5]]), sv([]))).toBe(true);
  });

  it('does not cover when any client, including another session of this device, is ahead', () => {
    expect(stateVectorCovers(sv([[1, 5], [2, 3]]), sv([[1, 6], [2, 3]]))).toBe(false);
    expect(stateVectorCovers(sv([[1, 5]]), sv([[1, 5], [9, 1]]))).toBe(false);
  });

  it('matches real Yjs state vectors: saved only once the server has every local change', () => {
    const device = new Y.Doc();
    const server = new Y.Doc();
    device.getMap('records').set('shape:a', { x: 1 });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(device));
    const serverSaved = () => Y.decodeStateVector(Y.encodeStateVector(server));
    const local = () => Y.decodeStateVector(Y.encodeStateVector(device));
    expect(stateVectorCovers(serverSaved(), local())).toBe(true);
    device.getMap('records').set('shape:b', { x: 2 });
    expect(stateVectorCovers(serverSaved(), local())).toBe(false);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(device, Y.encodeStateVector(server)));
    expect(stateVectorCovers(serverSaved(), local())).toBe(true);
  });
});

describe('withRelayedCommitted', () => {
  it('raises what is saved to the end of each client’s changes in a relayed update, never lowers it', () => {
    const writer = new Y.Doc();
    const records = writer.getMap('records');
    records.set('a', 1);
    const before = Y.encodeStateVector(writer);
    records.set('b', 2);
    records.set('c', 3);
    // An incremental update (it starts past clock 0) still tells where the writer's changes end.
    const relayed = Y.parseUpdateMeta(Y.encodeStateAsUpdate(writer, before)).to;
    const saved = withRelayedCommitted(new Map([[7, 4]]), relayed);
    expect(saved.get(writer.clientID)).toBe(3);
    expect(saved.get(7)).toBe(4);
    expect(withRelayedCommitted(new Map([[writer.clientID, 10]]), relayed).get(writer.clientID)).toBe(10);
    expect(withRelayedCommitted(null, relayed)).toEqual(new Map([[writer.clientID, 3]]));
  });

  it('lets a device that only received others’ edits count them as saved', () => {
    const other = new Y.Doc();
    other.getMap('records').set('note', 'from someone else');
    const here = new Y.Doc();
    const update = Y.encodeStateAsUpdate(other);
    Y.applyUpdate(here, update);
    const local = Y.decodeStateVector(Y.encodeStateVector(here));
    expect(stateVectorCovers(new Map(), local)).toBe(false);
    expect(stateVectorCovers(withRelayedCommitted(new Map(), Y.parseUpdateMeta(update).to), local)).toBe(true);
  });
});

describe('deriveSaveStatus', () => {
  const base: SaveStatusInput = {
    browserOnline: true,
    socket: 'connected',
    hasAttempted: true,
    synced: true,
    serverSaving: 'ok',
    allSaved: true,
    viewOnly: false,
    stopped: false,
  };

  it('says "All changes saved" only when connected, synced and acknowledged', () => {
    expect(deriveSaveStatus(base)).toBe('saved');
    expect(deriveSaveStatus({ ...base, allSaved: false })).toBe('saving');
    expect(deriveSaveStatus({ ...base, synced: false })).toBe('connecting');
  });

  it('is connecting on the first attempt and offline after a connection is lost', () => {
    expect(deriveSaveStatus({ ...base, socket: 'connecting', hasAttempted: false, synced: false })).toBe('connecting');
    expect(deriveSaveStatus({ ...base, socket: 'disconnected' })).toBe('offline');
    expect(deriveSaveStatus({ ...base, socket: 'connecting' })).toBe('offline');
    expect(deriveSaveStatus({ ...base, browserOnline: false })).toBe('offline');
  });

  it('says when the server cannot save, even if an older acknowledgement covers everything', () => {
    expect(deriveSaveStatus({ ...base, serverSaving: 'failing' })).toBe('failing');
  });

  it('reports stopped and view-only states', () => {
    expect(deriveSaveStatus({ ...base, stopped: true })).toBe('stopped');
    expect(deriveSaveStatus({ ...base, viewOnly: true, allSaved: false })).toBe('viewing');
  });

  it('never says "Up to date" to someone whose last changes the server did not take (the board was locked as they wrote)', () => {
    expect(deriveSaveStatus({ ...base, viewOnly: true, ownChangesUnsaved: true })).toBe('held');
  });

  it('while the server cannot reach the other servers, says the changes are saved and that some people will see them later', () => {
    const late = { ...base, otherServersUnreachable: true };
    expect(deriveSaveStatus(late)).toBe('saved-others-later');
    expect(SAVE_STATUS_TEXT['saved-others-later']).toBe('All changes saved. Some people will see them once our servers reconnect');
    expect(isSavedStatus('saved-others-later')).toBe(true);
    // Nothing else changes: unsaved is still "Saving…", and a database fault or no connection still wins.
    expect(deriveSaveStatus({ ...late, allSaved: false })).toBe('saving');
    expect(deriveSaveStatus({ ...late, serverSaving: 'failing' })).toBe('failing');
    expect(deriveSaveStatus({ ...late, socket: 'disconnected' })).toBe('offline');
    // Someone who only looks is not told "Up to date": changes made on other servers arrive late.
    expect(deriveSaveStatus({ ...late, viewOnly: true })).toBe('viewing-others-later');
    expect(deriveSaveStatus({ ...late, viewOnly: true, ownChangesUnsaved: true })).toBe('held');
  });
});
