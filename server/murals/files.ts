import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { dataDir } from '../db/location';
import type { ImageType } from '../../lib/picture-types';
import { log } from '../log';

/**
 * Pictures' bytes, in the database (StoredFile): every node behind a balancer serves every
 * picture, whichever node took the upload. Each row belongs to a board (deleted with it) and is
 * named by a random name its owner row holds.
 */

/** What a picture is for: a photo on a board, an edition's pictures, a board's thumbnail. */
export type FileArea = 'uploads' | 'editions' | 'thumbnails';

const AREAS: readonly FileArea[] = ['uploads', 'editions', 'thumbnails'];
const EXTENSION: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
/** Only names we made ourselves are ever looked up: 32 hex characters and a known extension. */
const STORED_NAME = /^[a-f0-9]{32}\.(png|jpg|webp|gif)$/;

/** A new random name for an image (never derived from what the person uploaded). */
export function randomFileName(type: ImageType): string {
  return `${crypto.randomBytes(16).toString('hex')}.${EXTENSION[type]}`;
}

function checkedName(name: string): string {
  if (!STORED_NAME.test(name)) throw new Error(`Refusing a stored file named ${JSON.stringify(name)}`);
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

/** The board whose row names a picture written to `area`, or null when no row does. */
async function ownerBoardId(db: Db, area: FileArea, name: string): Promise<string | null> {
  const owner =
    area === 'uploads'
      ? await db.boardAsset.findUnique({ where: { fileName: name }, select: { boardId: true } })
      : area === 'editions'
        ? await db.muralEdition.findFirst({ where: { OR: [{ imageFile: name }, { thumbnailFile: name }] }, select: { boardId: true } })
        : await db.boardThumbnail.findFirst({ where: { fileName: name }, select: { boardId: true } });
  return owner?.boardId ?? null;
}

/**
 * Moves pictures an earlier version wrote under the data folder (`uploads/`, `editions/`,
 * `thumbnails/`) into the database, then deletes each file once its row is stored. Run at every
 * start; after the first it finds nothing. Safe when several nodes share the folder or start
 * together: a picture already in the database is not written again. Files no row names (they
 * could never be shown) stay where they are.
 */
export async function moveDiskFilesIntoDatabase(db: Db, folder = dataDir()): Promise<{ moved: number; unclaimed: number }> {
  let moved = 0;
  let unclaimed = 0;
  for (const area of AREAS) {
    const areaFolder = path.join(folder, area);
    const names = await fs.readdir(areaFolder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const name of names.filter((n) => STORED_NAME.test(n))) {
      const boardId = await ownerBoardId(db, area, name);
      if (!boardId) {
        unclaimed++;
        continue;
      }
      const file = path.join(areaFolder, name);
      const stored = await db.storedFile.findUnique({ where: { name }, select: { name: true } });
      if (!stored) {
        // Another node sharing the folder may have moved it a moment ago.
        const data = await fs.readFile(file).catch(() => null);
        if (!data) continue;
        await db.storedFile.create({ data: storedFileRow(boardId, area, name, data) }).catch(async (error: unknown) => {
          if (!(await db.storedFile.findUnique({ where: { name }, select: { name: true } }))) throw error;
        });
        moved++;
      }
      await fs.rm(file, { force: true });
    }
    await fs.rmdir(areaFolder).catch(() => undefined);
  }
  if (moved > 0) log.info({ moved }, 'Pictures moved from the data folder into the database');
  if (unclaimed > 0) log.warn({ unclaimed, folder }, 'Files in the data folder that no picture names were left there');
  return { moved, unclaimed };
}
