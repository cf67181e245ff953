import * as encoding from 'lib0/encoding';
import { describe, expect } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, MESSAGE_SYNC } from '../../lib/collab-protocol';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { validateBoardRecord } from '../../server/realtime/seed';
import { waitFor } from '../helpers/db';
import { changeAndRelay, noteRecord, readStoredDoc, receivedBytes, storedBytes, storedRecord } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

/** A string that appears nowhere else, to look for in what is stored and sent. */
const MARKER = 'ForeignContentMarker7c1';

/** A shape tldraw's schema accepts, built on a note with another type and props. */
function shapeRecord(key: string, type: string, props: Record<string, unknown>) {
  return { ...noteRecord(key), type, props };
}

const BOOKMARK_ASSET = {
  id: 'asset:site',
  typeName: 'asset',
  type: 'bookmark',
  props: { title: 'A site', description: '', image: 'https://tracker.example/i.png', favicon: 'https://tracker.example/f.ico', src: 'https://tracker.example/' },
  meta: {},
};

describe('board content that would make a viewer’s browser reach another host is refused', () => {
  it('bookmark and embed shapes and bookmark assets are taken out in the same batch: never relayed, never stored', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    const refused = {
      'shape:bookmark': shapeRecord('shape:bookmark', 'bookmark', { w: 300, h: 320, assetId: null, url: 'https://tracker.example/' }),
      'shape:embed': shapeRecord('shape:embed', 'embed', { w: 300, h: 320, url: 'https://www.youtube.com/watch?v=1' }),
      'asset:site': BOOKMARK_ASSET,
    };
    // tldraw's schema accepts every one of them; only the board's own rule refuses them.
    for (const record of Object.values(refused)) expect(() => validateBoardRecord(record)).not.toThrow();
    const toPriya = receivedBytes(priya);

    await changeAndRelay(lee, priya, () =>
      lee.doc.transact(() => {
        for (const [key, record] of Object.entries(refused)) lee.records.set(key, record);
        lee.records.set('shape:kept', noteRecord('shape:kept'));
      }),
    );

    expect(priya.records.has('shape:kept')).toBe(true);
    const store = createPrismaBoardStore(database.db);
    for (const key of Object.keys(refused)) {
      expect(lee.records.has(key)).toBe(false);
      expect(priya.records.has(key)).toBe(false);
      expect(await storedRecord(store, board, key)).toBeUndefined();
    }
    expect(toPriya.text()).not.toContain('tracker.example');
    expect(await storedBytes(database.db, board)).not.toContain('tracker.example');
  });

  it('another host’s address in any property is refused, however it is written; typed text and links a person follows stay', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    const addresses = ['https://tracker.example/p', '//tracker.example/p', 'HTTPS:tracker.example', '\\\\tracker.example\\p', ' \thttp://tracker.example', 'wss://tracker.example'];
    const withUrl = (key: string, url: string) => ({ ...noteRecord(key), props: { ...noteRecord(key).props, url } });
    const linked = noteRecord('shape:linked', 'see https://www.nhs.uk');
    const paragraph = { type: 'paragraph', content: [{ type: 'text', text: 'https://www.nhs.uk', marks: [{ type: 'link', attrs: { href: 'https://www.nhs.uk' } }] }] };
    const withLink = { ...linked, props: { ...linked.props, richText: { type: 'doc', content: [paragraph] } } };
    const onMeta = { ...noteRecord('shape:meta'), meta: { source: 'https://tracker.example/pixel.gif' } };

    await changeAndRelay(lee, priya, () =>
      lee.doc.transact(() => {
        addresses.forEach((url, i) => lee.records.set(`shape:url-${i}`, withUrl(`shape:url-${i}`, url)));
        lee.records.set('shape:linked', withLink);
        lee.records.set('shape:meta', onMeta);
        lee.records.set('shape:own', withUrl('shape:own', '/api/assets/0123456789abcdef0123456789abcdef'));
      }),
    );

    for (let i = 0; i < addresses.length; i++) expect(priya.records.has(`shape:url-${i}`), addresses[i]).toBe(false);
    expect(priya.records.has('shape:meta')).toBe(false);
    expect(priya.records.get('shape:linked')).toMatchObject({ props: { richText: { content: [paragraph] } } });
    expect(priya.records.has('shape:own')).toBe(true);
    expect(await storedBytes(database.db, board)).not.toContain('tracker.example');
  });

  it('record types a board does not use (a camera, a pointer, presence) are refused', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    const session = {
      'camera:page:board': { id: 'camera:page:board', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} },
      'pointer:pointer': { id: 'pointer:pointer', typeName: 'pointer', x: 0, y: 0, lastActivityTimestamp: 0, meta: {} },
    };
    for (const record of Object.values(session)) expect(() => validateBoardRecord(record)).not.toThrow();

    await changeAndRelay(lee, priya, () =>
      lee.doc.transact(() => {
        for (const [key, record] of Object.entries(session)) lee.records.set(key, record);
        lee.records.set('shape:kept', noteRecord('shape:kept'));
      }),
    );

    const store = createPrismaBoardStore(database.db);
    for (const key of Object.keys(session)) {
      expect(priya.records.has(key)).toBe(false);
      expect(await storedRecord(store, board, key)).toBeUndefined();
    }
    expect(priya.records.has('shape:kept')).toBe(true);
  });
});

