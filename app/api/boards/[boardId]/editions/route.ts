import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { listMuralEditions, publishMuralEdition } from '@/server/murals/editions';
import { requireBoardMedia } from '@/server/murals/gate';
import { readUpload } from '@/server/murals/http';
import { MAX_EDITION_IMAGE_BYTES } from '@/server/murals/images';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/** GET /api/boards/<id>/editions: a mural's editions, newest first. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    return jsonResponse(await listMuralEditions(db(), user, (await context.params).boardId));
  } catch (error) {
    return errorResponse(error, 'listing editions');
  }
}

/** POST /api/boards/<id>/editions (multipart `title`, `image` PNG): publishes the mural as an edition. */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    await requireBoardMedia(db(), user, boardId, 'mural.publish', { muralOnly: true });
    const { bytes, fields } = await readUpload(request, 'image', MAX_EDITION_IMAGE_BYTES);
    return jsonResponse(await publishMuralEdition(db(), user, boardId, { title: fields.title, image: bytes }), 201);
  } catch (error) {
    return errorResponse(error, 'publishing an edition');
  }
}
