import { db } from '@/server/db/client';
import { userRoute } from '@/server/http/route';
import { readEditionImage } from '@/server/murals/editions';
import { fileResponse } from '@/server/murals/http';

export const dynamic = 'force-dynamic';

/** GET /api/editions/<id>/image[?size=thumbnail][&download=name]: an edition's picture, for graduates of its programme. */
export const GET = userRoute<{ editionId: string }>('reading an edition picture', async (request, { editionId }, user) => {
  const query = new URL(request.url).searchParams;
  const size = query.get('size') === 'thumbnail' ? 'thumbnail' : 'full';
  const data = await readEditionImage(db(), user.id, editionId, size);
  return fileResponse(data, 'image/png', query.get('download') ?? undefined);
});
