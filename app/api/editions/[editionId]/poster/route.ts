import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { AppError } from '@/server/errors';
import { errorResponse } from '@/server/facilitation/http';
import { fileResponse } from '@/server/murals/http';
import { editionPosterPdf } from '@/server/murals/poster';
import { isPosterSize } from '@/lib/poster';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ editionId: string }> };

/** GET /api/editions/<id>/poster?size=A3|A1: the edition as a print poster PDF (a download). */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const size = new URL(request.url).searchParams.get('size') ?? 'A3';
    if (!isPosterSize(size)) throw new AppError('invalid_input', 'Choose a poster size: A3 or A1.');
    const { pdf, fileName } = await editionPosterPdf(db(), user.id, (await context.params).editionId, size);
    return fileResponse(pdf, 'application/pdf', fileName);
  } catch (error) {
    return errorResponse(error, 'printing an edition poster');
  }
}
