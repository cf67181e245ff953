import { db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { FACILITATION_COMMANDS, FACILITATION_READS } from '@/server/facilitation/commands';
import { readJson } from '@/server/http/responses';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

type Params = { boardId: string; command: string };

/** POST /api/boards/<id>/facilitation/<command>: a facilitation command (403 participants, 404 outsiders, 422 bad input). */
export const POST = userRoute<Params>('facilitation command', async (request, { boardId, command }, user) => {
  const run = Object.hasOwn(FACILITATION_COMMANDS, command) ? FACILITATION_COMMANDS[command] : undefined;
  if (!run) throw notFound('That command');
  return (await run(db(), user, boardId, await readJson(request))) ?? { ok: true };
});

/** GET /api/boards/<id>/facilitation/votes | display-links: kept vote results, live display links. */
export const GET = userRoute<Params>('facilitation read', async (_request, { boardId, command }, user) => {
  const read = Object.hasOwn(FACILITATION_READS, command) ? FACILITATION_READS[command] : undefined;
  if (!read) throw notFound('That page');
  return (await read(db(), user, boardId)) as object;
});
