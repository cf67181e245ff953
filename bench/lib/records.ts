import type { TLNoteShape, TLRecord } from '@tldraw/tlschema';
import * as Y from 'yjs';
import { META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '../../lib/collab-protocol';
import { boardSchema } from '../../server/realtime/seed';
import { BOARD_PAGE_ID, documentRecords, noteShape, siblingIndexes } from '../../server/realtime/templates/records';

/** A sticky note as the canvas stores it (one RECORDS_MAP entry, replaced whole on each change). */
export function benchNote(id: string, x: number, y: number, text = 'Waiting room voices', meta: Record<string, number | string> = {}): TLNoteShape {
  const note = noteShape({ id, parentId: BOARD_PAGE_ID, index: siblingIndexes(1)[0], x, y, text });
  return { ...note, meta };
}

/**
 * A board document of about `targetBytes` encoded: the document and page records, the schema,
 * and notes with a sentence each, written in one transaction as a client would have built it
 * over time (the encoding of a single-client document is the same either way).
 */
export function bigBoardUpdate(targetBytes: number): { update: Uint8Array; notes: number } {
  const doc = new Y.Doc();
  const records = doc.getMap<TLRecord>(RECORDS_MAP);
  doc.transact(() => {
    for (const record of documentRecords('Bench board')) records.set(record.id, record);
    doc.getMap<unknown>(META_MAP).set(META_SCHEMA_KEY, boardSchema().serialize());
  });
  const probe = benchNote('probe', 0, 0, 'How might we make waiting time feel shorter for people and carers? Idea 0');
  const perNote = JSON.stringify(probe).length + 40;
  const notes = Math.max(1, Math.round(targetBytes / perNote));
  doc.transact(() => {
    for (let i = 0; i < notes; i++) {
      const note = benchNote(`note-${i}`, (i % 50) * 220, Math.floor(i / 50) * 220, `How might we make waiting time feel shorter for people and carers? Idea ${i}`);
      records.set(note.id, note);
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { update, notes };
}

/** The people the bench notes are attributed to, alternately (as the server stamps `meta.createdBy`). */
const BENCH_AUTHORS = [
  { userId: 'bench-author-professional', role: 'professional' },
  { userId: 'bench-author-lay-partner', role: 'lay_partner' },
] as const;

/**
 * A board of `count` sticky notes in a grid 50 wide (220 apart, from the page origin), each with
 * a sentence and an author, plus the document and page records: what a cohort's workshop board
 * looks like after a few workshops. Note `i` has the id `shape:note-i`.
 */
export function noteBoardRecords(count: number, title = 'Bench board'): TLRecord[] {
  const records: TLRecord[] = documentRecords(title);
  const indexes = siblingIndexes(count);
  for (let i = 0; i < count; i++) {
    const note = benchNote(`note-${i}`, (i % 50) * 220, Math.floor(i / 50) * 220, `How might we make waiting time feel shorter for people and carers? Idea ${i}`);
    records.push({ ...note, index: indexes[i], meta: { createdBy: { ...BENCH_AUTHORS[i % 2] } } });
  }
  return records;
}

/** One Yjs update holding `records` and the schema, as the server stores a board. */
export function boardUpdate(records: TLRecord[]): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap<TLRecord>(RECORDS_MAP);
  doc.transact(() => {
    for (const record of records) map.set(record.id, record);
    doc.getMap<unknown>(META_MAP).set(META_SCHEMA_KEY, boardSchema().serialize());
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
