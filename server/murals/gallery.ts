import type { Db } from '../db/client';
import type { EditionSummary } from './editions';

/** One programme's mural in the gallery, with its published editions. */
export interface GalleryMural {
  boardId: string;
  title: string;
  programmeName: string;
  state: string;
  editions: EditionSummary[];
}

/**
 * The murals of every programme the person belongs to (as a member of any cohort, or as its
 * staff), newest edition first. Nobody sees another programme's mural here.
 */
export async function listGallery(db: Db, userId: string): Promise<GalleryMural[]> {
  const boards = await db.board.findMany({
    where: {
      kind: 'mural',
      programme: { OR: [{ staff: { some: { userId } } }, { cohorts: { some: { members: { some: { userId } } } } }] },
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    include: {
      programme: { select: { name: true } },
      editions: { orderBy: { publishedAt: 'desc' }, select: { id: true, title: true, publishedAt: true, imageWidth: true, imageHeight: true } },
    },
  });
  return boards.map((b) => ({
    boardId: b.id,
    title: b.title,
    programmeName: b.programme.name,
    state: b.state,
    editions: b.editions.map((e) => ({ id: e.id, title: e.title, publishedAt: e.publishedAt.toISOString(), imageWidth: e.imageWidth, imageHeight: e.imageHeight })),
  }));
}
