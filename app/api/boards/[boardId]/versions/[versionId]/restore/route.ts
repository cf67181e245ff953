import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { restoreVersion } from '@/server/history/versions';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string; versionId: string }> };

/** POST /api/boards/<id>/versions/<versionId>/restore: facilitators bring an old version back (the current state is saved first). */
export async function POST(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId, versionId } = await context.params;
    return jsonResponse(await restoreVersion(db(), user, boardId, versionId));
  } catch (error) {
    return errorResponse(error, 'restoring a version');
  }
}
