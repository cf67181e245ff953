import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { createEditionShareLink, listEditionShareLinks } from '@/server/murals/share-links';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ editionId: string }> };

/** GET /api/editions/<id>/share-links: working share links (facilitators; never their secrets). */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    return jsonResponse(await listEditionShareLinks(db(), user, (await context.params).editionId));
  } catch (error) {
    return errorResponse(error, 'listing share links');
  }
}

/** POST /api/editions/<id>/share-links: a new view-only link; its secret is in this answer only. */
export async function POST(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    return jsonResponse(await createEditionShareLink(db(), user, (await context.params).editionId), 201);
  } catch (error) {
    return errorResponse(error, 'creating a share link');
  }
}
