import { db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { publicRoute } from '@/server/http/route';
import { readEditionFile } from '@/server/murals/editions';
import { fileResponse } from '@/server/murals/http';
import { resolveEditionShare } from '@/server/murals/share-links';

export const dynamic = 'force-dynamic';

/** GET /share/<token>/image: a shared edition's picture, signed out; 404 once the link is revoked. */
export const GET = publicRoute<{ token: string }>('reading a shared edition', async (_request, { token }) => {
  const edition = await resolveEditionShare(db(), token);
  if (!edition) throw notFound('That shared mural');
  const response = fileResponse(await readEditionFile(db(), edition, 'full'), 'image/png');
  // A revoked link must stop at once, so nothing keeps a copy.
  response.headers.set('cache-control', 'no-store');
  return response;
});
