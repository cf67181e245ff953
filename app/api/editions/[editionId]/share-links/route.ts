import { db } from '@/server/db/client';
import { jsonResponse } from '@/server/http/responses';
import { userRoute } from '@/server/http/route';
import { createEditionShareLink, listEditionShareLinks } from '@/server/murals/share-links';

export const dynamic = 'force-dynamic';

type Params = { editionId: string };

/** GET /api/editions/<id>/share-links: working share links (facilitators; never their secrets). */
export const GET = userRoute<Params>('listing share links', async (_request, { editionId }, user) => listEditionShareLinks(db(), user, editionId));

/** POST /api/editions/<id>/share-links: a new view-only link; its secret is in this answer only. */
export const POST = userRoute<Params>('creating a share link', async (_request, { editionId }, user) =>
  jsonResponse(await createEditionShareLink(db(), user, editionId), 201),
);
