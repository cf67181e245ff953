import { db } from '@/server/db/client';
import { evaluationCsvResponse } from '@/server/exports/evaluation';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/cohorts/<id>/evaluation.csv: the cohort's aggregate figures for the evaluation, no
 * names, small counts hidden (facilitators only; 404 outside the cohort, 403 for participants).
 */
export const GET = userRoute<{ cohortId: string }>('exporting the evaluation figures', async (_request, { cohortId }, user) =>
  evaluationCsvResponse(db(), user, cohortId),
);
