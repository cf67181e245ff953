import { db } from '@/server/db/client';
import { restoreVersion } from '@/server/history/versions';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** POST /api/boards/<id>/versions/<versionId>/restore: facilitators bring an old version back (the current state is saved first). */
export const POST = userRoute<{ boardId: string; versionId: string }>('restoring a version', async (_request, { boardId, versionId }, user) =>
  restoreVersion(db(), user, boardId, versionId),
);
