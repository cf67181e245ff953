import { db } from '@/server/db/client';
import { userRoute } from '@/server/http/route';
import { revokeEditionShareLink } from '@/server/murals/share-links';

export const dynamic = 'force-dynamic';

/** DELETE /api/editions/<id>/share-links/<linkId>: revokes a share link at once. */
export const DELETE = userRoute<{ editionId: string; shareLinkId: string }>('revoking a share link', async (_request, { editionId, shareLinkId }, user) => {
  await revokeEditionShareLink(db(), user, editionId, { shareLinkId });
  return { ok: true };
});
