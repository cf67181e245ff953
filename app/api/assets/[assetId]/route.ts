import { db } from '@/server/db/client';
import { userRoute } from '@/server/http/route';
import { readBoardAsset } from '@/server/murals/assets';
import { fileResponse } from '@/server/murals/http';

export const dynamic = 'force-dynamic';

/** GET /api/assets/<id>: an uploaded picture, only for people who may see its board (404 otherwise). */
export const GET = userRoute<{ assetId: string }>('reading a picture', async (_request, { assetId }, user) => {
  const { data, type } = await readBoardAsset(db(), user.id, assetId);
  return fileResponse(data, type);
});
