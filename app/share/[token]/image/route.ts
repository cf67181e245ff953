import { db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { errorResponse } from '@/server/facilitation/http';
import { readEditionFile } from '@/server/murals/editions';
import { fileResponse } from '@/server/murals/http';
import { resolveEditionShare } from '@/server/murals/share-links';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ token: string }> };

/** GET /share/<token>/image: a shared edition's picture, signed out; 404 once the link is revoked. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const edition = await resolveEditionShare(db(), (await context.params).token);
    if (!edition) throw notFound('That shared mural');
    const response = fileResponse(await readEditionFile(edition, 'full'), 'image/png');
    // A revoked link must stop at once, so nothing keeps a copy.
    response.headers.set('cache-control', 'no-store');
    return response;
  } catch (error) {
    return errorResponse(error, 'reading a shared edition');
  }
}
