import { db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { userRoute } from '@/server/http/route';
import { fileResponse } from '@/server/murals/http';
import { editionPosterPdf } from '@/server/murals/poster';
import { isPosterSize } from '@/lib/poster';

export const dynamic = 'force-dynamic';

/** GET /api/editions/<id>/poster?size=A3|A1: the edition as a print poster PDF (a download). */
export const GET = userRoute<{ editionId: string }>('printing an edition poster', async (request, { editionId }, user) => {
  const size = new URL(request.url).searchParams.get('size') ?? 'A3';
  if (!isPosterSize(size)) throw new AppError('invalid_input', 'Choose a poster size: A3 or A1.');
  const { pdf, fileName } = await editionPosterPdf(db(), user.id, editionId, size);
  return fileResponse(pdf, 'application/pdf', fileName);
});
