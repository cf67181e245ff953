import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { cohortEvaluation, evaluationCsv } from '@/server/exports/evaluation';
import { errorResponse } from '@/server/facilitation/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ cohortId: string }> };

/** GET /api/cohorts/<id>/evaluation.csv: the cohort's aggregate figures for the evaluation, no names (facilitators only). */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { cohortId } = await context.params;
    const body = evaluationCsv(await cohortEvaluation(db(), user, cohortId));
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="cohort-evaluation.csv"',
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error, 'exporting the evaluation figures');
  }
}
