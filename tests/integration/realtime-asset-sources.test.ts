import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { assetUrl } from '../../server/murals/assets';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { validateBoardRecord } from '../../server/realtime/seed';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import {
  connectClient,
  readStoredDoc,
  seedBoardFixture,
  startTestRealtime,
  tokenFor,
  type BoardFixture,
  type FixtureUser,
  type TestClient,
  type TestRealtime,
} from '../helpers/realtime';

/** Base64 that appears nowhere else: "ThisIsAPhoto" over and over. */
const PHOTO_BASE64 = 'VGhpc0lzQVBob3Rv'.repeat(2000);
const DATA_URL = `data:image/png;base64,${PHOTO_BASE64}`;
const UPLOADED = assetUrl('0123456789abcdef0123456789abcdef');

let database: TestDatabase;
let fixture: BoardFixture;
let server: TestRealtime;
const clients: TestClient[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
  server = await startTestRealtime({ db: database.db });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
  await database.cleanup();
});

async function client(user: FixtureUser): Promise<TestClient> {
  const c = connectClient(server.collabUrl, fixture.pairBoardId, await tokenFor(user, fixture.pairBoardId));
  clients.push(c);
  await waitFor(() => c.provider.synced && c.status, 5000, `${user.name} synced`);
  return c;
}

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

/** Every byte the server sends this client from now on, as text, to look for a payload in. */
function receivedBytes(c: TestClient): { text: () => string } {
  const chunks: Buffer[] = [];
  c.provider.ws?.addEventListener('message', (event: MessageEvent) => chunks.push(Buffer.from(event.data as ArrayBuffer)));
  return { text: () => Buffer.concat(chunks).toString('latin1') };
}

/** Makes a change on `writer` and waits until the server has committed its batch and relayed it to `peer`. */
async function change(writer: TestClient, peer: TestClient, write: () => void): Promise<void> {
  const [writerSaved, peerRelays] = [writer.savedCount, peer.relaysReceived];
  write();
  await waitFor(() => writer.savedCount > writerSaved && peer.relaysReceived > peerRelays, 5000, 'change saved and relayed');
}

async function storedAsset(id: string): Promise<unknown> {
  const doc = await readStoredDoc(createPrismaBoardStore(database.db), fixture.pairBoardId);
  const value = doc.getMap(RECORDS_MAP).get(id);
  doc.destroy();
  return value;
}

/** Every stored log row and snapshot of the board, as text. */
async function storedBytes(): Promise<string> {
  const rows = await database.db.boardUpdate.findMany({ where: { boardId: fixture.pairBoardId } });
  const snapshot = await database.db.boardSnapshot.findUnique({ where: { boardId: fixture.pairBoardId } });
  return [...rows.map((r) => Buffer.from(r.data)), Buffer.from(snapshot?.data ?? [])].map((b) => b.toString('latin1')).join('\n');
}

describe('pictures in the board document point at uploads, never inline', () => {
  it('a base64 picture from a participant’s raw client is refused: not kept, not relayed, not stored', async () => {
    const lee = await client(fixture.layPartner);
    const priya = await client(fixture.professional);
    // tldraw's own schema accepts a data: URL; only our rule refuses it.
    expect(() => validateBoardRecord(imageAsset('asset:photo', DATA_URL))).not.toThrow();
    const toPriya = receivedBytes(priya);

    await change(lee, priya, () => lee.records.set('asset:photo', imageAsset('asset:photo', DATA_URL)));

    expect(lee.records.has('asset:photo')).toBe(false);
    expect(priya.records.has('asset:photo')).toBe(false);
    expect(await storedAsset('asset:photo')).toBeUndefined();
    // The refused bytes are in neither the log nor anything sent to the peer.
    expect(toPriya.text().length).toBeGreaterThan(0);
    expect(toPriya.text()).not.toContain('VGhpc0lzQVBob3Rv');
    expect(await storedBytes()).not.toContain('VGhpc0lzQVBob3Rv');
  });

  it('keeps the upload flow (no source, then our address) and refuses other hosts and a later switch to base64', async () => {
    const lee = await client(fixture.layPartner);
    const priya = await client(fixture.professional);

    lee.records.set('asset:elsewhere', imageAsset('asset:elsewhere', 'https://example.org/photo.png'));
    await change(lee, priya, () => lee.records.set('asset:upload', imageAsset('asset:upload', null)));
    expect(priya.records.has('asset:elsewhere')).toBe(false);
    expect(priya.records.get('asset:upload')).toMatchObject({ props: { src: null } });

    await change(lee, priya, () => lee.records.set('asset:upload', imageAsset('asset:upload', UPLOADED)));
    expect(priya.records.get('asset:upload')).toMatchObject({ props: { src: UPLOADED } });

    await change(lee, priya, () => lee.records.set('asset:upload', imageAsset('asset:upload', DATA_URL)));
    expect(lee.records.get('asset:upload')).toMatchObject({ props: { src: UPLOADED } });
    expect(priya.records.get('asset:upload')).toMatchObject({ props: { src: UPLOADED } });
    expect(await storedAsset('asset:upload')).toMatchObject({ props: { src: UPLOADED } });
    expect(await storedBytes()).not.toContain('VGhpc0lzQVBob3Rv');
  });

  it('holds for facilitators too', async () => {
    const fran = await client(fixture.facilitator);
    const lee = await client(fixture.layPartner);
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
      expect(await storedAsset(id)).toBeUndefined();
    }
  });
});
