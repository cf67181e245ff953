import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { exportBoardNotes } from '@/server/exports/notes';
import { errorResponse } from '@/server/facilitation/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/** GET /api/boards/<id>/notes?format=csv|markdown&names=1: every note grouped by frame, with authors' roles (names for facilitators who ask). */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const file = await exportBoardNotes(db(), user, boardId, query);
    return new Response(file.body, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error, 'exporting notes');
  }
}
