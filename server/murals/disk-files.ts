import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { dataDir } from '../db/location';
import { log } from '../log';
import { FILE_AREAS, isStoredFileName, storedFileRow, type FileArea } from './files';

/*
 * Pictures an earlier version kept on the node's disk. Apart from files.ts, which app routes
 * import, so the Next build does not trace the data folder: only the server's start runs this.
 */

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
  for (const area of FILE_AREAS) {
    const areaFolder = path.join(folder, area);
    const names = await fs.readdir(areaFolder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    for (const name of names.filter(isStoredFileName)) {
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
