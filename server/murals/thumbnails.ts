import type { Db } from '../db/client';
import { resolveBoardAccess } from '../db/access';
import { notFound } from '../errors';
import type { Actor } from '../domain/people';
import { renderBoardPreview } from './board-preview';
import { randomFileName, readStoredFile, storedFileRow } from './files';
import { boardGate } from '../access/board-gate';
import { MAX_THUMBNAIL_BYTES, cleanImage, thumbnailOf } from './images';
import { UploadInput } from './input';

/** Width of a board's picture in lists, in pixels. */
export const BOARD_THUMBNAIL_WIDTH_PX = 480;
/** A board's picture is replaced at most this often, whoever sends it (browsers send less often). */
export const THUMBNAIL_MIN_INTERVAL_MS = 60_000;

/**
 * Replaces a board's picture for board lists (anyone who may edit the board; their browser
 * renders it while they work). Answers `{ saved: false }` when the last one is too recent.
 */
export async function saveBoardThumbnail(db: Db, actor: Actor, boardId: string, bytes: Uint8Array, now = new Date()): Promise<{ saved: boolean }> {
  const { data } = await boardGate(db, actor, boardId, 'edit', UploadInput, { fileName: 'thumbnail.png', bytes });
  const existing = await db.boardThumbnail.findUnique({ where: { boardId } });
  if (existing && now.getTime() - existing.updatedAt.getTime() < THUMBNAIL_MIN_INTERVAL_MS) return { saved: false };
  const image = await cleanImage(data.bytes, MAX_THUMBNAIL_BYTES, ['image/png']);
  const fileName = existing?.fileName ?? randomFileName('image/png');
  const file = storedFileRow(boardId, 'thumbnails', fileName, await thumbnailOf(image.data, BOARD_THUMBNAIL_WIDTH_PX));
  await db.$transaction([
    db.storedFile.upsert({ where: { name: fileName }, create: file, update: { data: file.data } }),
    db.boardThumbnail.upsert({
      where: { boardId },
      create: { boardId, fileName, updatedById: actor.id, updatedAt: now },
      update: { updatedById: actor.id, updatedAt: now },
    }),
  ]);
  return { saved: true };
}

/**
 * A board's picture for someone who may see the board (404 when they may not): the one a browser
 * sent, or, until someone has edited the board, a preview of what it holds (for a board nobody
 * has opened yet, its template), so no board shows an empty box.
 */
export async function readBoardThumbnail(db: Db, userId: string, boardId: string): Promise<Buffer> {
  const access = await resolveBoardAccess(db, userId, boardId);
  if (!access) throw notFound('That picture');
  const thumbnail = await db.boardThumbnail.findUnique({ where: { boardId } });
  const sent = thumbnail ? await readStoredFile(db, 'thumbnails', thumbnail.fileName) : null;
  return sent ?? (await renderBoardPreview(db, boardId, BOARD_THUMBNAIL_WIDTH_PX));
}
