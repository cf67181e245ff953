import { db } from '@/server/db/client';
import { listVersions, saveNamedVersion } from '@/server/history/versions';
import { jsonResponse, readJson } from '@/server/http/responses';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

type Params = { boardId: string };

/** GET /api/boards/<id>/versions: the board's saved versions, newest first. */
export const GET = userRoute<Params>('listing versions', async (_request, { boardId }, user) => ({ versions: await listVersions(db(), user, boardId) }));

/** POST /api/boards/<id>/versions `{ name }`: saves the board as it is now under that name. */
export const POST = userRoute<Params>('saving a version', async (request, { boardId }, user) => {
  const saved = await saveNamedVersion(db(), user, boardId, await readJson(request));
  return jsonResponse({ id: saved.id, name: saved.name, createdAt: saved.createdAt.toISOString() }, 201);
});
