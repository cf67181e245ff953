import { db } from '@/server/db/client';
import { exportBoardNotes } from '@/server/exports/notes';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** GET /api/boards/<id>/notes?format=csv|markdown&names=1: every note grouped by frame, with authors' roles (names for facilitators who ask). */
export const GET = userRoute<{ boardId: string }>('exporting notes', async (request, { boardId }, user) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const file = await exportBoardNotes(db(), user, boardId, query);
  return new Response(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    },
  });
});
