import { describe, expect } from 'vitest';
import { assetUrl } from '../../server/murals/assets';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { validateBoardRecord } from '../../server/realtime/seed';
import { changeAndRelay as change, receivedBytes, storedBytes, storedRecord } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

/** Base64 that appears nowhere else: "ThisIsAPhoto" over and over. */
const PHOTO_BASE64 = 'VGhpc0lzQVBob3Rv'.repeat(2000);
const DATA_URL = `data:image/png;base64,${PHOTO_BASE64}`;
const UPLOADED = assetUrl('0123456789abcdef0123456789abcdef');

/** An image asset record as tldraw writes it. */
function imageAsset(id: string, src: string | null) {
  return {
    id,
    typeName: 'asset',
    type: 'image',
    props: { name: 'photo.png', src, w: 640, h: 480, mimeType: 'image/png', isAnimated: false },
    meta: {},
  };
}

describe('pictures in the board document point at uploads, never inline', () => {
  it('a base64 picture from a participant’s raw client is refused: not kept, not relayed, not stored', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const stored = (id: string) => storedRecord(createPrismaBoardStore(database.db), board, id);
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    // tldraw's own schema accepts a data: URL; only our rule refuses it.
    expect(() => validateBoardRecord(imageAsset('asset:photo', DATA_URL))).not.toThrow();
    const toPriya = receivedBytes(priya);

    await change(lee, priya, () => lee.records.set('asset:photo', imageAsset('asset:photo', DATA_URL)));

    expect(lee.records.has('asset:photo')).toBe(false);
    expect(priya.records.has('asset:photo')).toBe(false);
    expect(await stored('asset:photo')).toBeUndefined();
    // The refused bytes are in neither the log nor anything sent to the peer.
    expect(toPriya.text().length).toBeGreaterThan(0);
    expect(toPriya.text()).not.toContain('VGhpc0lzQVBob3Rv');
    expect(await storedBytes(database.db, board)).not.toContain('VGhpc0lzQVBob3Rv');
  });

  it('keeps the upload flow (no source, then our address) and refuses other hosts and a later switch to base64', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const stored = (id: string) => storedRecord(createPrismaBoardStore(database.db), board, id);
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);

    lee.records.set('asset:elsewhere', imageAsset('asset:elsewhere', 'https://example.org/photo.png'));
    await change(lee, priya, () => lee.records.set('asset:upload', imageAsset('asset:upload', null)));
    expect(priya.records.has('asset:elsewhere')).toBe(false);
    expect(priya.records.get('asset:upload')).toMatchObject({ props: { src: null } });

    await change(lee, priya, () => lee.records.set('asset:upload', imageAsset('asset:upload', UPLOADED)));
    expect(priya.records.get('asset:upload')).toMatchObject({ props: { src: UPLOADED } });

    await change(lee, priya, () => lee.records.set('asset:upload', imageAsset('asset:upload', DATA_URL)));
    expect(lee.records.get('asset:upload')).toMatchObject({ props: { src: UPLOADED } });
    expect(priya.records.get('asset:upload')).toMatchObject({ props: { src: UPLOADED } });
    expect(await stored('asset:upload')).toMatchObject({ props: { src: UPLOADED } });
    expect(await storedBytes(database.db, board)).not.toContain('VGhpc0lzQVBob3Rv');
  });

  it('holds for facilitators too', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const stored = (id: string) => storedRecord(createPrismaBoardStore(database.db), board, id);
    const fran = await realtime.connect(boards.facilitator, board);
    const lee = await realtime.connect(boards.layPartner, board);
    const video = imageAsset('asset:clip', 'data:video/mp4;base64,AAAA');
    await change(fran, lee, () =>
      fran.doc.transact(() => {
        fran.records.set('asset:clip', { ...video, type: 'video', props: { ...video.props, name: 'clip.mp4', mimeType: 'video/mp4' } });
        fran.records.set('asset:photo', imageAsset('asset:photo', DATA_URL));
      }),
    );
    for (const id of ['asset:clip', 'asset:photo']) {
      expect(fran.records.has(id)).toBe(false);
      expect(lee.records.has(id)).toBe(false);
      expect(await stored(id)).toBeUndefined();
    }
  });
});
