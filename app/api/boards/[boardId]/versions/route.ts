import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse, readJson } from '@/server/facilitation/http';
import { listVersions, saveNamedVersion } from '@/server/history/versions';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/** GET /api/boards/<id>/versions: the board's saved versions, newest first. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    return jsonResponse({ versions: await listVersions(db(), user, boardId) });
  } catch (error) {
    return errorResponse(error, 'listing versions');
  }
}

/** POST /api/boards/<id>/versions `{ name }`: saves the board as it is now under that name. */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    const saved = await saveNamedVersion(db(), user, boardId, await readJson(request));
    return jsonResponse({ id: saved.id, name: saved.name, createdAt: saved.createdAt.toISOString() }, 201);
  } catch (error) {
    return errorResponse(error, 'saving a version');
  }
}
