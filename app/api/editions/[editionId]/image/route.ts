import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse } from '@/server/facilitation/http';
import { readEditionImage } from '@/server/murals/editions';
import { fileResponse } from '@/server/murals/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ editionId: string }> };

/** GET /api/editions/<id>/image[?size=thumbnail][&download=name]: an edition's picture, for graduates of its programme. */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const query = new URL(request.url).searchParams;
    const size = query.get('size') === 'thumbnail' ? 'thumbnail' : 'full';
    const data = await readEditionImage(db(), user.id, (await context.params).editionId, size);
    return fileResponse(data, 'image/png', query.get('download') ?? undefined);
  } catch (error) {
    return errorResponse(error, 'reading an edition picture');
  }
}
