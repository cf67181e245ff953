import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import type { Db } from '../../server/db/client';
import { expectAppError } from '../helpers/app-errors';
import { readBoardAsset, uploadBoardAsset } from '../../server/murals/assets';
import { moveDiskFilesIntoDatabase } from '../../server/murals/disk-files';
import { getEditionForViewer, listMuralEditions, publishMuralEdition, readEditionImage } from '../../server/murals/editions';
import { listGallery } from '../../server/murals/gallery';
import { MAX_UPLOAD_BYTES } from '../../server/murals/images';
import { editionPosterPdf } from '../../server/murals/poster';
import { createEditionShareLink, listEditionShareLinks, resolveEditionShare, revokeEditionShareLink } from '../../server/murals/share-links';
import { NOTE_FILLS } from '../../server/murals/board-preview';
import { readBoardThumbnail, saveBoardThumbnail } from '../../server/murals/thumbnails';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { noteRecord, seedBoardFixture, type BoardFixture, type FixtureUser } from '../helpers/realtime';

let dataDir: string;
let t: TestDatabase;
let db: Db;
let f: BoardFixture;
let muralId: string;
/** Someone in another programme altogether. */
let stranger: FixtureUser;

beforeAll(() => {
  // Pictures live in the database; the data folder only holds what an earlier version wrote there.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-murals-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

beforeEach(async () => {
  t = await createTestDatabase();
  db = t.db;
  f = await seedBoardFixture(db);
  const board = await db.board.findUniqueOrThrow({ where: { id: f.workshopBoardId } });
  const mural = await db.board.create({ data: { programmeId: board.programmeId, kind: 'mural', title: 'Celebration mural', template: 'mural' } });
  muralId = mural.id;
  const other = await seedBoardFixture(db);
  stranger = other.professional;
});
afterEach(async () => {
  await t.cleanup();
});

const actor = (u: FixtureUser) => ({ id: u.id, isFacilitator: false });

/** A real JPEG carrying EXIF (camera, copyright): what a phone photo looks like. */
async function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Secret Street 1', Make: 'PhoneCo' } })
    .toBuffer();
}

function png(width = 40, height = 30, colour = '#c33'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: colour } }).png().toBuffer();
}

/** Whether a picture has any pixel of `hex` (#rrggbb). */
async function hasColour(picture: Buffer, hex: string): Promise<boolean> {
  const { data, info } = await sharp(picture).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  for (let i = 0; i < data.length; i += info.channels) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) return true;
  return false;
}

/** Writes a note to the board's stored document, as the realtime server would after an edit. */
async function addNoteToBoard(boardId: string, key: string, text: string) {
  const doc = new Y.Doc();
  const records = doc.getMap(RECORDS_MAP);
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => (update = u));
  records.set(`shape:${key}`, noteRecord(key, text));
  await createPrismaBoardStore(db).appendUpdates(boardId, [update as unknown as Uint8Array]);
}

