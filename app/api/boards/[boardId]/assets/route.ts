import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { uploadBoardAsset } from '@/server/murals/assets';
import { requireBoardMedia } from '@/server/murals/gate';
import { readUpload } from '@/server/murals/http';
import { MAX_UPLOAD_BYTES } from '@/server/murals/images';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/** POST /api/boards/<id>/assets (multipart `file`): stores a picture for the board; JSON `{ id, src, ... }`. */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    await requireBoardMedia(db(), user, boardId, 'edit');
    const { fileName, bytes } = await readUpload(request, 'file', MAX_UPLOAD_BYTES);
    return jsonResponse(await uploadBoardAsset(db(), user, boardId, { fileName, bytes }), 201);
  } catch (error) {
    return errorResponse(error, 'picture upload');
  }
}
