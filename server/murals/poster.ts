import { buildPosterPdf, fileSlug, type PosterSize } from '../../lib/poster';
import type { Db } from '../db/client';
import { readEditionFile, requireEdition } from './editions';

/** A print poster of an edition's picture, for someone who may see its mural (404 otherwise). */
export async function editionPosterPdf(db: Db, userId: string, editionId: string, size: PosterSize): Promise<{ pdf: Uint8Array; fileName: string }> {
  const { edition } = await requireEdition(db, userId, editionId);
  const png = await readEditionFile(db, edition, 'full');
  const caption = `${edition.board.title}: ${edition.title}`;
  return { pdf: await buildPosterPdf(png, size, caption), fileName: `${fileSlug(edition.title)}-${size}.pdf` };
}
