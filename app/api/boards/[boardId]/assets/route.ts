import { requireBoard } from '@/server/access/board-gate';
import { db } from '@/server/db/client';
import { jsonResponse } from '@/server/http/responses';
import { userRoute } from '@/server/http/route';
import { uploadBoardAsset } from '@/server/murals/assets';
import { readUpload } from '@/server/murals/http';
import { MAX_UPLOAD_BYTES } from '@/server/murals/images';

export const dynamic = 'force-dynamic';

/** POST /api/boards/<id>/assets (multipart `file`): stores a picture for the board; JSON `{ id, src, ... }`. */
export const POST = userRoute<{ boardId: string }>('picture upload', async (request, { boardId }, user) => {
  // Permission first: someone who may not upload never gets the server to read their body.
  await requireBoard(db(), user, boardId, 'edit');
  const { fileName, bytes } = await readUpload(request, 'file', MAX_UPLOAD_BYTES);
  return jsonResponse(await uploadBoardAsset(db(), user, boardId, { fileName, bytes }), 201);
});
