import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { fileResponse, readUpload } from '@/server/murals/http';
import { MAX_THUMBNAIL_BYTES } from '@/server/murals/images';
import { readBoardThumbnail, saveBoardThumbnail } from '@/server/murals/thumbnails';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/** GET /api/boards/<id>/thumbnail: the board's recent picture (404 when none, or not allowed). */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    return fileResponse(await readBoardThumbnail(db(), user.id, (await context.params).boardId), 'image/png');
  } catch (error) {
    return errorResponse(error, 'reading a board picture');
  }
}

/** POST /api/boards/<id>/thumbnail (multipart `image` PNG): replaces the board's picture; `{ saved }`. */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { bytes } = await readUpload(request, 'image', MAX_THUMBNAIL_BYTES);
    return jsonResponse(await saveBoardThumbnail(db(), user, (await context.params).boardId, bytes));
  } catch (error) {
    return errorResponse(error, 'saving a board picture');
  }
}
