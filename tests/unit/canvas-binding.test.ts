import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  toRichText,
  type IndexKey,
  type TLRecord,
  type TLStore,
} from 'tldraw';
import { META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '../../lib/collab-protocol';
import { LOCAL_ORIGIN, StoreDocBinding } from '../../canvas/yjs-binding';

/** A board the way the server seeds it: a document record, a page, and the schema. */
function seededDoc(): Y.Doc {
  const template = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const records: TLRecord[] = [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: PageRecordType.createId('page'), name: 'Page 1', index: 'a1' as IndexKey }),
  ];
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const record of records) doc.getMap(RECORDS_MAP).set(record.id, record);
    doc.getMap(META_MAP).set(META_SCHEMA_KEY, template.schema.serialize());
  });
  return doc;
}

/** Wires two docs together in memory, both ways, the way a relay would (a remote origin). */
function wire(a: Y.Doc, b: Y.Doc): () => void {
  const fromA = Symbol('from a');
  const fromB = Symbol('from b');
  const toB = (update: Uint8Array, origin: unknown) => origin !== fromB && Y.applyUpdate(b, update, fromA);
  const toA = (update: Uint8Array, origin: unknown) => origin !== fromA && Y.applyUpdate(a, update, fromB);
  a.on('update', toB);
  b.on('update', toA);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), fromA);
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b), fromB);
  return () => {
    a.off('update', toB);
    b.off('update', toA);
  };
}

interface Client {
  store: TLStore;
  doc: Y.Doc;
  binding: StoreDocBinding;
  flushes: Array<() => void>;
  newer: boolean;
  writable: boolean;
  held: boolean[];
}

const clients: Client[] = [];

function client(doc: Y.Doc, writable = true): Client {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils });
  const state: Client = { store, doc, binding: undefined as unknown as StoreDocBinding, flushes: [], newer: false, writable, held: [] };
  state.binding = new StoreDocBinding(store, doc, {
    canWrite: () => state.writable,
    onHeld: (held) => state.held.push(held),
    onNewerSchema: () => {
      state.newer = true;
    },
    // Deterministic batching: the test decides when a "frame" passes.
    schedule: (flush) => {
      state.flushes.push(flush);
      return () => {
        state.flushes = state.flushes.filter((f) => f !== flush);
      };
    },
  });
  clients.push(state);
  return state;
}

/** Two screens, each with its own document wired to the server's: neither loaded yet. */
function twoClients(server: Y.Doc) {
  const docA = new Y.Doc();
  const docB = new Y.Doc();
  const unwireA = wire(docA, server);
  wire(docB, server);
  return { docA, docB, unwireA, a: client(docA), b: client(docB) };
}

/** A seeded board and one client on it, loaded and listening. */
function startedClient(writable = true): { doc: Y.Doc; a: Client } {
  const doc = seededDoc();
  const a = client(doc, writable);
  a.binding.load();
  a.binding.start();
  return { doc, a };
}

function frame(c: Client) {
  for (const flush of c.flushes.splice(0)) flush();
}

function note(id: string, x: number): TLRecord {
  return {
    id: createShapeId(id),
    typeName: 'shape',
    type: 'note',
    x,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: toRichText(`note at ${x}`),
      scale: 1,
      textLastEditedBy: null,
    },
  } as unknown as TLRecord;
}

function putAsUser(store: TLStore, record: TLRecord) {
  store.put([record]);
}

afterEach(() => {
  for (const c of clients.splice(0)) c.binding.dispose();
});

