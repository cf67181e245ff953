import { requireApiUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { FACILITATION_COMMANDS, FACILITATION_READS } from '@/server/facilitation/commands';
import { errorResponse, jsonResponse, readJson } from '@/server/facilitation/http';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ boardId: string; command: string }> };

/** POST /api/boards/<id>/facilitation/<command>: a facilitation command (403 participants, 404 outsiders, 422 bad input). */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId, command } = await context.params;
    const run = Object.hasOwn(FACILITATION_COMMANDS, command) ? FACILITATION_COMMANDS[command] : undefined;
    if (!run) throw notFound('That command');
    return jsonResponse((await run(db(), user, boardId, await readJson(request))) ?? { ok: true });
  } catch (error) {
    return errorResponse(error, 'facilitation command');
  }
}

/** GET /api/boards/<id>/facilitation/votes | display-links: kept vote results, live display links. */
export async function GET(_request: Request, context: RouteContext): Promise<Response> {
  try {
    const user = await requireApiUser();
    const { boardId, command } = await context.params;
    const read = Object.hasOwn(FACILITATION_READS, command) ? FACILITATION_READS[command] : undefined;
    if (!read) throw notFound('That page');
    return jsonResponse(await read(db(), user, boardId));
  } catch (error) {
    return errorResponse(error, 'facilitation read');
  }
}
