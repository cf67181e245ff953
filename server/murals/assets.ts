import crypto from 'node:crypto';
import type { ImageType } from '../../lib/picture-types';
import type { Db } from '../db/client';
import { resolveBoardAccess } from '../db/access';
import { notFound } from '../errors';
import type { Actor } from '../domain/people';
import { randomFileName, readStoredFile, storedFileRow, storedFileType } from './files';
import { boardGate } from '../access/board-gate';
import { MAX_UPLOAD_BYTES, cleanImage } from './images';
import { UploadInput } from './input';

/** The address a board document stores for an uploaded picture (never the picture itself). */
export function assetUrl(assetId: string): string {
  return `/api/assets/${assetId}`;
}

/** Asset ids are 32 hex characters we made; anything else cannot name one. */
const ASSET_ID = /^[a-f0-9]{32}$/;

/**
 * Stores a picture for a board: only for people who may edit it, only images (checked by
 * content), at most MAX_UPLOAD_BYTES, re-encoded without metadata, under a random name.
 */
export async function uploadBoardAsset(db: Db, actor: Actor, boardId: string, input: { fileName: string; bytes: Uint8Array }) {
  const { data } = await boardGate(db, actor, boardId, 'edit', UploadInput, input);
  const image = await cleanImage(data.bytes, MAX_UPLOAD_BYTES);
  const fileName = randomFileName(image.type);
  const [, asset] = await db.$transaction([
    db.storedFile.create({ data: storedFileRow(boardId, 'uploads', fileName, image.data) }),
    db.boardAsset.create({
      data: {
        id: crypto.randomBytes(16).toString('hex'),
        boardId,
        uploadedById: actor.id,
        mimeType: image.type,
        fileName,
        width: image.width,
        height: image.height,
        byteSize: image.data.byteLength,
      },
    }),
  ]);
  return { id: asset.id, src: assetUrl(asset.id), mimeType: image.type, width: image.width, height: image.height, byteSize: asset.byteSize };
}

/** A stored picture's bytes for someone who may see its board; 404 for everyone else. */
export async function readBoardAsset(db: Db, userId: string, assetId: string): Promise<{ data: Buffer; type: ImageType }> {
  if (!ASSET_ID.test(assetId)) throw notFound('That picture');
  const asset = await db.boardAsset.findUnique({ where: { id: assetId } });
  if (!asset || !(await resolveBoardAccess(db, userId, asset.boardId))) throw notFound('That picture');
  const data = await readStoredFile(db, 'uploads', asset.fileName);
  if (!data) throw notFound('That picture');
  return { data, type: storedFileType(asset.fileName) };
}
