import type { Db } from '../db/client';
import { resolveBoardAccess } from '../db/access';
import { notFound } from '../errors';
import type { Actor } from '../domain/people';
import { readCommittedBoardState, recordsOfState } from './document';
import { randomFileName, readStoredFile, storedFileRow } from './files';
import { boardGate } from '../access/board-gate';
import { MAX_EDITION_IMAGE_BYTES, cleanImage, thumbnailOf } from './images';
import { NoInput, PublishEditionInput } from './input';

/** Width of an edition's picture in lists, in pixels. */
export const EDITION_THUMBNAIL_WIDTH_PX = 480;

/**
 * Publishes a mural as a named edition (facilitators only): the committed Yjs state at this
 * moment, frozen as bytes, and the picture the facilitator's browser rendered, checked and
 * re-encoded like any upload. The row and its files are never changed afterwards, so later
 * edits to the live mural cannot touch an edition.
 */
export async function publishMuralEdition(db: Db, actor: Actor, boardId: string, input: { title: unknown; image: Uint8Array }) {
  const { data } = await boardGate(db, actor, boardId, 'mural.publish', PublishEditionInput, input, { muralOnly: true });
  const image = await cleanImage(data.image, MAX_EDITION_IMAGE_BYTES, ['image/png']);
  const snapshot = await readCommittedBoardState(db, boardId);
  const imageFile = randomFileName('image/png');
  const thumbnailFile = randomFileName('image/png');
  const thumbnail = await thumbnailOf(image.data, EDITION_THUMBNAIL_WIDTH_PX);
  const [, , edition] = await db.$transaction([
    db.storedFile.create({ data: storedFileRow(boardId, 'editions', imageFile, image.data) }),
    db.storedFile.create({ data: storedFileRow(boardId, 'editions', thumbnailFile, thumbnail) }),
    db.muralEdition.create({
      data: {
        boardId,
        title: data.title,
        snapshot: new Uint8Array(snapshot),
        imageFile,
        thumbnailFile,
        imageWidth: image.width,
        imageHeight: image.height,
        publishedById: actor.id,
      },
    }),
  ]);
  return { id: edition.id, title: edition.title, publishedAt: edition.publishedAt.toISOString() };
}

/** What a list shows about an edition. */
export interface EditionSummary {
  id: string;
  title: string;
  publishedAt: string;
  imageWidth: number;
  imageHeight: number;
}

function summary(e: { id: string; title: string; publishedAt: Date; imageWidth: number; imageHeight: number }): EditionSummary {
  return { id: e.id, title: e.title, publishedAt: e.publishedAt.toISOString(), imageWidth: e.imageWidth, imageHeight: e.imageHeight };
}

/** A mural's editions, newest first, for someone who may see the mural (404 otherwise). */
export async function listMuralEditions(db: Db, actor: Actor, boardId: string): Promise<EditionSummary[]> {
  await boardGate(db, actor, boardId, 'view', NoInput, {}, { muralOnly: true });
  const editions = await db.muralEdition.findMany({
    where: { boardId },
    orderBy: { publishedAt: 'desc' },
    select: { id: true, title: true, publishedAt: true, imageWidth: true, imageHeight: true },
  });
  return editions.map(summary);
}

/** An edition and the viewer's access to its mural; 404 when it does not exist or they may not see it. */
export async function requireEdition(db: Db, userId: string, editionId: string) {
  if (!/^[a-z0-9]{1,64}$/.test(editionId)) throw notFound('That edition');
  const edition = await db.muralEdition.findUnique({ where: { id: editionId }, include: { board: { select: { title: true } } } });
  const access = edition ? await resolveBoardAccess(db, userId, edition.boardId) : null;
  if (!edition || !access) throw notFound('That edition');
  return { edition, access };
}

/** An edition as the gallery shows it: its summary, its mural and its frozen records. */
export async function getEditionForViewer(db: Db, userId: string, editionId: string) {
  const { edition, access } = await requireEdition(db, userId, editionId);
  return {
    ...summary(edition),
    boardId: edition.boardId,
    boardTitle: edition.board.title,
    role: access.role,
    records: recordsOfState(edition.snapshot),
  };
}

/** An edition's picture ('full' or 'thumbnail') for someone who may see its mural. */
export async function readEditionImage(db: Db, userId: string, editionId: string, size: 'full' | 'thumbnail'): Promise<Buffer> {
  const { edition } = await requireEdition(db, userId, editionId);
  return readEditionFile(db, edition, size);
}

/** Reads one of an edition's stored pictures (the caller has decided the viewer may see it). */
export async function readEditionFile(db: Db, edition: { imageFile: string; thumbnailFile: string }, size: 'full' | 'thumbnail'): Promise<Buffer> {
  const data = await readStoredFile(db, 'editions', size === 'full' ? edition.imageFile : edition.thumbnailFile);
  if (!data) throw notFound('That picture');
  return data;
}