describe('photo uploads', () => {
  it('stores a photo re-encoded without its metadata, for every graduate of the programme and no one else', async () => {
    const uploaded = await uploadBoardAsset(db, actor(f.layPartner), muralId, { fileName: 'our-project.jpg', bytes: await photoWithExif() });
    expect(uploaded.src).toBe(`/api/assets/${uploaded.id}`);
    expect(uploaded).toMatchObject({ mimeType: 'image/jpeg', width: 64, height: 48 });

    // A graduate of the other cohort sees it; the bytes carry no EXIF and no trace of it.
    const seen = await readBoardAsset(db, f.outsider.id, uploaded.id);
    expect(seen.type).toBe('image/jpeg');
    expect((await sharp(seen.data).metadata()).exif).toBeUndefined();
    expect(seen.data.includes(Buffer.from('Secret Street'))).toBe(false);
    // Someone from another programme gets not-found, as for a picture that never existed.
    await expectAppError(readBoardAsset(db, stranger.id, uploaded.id), 'not_found');
    await expectAppError(readBoardAsset(db, f.professional.id, '0'.repeat(32)), 'not_found');
    await expectAppError(readBoardAsset(db, f.professional.id, '../../together-board.db'), 'not_found');
  });

  it('refuses a non-image renamed .png, an oversize file and a path-traversal name, each with a clear message', async () => {
    const a = actor(f.professional);
    await expectAppError(
      uploadBoardAsset(db, a, muralId, { fileName: 'notes.png', bytes: Buffer.from('#!/bin/sh\necho this is not a picture\n') }),
      'invalid_input',
      /not a picture we can use/,
    );
    const oversize = Buffer.concat([await png(), Buffer.alloc(MAX_UPLOAD_BYTES)]);
    await expectAppError(uploadBoardAsset(db, a, muralId, { fileName: 'huge.png', bytes: oversize }), 'too_large', /the limit is 10 MB/);
    for (const fileName of ['../../secrets.json', '..\\..\\boot.ini', '/etc/passwd', '.env']) {
      await expectAppError(uploadBoardAsset(db, a, muralId, { fileName, bytes: await png() }), 'invalid_input', /file name is not allowed/);
    }
    // A PNG with a damaged body is refused too, not stored.
    const damaged = (await png()).subarray(0, 60);
    await expectAppError(uploadBoardAsset(db, a, muralId, { fileName: 'damaged.png', bytes: damaged }), 'invalid_input', /could not be read/);
    expect(await db.boardAsset.count()).toBe(0);
    expect(await db.storedFile.count()).toBe(0);
  });

  it('answers not-found to outsiders and forbidden to people who may only look', async () => {
    await expectAppError(uploadBoardAsset(db, actor(stranger), muralId, { fileName: 'a.png', bytes: await png() }), 'not_found');
    await db.board.update({ where: { id: muralId }, data: { state: 'archived' } });
    await expectAppError(uploadBoardAsset(db, actor(f.professional), muralId, { fileName: 'a.png', bytes: await png() }), 'forbidden', /cannot change it/);
  });
});

