import crypto from 'node:crypto';
import type { Db } from '../db/client';
import type { ImageType } from '../../lib/picture-types';

/**
 * Pictures' bytes, in the database (StoredFile): every node behind a balancer serves every
 * picture, whichever node took the upload. Each row belongs to a board (deleted with it) and is
 * named by a random name its owner row holds.
 */

/** What a picture is for: a photo on a board, an edition's pictures, a board's thumbnail. */
export type FileArea = 'uploads' | 'editions' | 'thumbnails';

export const FILE_AREAS: readonly FileArea[] = ['uploads', 'editions', 'thumbnails'];
const EXTENSION: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
/** Only names we made ourselves are ever looked up: 32 hex characters and a known extension. */
const STORED_NAME = /^[a-f0-9]{32}\.(png|jpg|webp|gif)$/;

/** A new random name for an image (never derived from what the person uploaded). */
export function randomFileName(type: ImageType): string {
  return `${crypto.randomBytes(16).toString('hex')}.${EXTENSION[type]}`;
}

/** Whether `name` is one we could have made (nothing else is ever looked up). */
export function isStoredFileName(name: string): boolean {
  return STORED_NAME.test(name);
}

function checkedName(name: string): string {
  if (!isStoredFileName(name)) throw new Error(`Refusing a stored file named ${JSON.stringify(name)}`);
  return name;
}

/**
 * The row of a new picture, to create in the same transaction as the row that names it (so a
 * failed upload leaves neither).
 */
export function storedFileRow(boardId: string, area: FileArea, name: string, data: Uint8Array) {
  return { name: checkedName(name), boardId, area, data: new Uint8Array(data) };
}

/** Reads a stored picture, or null when there is none by that name for that use. */
export async function readStoredFile(db: Db, area: FileArea, name: string): Promise<Buffer | null> {
  const file = await db.storedFile.findUnique({ where: { name: checkedName(name) }, select: { area: true, data: true } });
  return file && file.area === area ? Buffer.from(file.data) : null;
}

/** The content type of a stored file, from the extension we gave it. */
export function storedFileType(name: string): ImageType {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const found = (Object.keys(EXTENSION) as ImageType[]).find((t) => EXTENSION[t] === ext);
  if (!found) throw new Error(`Unknown stored file type ${name}`);
  return found;
}
