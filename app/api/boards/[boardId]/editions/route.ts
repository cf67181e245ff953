import { requireBoard } from '@/server/access/board-gate';
import { db } from '@/server/db/client';
import { jsonResponse } from '@/server/http/responses';
import { userRoute } from '@/server/http/route';
import { listMuralEditions, publishMuralEdition } from '@/server/murals/editions';
import { readUpload } from '@/server/murals/http';
import { MAX_EDITION_IMAGE_BYTES } from '@/server/murals/images';

export const dynamic = 'force-dynamic';

type Params = { boardId: string };

/** GET /api/boards/<id>/editions: a mural's editions, newest first. */
export const GET = userRoute<Params>('listing editions', async (_request, { boardId }, user) => listMuralEditions(db(), user, boardId));

/** POST /api/boards/<id>/editions (multipart `title`, `image` PNG): publishes the mural as an edition. */
export const POST = userRoute<Params>('publishing an edition', async (request, { boardId }, user) => {
  // Permission first: someone who may not publish never gets the server to read their body.
  await requireBoard(db(), user, boardId, 'mural.publish', { muralOnly: true });
  const { bytes, fields } = await readUpload(request, 'image', MAX_EDITION_IMAGE_BYTES);
  return jsonResponse(await publishMuralEdition(db(), user, boardId, { title: fields.title, image: bytes }), 201);
});
