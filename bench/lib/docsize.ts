import type { TLRecord } from '@tldraw/tlschema';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { benchNote } from './records';

export interface DocSizeResult {
  moves: number;
  /** JSON snapshot of the note (what a JSON store would hold for it). */
  jsonBytes: number;
  /** Y.encodeStateAsUpdate after the moves, one client moving it. */
  oneClientBytes: number;
  /** The same with two clients taking turns (two people dragging the same note), synced after each move. */
  twoClientsBytes: number;
  /** Two clients each moving it 100 times while offline, then merging, 50 rounds. */
  concurrentBytes: number;
}

/**
 * The document-size metric: a tldraw note stored our way (one RECORDS_MAP entry per record,
 * replaced whole on each change) moved 10,000 times, against its JSON snapshot. Pure Yjs with
 * gc on, as in the server's doc; the server's snapshot is exactly Y.encodeStateAsUpdate of it.
 */
export function measureDocSize(moves: number): DocSizeResult {
  const note = (i: number) => benchNote('moved', 100 + (i % 977), 200 + ((i * 7) % 631), 'Waiting room voices');
  const finalJson = JSON.stringify(note(moves)).length;

  const one = new Y.Doc();
  const oneMap = one.getMap<TLRecord>(RECORDS_MAP);
  for (let i = 1; i <= moves; i++) oneMap.set('shape:moved', note(i));
  const oneClientBytes = Y.encodeStateAsUpdate(one).length;

  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, u, 'peer'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, u, 'peer'));
  for (let i = 1; i <= moves; i++) (i % 2 ? a : b).getMap<TLRecord>(RECORDS_MAP).set('shape:moved', note(i));
  const twoClientsBytes = Y.encodeStateAsUpdate(a).length;

  const c = new Y.Doc();
  const d = new Y.Doc();
  const rounds = 50;
  const per = Math.max(1, Math.floor(moves / (rounds * 2)));
  let i = 0;
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < per; k++) c.getMap<TLRecord>(RECORDS_MAP).set('shape:moved', note(++i));
    for (let k = 0; k < per; k++) d.getMap<TLRecord>(RECORDS_MAP).set('shape:moved', note(++i));
    Y.applyUpdate(c, Y.encodeStateAsUpdate(d, Y.encodeStateVector(c)));
    Y.applyUpdate(d, Y.encodeStateAsUpdate(c, Y.encodeStateVector(d)));
  }
  const concurrentBytes = Y.encodeStateAsUpdate(c).length;
  for (const doc of [one, a, b, c, d]) doc.destroy();
  return { moves, jsonBytes: finalJson, oneClientBytes, twoClientsBytes, concurrentBytes };
}
