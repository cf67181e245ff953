import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse, jsonResponse } from '@/server/facilitation/http';
import { revokeEditionShareLink } from '@/server/murals/share-links';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ editionId: string; shareLinkId: string }> };

/** DELETE /api/editions/<id>/share-links/<linkId>: revokes a share link at once. */
export async function DELETE(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { editionId, shareLinkId } = await context.params;
    await revokeEditionShareLink(db(), user, editionId, { shareLinkId });
    return jsonResponse({ ok: true });
  } catch (error) {
    return errorResponse(error, 'revoking a share link');
  }
}
