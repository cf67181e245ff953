import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { decideOnRelayedUpdate } from '../../server/cluster/board-relay';
import { awarenessPresenceBoard, NodeLiveness, readAwarenessEntries } from '../../server/cluster/presence';

describe('what a node does with a relayed committed update', () => {
  const update = (prevRowId: number, rowId: number) => ({ kind: 'update' as const, prevRowId, rowId });

  it('applies an update that continues exactly from the last applied row', () => {
    expect(decideOnRelayedUpdate(10, update(10, 11))).toEqual({ action: 'apply' });
    // Row ids are global across boards, so one board's next row may be far ahead.
    expect(decideOnRelayedUpdate(10, update(10, 250))).toEqual({ action: 'apply' });
    expect(decideOnRelayedUpdate(0, update(0, 1))).toEqual({ action: 'apply' });
  });

  it('ignores what it already has: its own commits and rows a catch-up brought', () => {
    expect(decideOnRelayedUpdate(12, update(11, 12))).toEqual({ action: 'ignore' });
    expect(decideOnRelayedUpdate(40, update(10, 11))).toEqual({ action: 'ignore' });
  });

  it('applies an update that overlaps rows it has (Yjs updates are idempotent)', () => {
    // A batch of rows (9, 15] when the node already caught up to 12.
    expect(decideOnRelayedUpdate(12, update(9, 15))).toEqual({ action: 'apply' });
  });

  it('catches up from the log when rows are missing before the message', () => {
    expect(decideOnRelayedUpdate(10, update(11, 12))).toEqual({ action: 'catch-up', afterRowId: 10 });
    expect(decideOnRelayedUpdate(0, update(5, 6))).toEqual({ action: 'catch-up', afterRowId: 0 });
  });

  it('catches up on a head beyond what it has, and ignores one it has reached', () => {
    expect(decideOnRelayedUpdate(10, { kind: 'head', rowId: 14 })).toEqual({ action: 'catch-up', afterRowId: 10 });
    expect(decideOnRelayedUpdate(14, { kind: 'head', rowId: 14 })).toEqual({ action: 'ignore' });
  });
});

describe('reading the client ids of an awareness update', () => {
  it('lists each client and whether the update removes it', () => {
    const fay = new Awareness(new Y.Doc());
    fay.setLocalState({ user: { name: 'Fay' } });
    const bo = new Awareness(new Y.Doc());
    bo.setLocalState({ user: { name: 'Bo' } });
    applyAwarenessUpdate(fay, encodeAwarenessUpdate(bo, [bo.clientID]), 'test');
    expect(readAwarenessEntries(encodeAwarenessUpdate(fay, [fay.clientID, bo.clientID]))).toEqual([
      { clientId: fay.clientID, removed: false },
      { clientId: bo.clientID, removed: false },
    ]);
    removeAwarenessStates(fay, [bo.clientID], 'test');
    expect(readAwarenessEntries(encodeAwarenessUpdate(fay, [bo.clientID]))).toEqual([{ clientId: bo.clientID, removed: true }]);
  });

  it('throws on bytes that are not an awareness update', () => {
    expect(() => readAwarenessEntries(new Uint8Array([5, 1]))).toThrow();
  });
});

describe('node liveness', () => {
  it('expires a node silent for the timeout, once, and keeps one that spoke', () => {
    const liveness = new NodeLiveness(5000);
    liveness.seen('a', 0);
    liveness.seen('b', 0);
    liveness.seen('b', 3000);
    expect(liveness.expire(4999)).toEqual([]);
    expect(liveness.expire(5000)).toEqual(['a']);
    expect(liveness.expire(6000)).toEqual([]);
    expect(liveness.known()).toEqual(['b']);
    expect(liveness.forget('b')).toBe(true);
    expect(liveness.forget('b')).toBe(false);
  });
});

describe("a room's awareness as seen by the presence relay", () => {
  it('answers a query with its own sockets only, and never removes a client now on a socket here', () => {
    const room = new Awareness(new Y.Doc());
    room.setLocalState(null);
    const here = new Awareness(new Y.Doc());
    here.setLocalState({ user: { name: 'Fay' } });
    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { name: 'Bo' } });
    const board = awarenessPresenceBoard(room, () => [here.clientID]);
    expect(board.localStates()).toBeNull();
    applyAwarenessUpdate(room, encodeAwarenessUpdate(here, [here.clientID]), 'socket');
    board.applyRemote(encodeAwarenessUpdate(remote, [remote.clientID]));
    expect(readAwarenessEntries(board.localStates()!)).toEqual([{ clientId: here.clientID, removed: false }]);
    board.removeRemote([here.clientID, remote.clientID]);
    expect([...room.getStates().keys()]).toEqual([here.clientID]);
  });
});

