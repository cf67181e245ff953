import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { fileResponse, readUpload } from '@/server/murals/http';
import { MAX_THUMBNAIL_BYTES } from '@/server/murals/images';
import { requireBoardMedia } from '@/server/murals/gate';
import { readBoardThumbnail, saveBoardThumbnail } from '@/server/murals/thumbnails';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/**
 * GET /api/boards/<id>/thumbnail: the board's recent picture; 204 while it has none yet (the list
 * shows a placeholder, and the browser logs no error), 404 when the person may not see the board.
 */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const picture = await readBoardThumbnail(db(), user.id, (await context.params).boardId);
    if (!picture) return new Response(null, { status: 204, headers: { 'cache-control': 'private, no-store' } });
    return fileResponse(picture, 'image/png');
  } catch (error) {
    return errorResponse(error, 'reading a board picture');
  }
}

/** POST /api/boards/<id>/thumbnail (multipart `image` PNG): replaces the board's picture; `{ saved }`. */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    await requireBoardMedia(db(), user, boardId, 'edit');
    const { bytes } = await readUpload(request, 'image', MAX_THUMBNAIL_BYTES);
    return jsonResponse(await saveBoardThumbnail(db(), user, boardId, bytes));
  } catch (error) {
    return errorResponse(error, 'saving a board picture');
  }
}
