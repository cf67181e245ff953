import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { errorResponse } from '@/server/facilitation/http';
import { readBoardAsset } from '@/server/murals/assets';
import { fileResponse } from '@/server/murals/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ assetId: string }> };

/** GET /api/assets/<id>: an uploaded picture, only for people who may see its board (404 otherwise). */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { data, type } = await readBoardAsset(db(), user.id, (await context.params).assetId);
    return fileResponse(data, type);
  } catch (error) {
    return errorResponse(error, 'reading a picture');
  }
}