describe('only the board’s own root types may change', () => {
  it('content written into another root type is taken out in the same batch: not relayed, not stored', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    const toPriya = receivedBytes(priya);

    await changeAndRelay(lee, priya, () =>
      lee.doc.transact(() => {
        lee.doc.getMap('smuggled').set('payload', MARKER.repeat(100));
        lee.doc.getArray('list').insert(0, [MARKER]);
        lee.records.set('shape:kept', noteRecord('shape:kept'));
      }),
    );

    expect(priya.records.has('shape:kept')).toBe(true);
    expect(priya.doc.getMap('smuggled').size).toBe(0);
    expect(priya.doc.getArray('list').length).toBe(0);
    // The writer's own copy is put back too (the relay of the server's repair reaches it).
    await waitFor(() => lee.doc.getMap('smuggled').size === 0 && lee.doc.getArray('list').length === 0, 5000, 'writer repaired');
    expect(toPriya.text()).not.toContain(MARKER);
    expect(await storedBytes(database.db, board)).not.toContain(MARKER);
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), board);
    expect(stored.getMap('smuggled').size).toBe(0);
    stored.destroy();
  });
});

describe('a board’s size is capped', () => {
  it('past the cap only facilitators may change it, and everyone is told; under it again, everyone edits', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    // The seeded pair board is a few kilobytes: the cap sits 40 KB above it.
    const seeded = (await realtime.start()).realtime;
    const probe = await realtime.connect(boards.professional, board);
    const seededBytes = Y.encodeStateAsUpdate(probe.doc).length;
    probe.destroy();
    await waitFor(() => seeded.stats().boardsLoaded === 0, 5000, 'board unloaded');
    await realtime.start({ limits: { boardSizeMaxBytes: seededBytes + 40_000 } });

    const lee = await realtime.connect(boards.layPartner, board);
    const fran = await realtime.connect(boards.facilitator, board);
    const big = (key: string) => noteRecord(key, `${key} ${'words '.repeat(2_000)}`);
    for (let i = 0; !lee.status?.boardFull; i++) {
      if (i > 10) throw new Error('the board never filled');
      await changeAndRelay(lee, fran, () => lee.records.set(`shape:big-${i}`, big(`shape:big-${i}`)));
    }
    expect(lee.status).toMatchObject({ boardFull: true, access: 'view' });
    await waitFor(() => fran.status?.boardFull, 5000, 'facilitator told');
    expect(fran.status).toMatchObject({ boardFull: true, access: 'edit' });

    // A participant's edit is no longer taken; a facilitator's is.
    lee.records.set('shape:after-full', noteRecord('shape:after-full'));
    await lee.roundTrip();
    await changeAndRelay(fran, lee, () => fran.records.set('shape:by-fran', noteRecord('shape:by-fran')));
    expect(fran.records.has('shape:after-full')).toBe(false);
    expect(await storedRecord(createPrismaBoardStore(database.db), board, 'shape:after-full')).toBeUndefined();

    // The facilitator makes room: everyone edits again, and the participant's dropped edit syncs.
    await changeAndRelay(fran, lee, () => fran.doc.transact(() => [...fran.records.keys()].filter((k) => k.startsWith('shape:big-')).forEach((k) => fran.records.delete(k))));
    await waitFor(() => lee.status && !lee.status.boardFull && lee.status.access === 'edit', 5000, 'participant may edit again');
    await waitFor(() => fran.records.has('shape:after-full'), 5000, 'the dropped edit arrives');
  });
});

describe('a crafted update cannot hold the server', () => {
  /** A Yjs v1 update with no structs and a delete set of `ranges` one-clock ranges. */
  function manyDeletedRanges(ranges: number): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, 424242);
    encoding.writeVarUint(encoder, ranges);
    for (let i = 0; i < ranges; i++) {
      encoding.writeVarUint(encoder, i * 2);
      encoding.writeVarUint(encoder, 1);
    }
    return encoding.toUint8Array(encoder);
  }

  function syncUpdateFrame(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  }

  it('an update listing more deleted ranges than any client sends is refused before Yjs applies it, and other boards keep working', async ({ boards, realtime }) => {
    const other = await realtime.connect(boards.facilitator, boards.workshopBoardId);
    const peer = await realtime.connect(boards.colleague, boards.workshopBoardId);
    const attacker = await realtime.raw(boards.layPartner, boards.pairBoardId);
    // 300,000 ranges in 1.5 MB: Yjs would spend most of a second on it, and a 4 MB one longer.
    attacker.ws.send(syncUpdateFrame(manyDeletedRanges(300_000)));
    expect(await attacker.closed).toBe(CLOSE_CODES.invalidPayload);
    await changeAndRelay(other, peer, () => other.records.set('shape:still-live', noteRecord('shape:still-live')));
    expect(peer.records.has('shape:still-live')).toBe(true);
  });
});