describe('StoreDocBinding', () => {
  it('loads the seeded document into the store', () => {
    const a = client(seededDoc());
    expect(a.binding.load()).toBe('loaded');
    expect(a.store.get('page:page' as TLRecord['id'])).toBeTruthy();
  });

  it('never seeds: an empty document loads as empty and writes nothing', () => {
    const doc = new Y.Doc();
    const a = client(doc);
    expect(a.binding.load()).toBe('empty');
    expect(doc.getMap(RECORDS_MAP).size).toBe(0);
  });

  it('sends a local edit to the other client in one transaction, with no echo', () => {
    const server = seededDoc();
    const { a, b } = twoClients(server);
    a.binding.load();
    b.binding.load();
    a.binding.start();
    b.binding.start();

    let transactionsA = 0;
    a.doc.on('afterTransaction', (tx: Y.Transaction) => {
      if (tx.origin === LOCAL_ORIGIN) transactionsA++;
    });
    let updatesB = 0;
    b.doc.on('update', (_u: Uint8Array, origin: unknown) => origin === LOCAL_ORIGIN && updatesB++);

    // A drag: many moves within one frame become one write.
    for (let x = 0; x <= 50; x += 5) putAsUser(a.store, note('n1', x));
    frame(a);
    expect(transactionsA).toBe(1);
    expect((b.store.get(createShapeId('n1')) as { x: number } | undefined)?.x).toBe(50);
    // B applied it as a remote change: nothing to write back.
    expect(b.flushes).toHaveLength(0);
    frame(b);
    expect(updatesB).toBe(0);
  });

  it('loads a large board into tldraw in one change, and then applies one remote edit to that record alone', () => {
    // Issue 14: a partner's edit must cost the same on a board of 1,000 notes as on one of ten.
    const server = seededDoc();
    server.transact(() => {
      for (let i = 0; i < 1000; i++) server.getMap(RECORDS_MAP).set(createShapeId(`n${i}`), note(`n${i}`, i * 10));
    });
    const { a, b } = twoClients(server);
    const loads: number[] = [];
    // (tldraw adds this screen's own camera and pointer records after the first put: not the board's.)
    const stopLoad = b.store.listen(({ changes }) => loads.push(Object.keys(changes.added).length), { scope: 'document' });
    a.binding.load();
    b.binding.load();
    stopLoad();
    // Handed to tldraw once, not record by record.
    expect(loads).toEqual([1002]);
    a.binding.start();
    b.binding.start();

    const writtenKeys: string[] = [];
    a.doc.getMap(RECORDS_MAP).observe((event) => writtenKeys.push(...event.keysChanged));
    const applied: Array<{ added: number; updated: string[]; removed: number }> = [];
    b.store.listen(
      ({ changes }) =>
        applied.push({ added: Object.keys(changes.added).length, updated: Object.keys(changes.updated), removed: Object.keys(changes.removed).length }),
      { source: 'remote' },
    );
    putAsUser(a.store, note('n500', 12345));
    frame(a);

    expect(writtenKeys).toEqual([createShapeId('n500')]);
    expect(applied).toEqual([{ added: 0, updated: [createShapeId('n500')], removed: 0 }]);
    expect((b.store.get(createShapeId('n500')) as { x: number } | undefined)?.x).toBe(12345);
  });

  it('applies remote deletions and converges after concurrent edits', () => {
    const server = seededDoc();
    const { a, b } = twoClients(server);
    for (const c of [a, b]) {
      c.binding.load();
      c.binding.start();
    }
    putAsUser(a.store, note('n1', 1));
    putAsUser(b.store, note('n2', 2));
    frame(a);
    frame(b);
    a.store.remove([createShapeId('n2')]);
    frame(a);
    const ids = (s: TLStore) => Object.keys(s.serialize('document')).sort();
    expect(ids(a.store)).toEqual(ids(b.store));
    expect(b.store.has(createShapeId('n2'))).toBe(false);
    expect(b.store.has(createShapeId('n1'))).toBe(true);
  });

  it('keeps offline edits and merges them when the connection returns', () => {
    const server = seededDoc();
    const { a, b, unwireA } = twoClients(server);
    for (const c of [a, b]) {
      c.binding.load();
      c.binding.start();
    }
    unwireA();
    putAsUser(a.store, note('offline', 7));
    frame(a);
    putAsUser(b.store, note('online', 8));
    frame(b);
    expect(b.store.has(createShapeId('offline'))).toBe(false);
    wire(a.doc, server);
    expect(b.store.has(createShapeId('offline'))).toBe(true);
    expect(a.store.has(createShapeId('online'))).toBe(true);
  });

  it('moves the state vector on a deletion, so "saved" can only follow the server having it', () => {
    const { doc, a } = startedClient();
    putAsUser(a.store, note('n1', 1));
    frame(a);
    const before = Y.encodeStateVector(doc);
    a.store.remove([createShapeId('n1')]);
    frame(a);
    expect(doc.getMap(RECORDS_MAP).has(createShapeId('n1'))).toBe(false);
    expect(Y.encodeStateVector(doc)).not.toEqual(before);
  });

  it('does not write while read-only, but holds the changes (and says so) until it may write again', () => {
    const { doc, a } = startedClient(false);
    putAsUser(a.store, note('n1', 1));
    frame(a);
    expect(doc.getMap(RECORDS_MAP).has(createShapeId('n1'))).toBe(false);
    expect(a.held).toEqual([true]);
    // The board is unlocked: what was typed as it was locked is written, not lost.
    a.writable = true;
    a.binding.flush();
    expect(doc.getMap(RECORDS_MAP).has(createShapeId('n1'))).toBe(true);
    expect(a.held).toEqual([true, false]);
  });

  it('keeps the text of the shape this person is writing in when another client changes it, and writes it again', () => {
    const { doc, a } = startedClient();
    putAsUser(a.store, note('n1', 1));
    frame(a);
    a.binding.protectWhileWriting(() => createShapeId('n1'));
    // Someone else's whole record arrives: moved, with other text.
    const theirs = { ...note('n1', 40), props: { ...(note('n1', 1) as { props: object }).props, richText: toRichText('their words') } } as TLRecord;
    doc.transact(() => doc.getMap(RECORDS_MAP).set(createShapeId('n1'), theirs), 'remote');
    const mine = a.store.get(createShapeId('n1')) as { x: number; props: { richText: unknown } };
    expect(mine.x).toBe(40);
    expect(mine.props.richText).toEqual(toRichText('note at 1'));
    frame(a);
    expect((doc.getMap(RECORDS_MAP).get(createShapeId('n1')) as { props: { richText: unknown } }).props.richText).toEqual(toRichText('note at 1'));
  });

  it('shuts the gate when the document was written by a newer schema, and never writes', () => {
    const doc = seededDoc();
    const schema = doc.getMap(META_MAP).get(META_SCHEMA_KEY) as { sequences: Record<string, number> };
    doc.getMap(META_MAP).set(META_SCHEMA_KEY, { schemaVersion: 2, sequences: { ...schema.sequences, 'com.tldraw.shape': 99 } });
    const a = client(doc);
    expect(a.binding.load()).toBe('newer');
    expect(a.newer).toBe(true);
  });

  it('stops writing when a newer client upgrades the document while this one is open', () => {
    const { doc, a } = startedClient();
    const schema = doc.getMap(META_MAP).get(META_SCHEMA_KEY) as { sequences: Record<string, number> };
    doc.getMap(META_MAP).set(META_SCHEMA_KEY, { schemaVersion: 2, sequences: { ...schema.sequences, 'com.tldraw.shape': 99 } });
    expect(a.newer).toBe(true);
    putAsUser(a.store, note('n1', 1));
    frame(a);
    expect(doc.getMap(RECORDS_MAP).has(createShapeId('n1'))).toBe(false);
  });

  it('skips a remote record that fails validation instead of breaking the board', () => {
    const { doc, a } = startedClient();
    doc.transact(() => {
      doc.getMap(RECORDS_MAP).set('shape:bad', { id: 'shape:bad', typeName: 'shape', type: 'note', x: 'not a number' });
    }, 'remote');
    expect(a.store.has('shape:bad' as TLRecord['id'])).toBe(false);
    expect(a.store.get('page:page' as TLRecord['id'])).toBeTruthy();
  });
});