describe('editions', () => {
  it('a facilitator publishes; later edits change neither the snapshot bytes nor the image', async () => {
    await addNoteToBoard(muralId, 'tile1', 'Never underestimate the power of a group');
    const image = await png(300, 200, '#fa0');
    const published = await publishMuralEdition(db, actor(f.facilitator), muralId, { title: 'Celebration, November 2016', image });

    const before = await db.muralEdition.findUniqueOrThrow({ where: { id: published.id } });
    const imageBefore = await readEditionImage(db, f.outsider.id, published.id, 'full');
    const viewed = await getEditionForViewer(db, f.outsider.id, published.id);
    expect(Object.values(viewed.records.store).map((r) => (r as { props?: { richText?: unknown } }).props?.richText)).toHaveLength(1);
    expect(JSON.stringify(viewed.records.store)).toContain('Never underestimate the power of a group');

    await addNoteToBoard(muralId, 'tile2', 'Added after the celebration');
    const after = await db.muralEdition.findUniqueOrThrow({ where: { id: published.id } });
    expect(Buffer.from(after.snapshot).equals(Buffer.from(before.snapshot))).toBe(true);
    expect((await readEditionImage(db, f.outsider.id, published.id, 'full')).equals(imageBefore)).toBe(true);
    expect(JSON.stringify((await getEditionForViewer(db, f.professional.id, published.id)).records.store)).not.toContain('Added after');

    const listed = await listMuralEditions(db, actor(f.layPartner), muralId);
    expect(listed.map((e) => e.title)).toEqual(['Celebration, November 2016']);
    expect(listed[0]).toMatchObject({ imageWidth: 300, imageHeight: 200 });
    const thumbnail = await readEditionImage(db, f.layPartner.id, published.id, 'thumbnail');
    expect((await sharp(thumbnail).metadata()).format).toBe('png');
    const gallery = await listGallery(db, f.outsider.id);
    expect(gallery).toHaveLength(1);
    expect(gallery[0].editions.map((e) => e.id)).toEqual([published.id]);
    expect(await listGallery(db, stranger.id)).not.toContainEqual(expect.objectContaining({ boardId: muralId }));
  });

  it('only facilitators publish, only murals have editions, and the picture must be a PNG', async () => {
    const image = await png();
    await expectAppError(publishMuralEdition(db, actor(f.professional), muralId, { title: 'Mine', image }), 'forbidden');
    await expectAppError(publishMuralEdition(db, actor(stranger), muralId, { title: 'Mine', image }), 'not_found');
    await expectAppError(publishMuralEdition(db, actor(f.facilitator), f.workshopBoardId, { title: 'Workshop', image }), 'not_found');
    await expectAppError(publishMuralEdition(db, actor(f.facilitator), muralId, { title: ' ', image }), 'invalid_input', /name for the edition/);
    await expectAppError(
      publishMuralEdition(db, actor(f.facilitator), muralId, { title: 'Photo', image: await photoWithExif() }),
      'invalid_input',
      /PNG image/,
    );
    expect(await db.muralEdition.count()).toBe(0);
  });

  it('someone outside the programme gets not-found for the mural, its editions, its images and exports', async () => {
    const { id } = await publishMuralEdition(db, actor(f.facilitator), muralId, { title: 'Celebration', image: await png() });
    await expectAppError(listMuralEditions(db, actor(stranger), muralId), 'not_found');
    await expectAppError(getEditionForViewer(db, stranger.id, id), 'not_found');
    await expectAppError(readEditionImage(db, stranger.id, id, 'full'), 'not_found');
    await expectAppError(readEditionImage(db, stranger.id, id, 'thumbnail'), 'not_found');
    await expectAppError(editionPosterPdf(db, stranger.id, id, 'A3'), 'not_found');
    await expectAppError(createEditionShareLink(db, actor(stranger), id), 'not_found');
    await expectAppError(readBoardThumbnail(db, stranger.id, muralId), 'not_found');
  });

  it('prints an edition as an A3 or A1 poster PDF', async () => {
    const { id } = await publishMuralEdition(db, actor(f.facilitator), muralId, { title: 'Celebration, November 2016', image: await png(800, 600) });
    const a3 = await editionPosterPdf(db, f.layPartner.id, id, 'A3');
    const a1 = await editionPosterPdf(db, f.layPartner.id, id, 'A1');
    expect(Buffer.from(a3.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(a3.fileName).toBe('celebration-november-2016-A3.pdf');
    // Landscape (the picture is wider than tall): A3 is 420 × 297 mm, A1 is 841 × 594 mm; 1 mm = 72/25.4 pt.
    const pageMm = async (bytes: Uint8Array) => {
      const { width, height } = (await PDFDocument.load(bytes)).getPage(0).getSize();
      return [Math.round((width * 25.4) / 72), Math.round((height * 25.4) / 72)];
    };
    expect(await pageMm(a3.pdf)).toEqual([420, 297]);
    expect(await pageMm(a1.pdf)).toEqual([841, 594]);
    const embedded = (await PDFDocument.load(a1.pdf)).getPage(0).node.Resources()?.toString() ?? '';
    expect(embedded).toMatch(/XObject/);
  });
});

describe('share links', () => {
  it('a facilitator shares an edition by an unguessable, hashed link that stops working when revoked', async () => {
    const { id } = await publishMuralEdition(db, actor(f.facilitator), muralId, { title: 'Celebration', image: await png() });
    await expectAppError(createEditionShareLink(db, actor(f.layPartner), id), 'forbidden');
    const link = await createEditionShareLink(db, actor(f.facilitator), id);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db.editionShareLink.count({ where: { tokenHash: link.token } })).toBe(0);
    expect((await resolveEditionShare(db, link.token))?.id).toBe(id);
    expect(await resolveEditionShare(db, link.token.slice(0, -1) + (link.token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(await listEditionShareLinks(db, actor(f.facilitator), id)).toHaveLength(1);

    await expectAppError(revokeEditionShareLink(db, actor(f.professional), id, { shareLinkId: link.id }), 'forbidden');
    await revokeEditionShareLink(db, actor(f.facilitator), id, { shareLinkId: link.id });
    expect(await resolveEditionShare(db, link.token)).toBeNull();
    expect(await listEditionShareLinks(db, actor(f.facilitator), id)).toHaveLength(0);
  });
});

describe('board thumbnails', () => {
  it('keeps a small picture of a board, replaced at most once a minute, shown only to people who may see the board', async () => {
    const t0 = new Date('2026-11-25T10:00:00Z');
    // No picture yet: a preview of the board's template (nobody has opened it), with its blue prompts.
    const preview = await readBoardThumbnail(db, f.layPartner.id, f.workshopBoardId);
    expect((await sharp(preview).metadata()).format).toBe('png');
    expect(await hasColour(preview, NOTE_FILLS['light-blue'])).toBe(true);
    expect(await saveBoardThumbnail(db, actor(f.professional), f.workshopBoardId, await png(1200, 800), t0)).toEqual({ saved: true });
    const first = await readBoardThumbnail(db, f.layPartner.id, f.workshopBoardId);
    expect(await hasColour(first, NOTE_FILLS['light-blue'])).toBe(false);
    expect((await sharp(first).metadata()).width).toBe(480);
    expect(await saveBoardThumbnail(db, actor(f.layPartner), f.workshopBoardId, await png(600, 400, '#00f'), new Date(t0.getTime() + 5_000))).toEqual({ saved: false });
    expect(await saveBoardThumbnail(db, actor(f.layPartner), f.workshopBoardId, await png(600, 400, '#00f'), new Date(t0.getTime() + 61_000))).toEqual({ saved: true });
    expect((await readBoardThumbnail(db, f.layPartner.id, f.workshopBoardId)).equals(first)).toBe(false);
    // Cohort B's graduate may not see cohort A's workshop board, nor its picture.
    await expectAppError(readBoardThumbnail(db, f.outsider.id, f.workshopBoardId), 'not_found');
    await expectAppError(saveBoardThumbnail(db, actor(f.outsider), f.workshopBoardId, await png()), 'not_found');
  });

  it('previews a board nobody has pictured from what is stored on it', async () => {
    // The pair board as stored after someone wrote on it through the text outline (no canvas, so no picture sent).
    await addNoteToBoard(f.pairBoardId, 'idea', 'An idea');
    const preview = await readBoardThumbnail(db, f.layPartner.id, f.pairBoardId);
    expect(await hasColour(preview, NOTE_FILLS.yellow)).toBe(true);
    expect(await hasColour(preview, NOTE_FILLS['light-blue'])).toBe(false);
  });
});

describe('pictures an earlier version kept in the data folder', () => {
  it('moves them into the database at start, where the same rows find them, and leaves only files nothing names', async () => {
    const write = (area: string, name: string, data: Buffer) => {
      fs.mkdirSync(path.join(dataDir, area), { recursive: true });
      fs.writeFileSync(path.join(dataDir, area, name), data);
    };
    const names = { photo: `${'a'.repeat(32)}.jpg`, image: `${'b'.repeat(32)}.png`, small: `${'c'.repeat(32)}.png`, thumbnail: `${'d'.repeat(32)}.png` };
    const photo = await photoWithExif();
    const [image, small, thumbnail] = await Promise.all([png(300, 200), png(48, 32), png(480, 320, '#00f')]);
    write('uploads', names.photo, photo);
    write('editions', names.image, image);
    write('editions', names.small, small);
    write('thumbnails', names.thumbnail, thumbnail);
    // A file no row names (it could never be shown), and a replacement a crash left half-written.
    write('uploads', `${'e'.repeat(32)}.png`, await png());
    write('thumbnails', `${names.thumbnail}.1a2b3c4d.tmp`, Buffer.from('half'));
    const asset = await db.boardAsset.create({
      data: { id: 'f'.repeat(32), boardId: muralId, uploadedById: f.layPartner.id, mimeType: 'image/jpeg', fileName: names.photo, width: 64, height: 48, byteSize: photo.byteLength },
    });
    const edition = await db.muralEdition.create({
      data: { boardId: muralId, title: 'Before', snapshot: new Uint8Array([0, 0]), imageFile: names.image, thumbnailFile: names.small, imageWidth: 300, imageHeight: 200, publishedById: f.facilitator.id },
    });
    await db.boardThumbnail.create({ data: { boardId: f.workshopBoardId, fileName: names.thumbnail, updatedById: f.professional.id } });

    expect(await moveDiskFilesIntoDatabase(db, dataDir)).toEqual({ moved: 4, unclaimed: 1 });
    expect((await readBoardAsset(db, f.outsider.id, asset.id)).data.equals(photo)).toBe(true);
    expect((await readEditionImage(db, f.layPartner.id, edition.id, 'full')).equals(image)).toBe(true);
    expect((await readEditionImage(db, f.layPartner.id, edition.id, 'thumbnail')).equals(small)).toBe(true);
    expect((await readBoardThumbnail(db, f.layPartner.id, f.workshopBoardId))?.equals(thumbnail)).toBe(true);
    const left = fs.readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
    expect(left).toEqual([`${names.thumbnail}.1a2b3c4d.tmp`, `${'e'.repeat(32)}.png`]);
    // The next start finds nothing more to move.
    expect(await moveDiskFilesIntoDatabase(db, dataDir)).toEqual({ moved: 0, unclaimed: 1 });
  });
});
