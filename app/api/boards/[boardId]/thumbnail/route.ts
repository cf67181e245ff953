import { requireBoard } from '@/server/access/board-gate';
import { db } from '@/server/db/client';
import { userRoute } from '@/server/http/route';
import { fileResponse, readUpload } from '@/server/murals/http';
import { MAX_THUMBNAIL_BYTES } from '@/server/murals/images';
import { readBoardThumbnail, saveBoardThumbnail } from '@/server/murals/thumbnails';

export const dynamic = 'force-dynamic';

type Params = { boardId: string };

/**
 * GET /api/boards/<id>/thumbnail: the board's recent picture, or until someone edits it a preview
 * of its content (its template, for a board nobody has opened); 404 when the person may not see the board.
 */
export const GET = userRoute<Params>('reading a board picture', async (_request, { boardId }, user) =>
  fileResponse(await readBoardThumbnail(db(), user.id, boardId), 'image/png'),
);

/** POST /api/boards/<id>/thumbnail (multipart `image` PNG): replaces the board's picture; `{ saved }`. */
export const POST = userRoute<Params>('saving a board picture', async (request, { boardId }, user) => {
  // Permission first: someone who may not change the board never gets the server to read their body.
  await requireBoard(db(), user, boardId, 'edit');
  const { bytes } = await readUpload(request, 'image', MAX_THUMBNAIL_BYTES);
  return saveBoardThumbnail(db(), user, boardId, bytes);
});
