import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { boardBalance } from '@/server/exports/notes';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string }> };

/** GET /api/boards/<id>/balance: notes and words by lay partners, professionals and facilitators. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId } = await context.params;
    return jsonResponse(await boardBalance(db(), user, boardId));
  } catch (error) {
    return errorResponse(error, 'counting contributions');
  }
}
