import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { evaluationCsvResponse } from '@/server/exports/evaluation';
import { errorResponse } from '@/server/facilitation/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ cohortId: string }> };

/**
 * GET /api/cohorts/<id>/evaluation.csv: the cohort's aggregate figures for the evaluation, no
 * names, small counts hidden (facilitators only; 404 outside the cohort, 403 for participants).
 */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { cohortId } = await context.params;
    return await evaluationCsvResponse(db(), user, cohortId);
  } catch (error) {
    return errorResponse(error, 'exporting the evaluation figures');
  }
}
