import { requireApiUser } from '@/server/auth/session';
import { requireBoardAccess } from '@/server/db/access';
import { db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { resolveDisplayLink } from '@/server/facilitation/display-links';
import { facilitationStream } from '@/server/facilitation/stream';
import type { Viewer } from '@/server/facilitation/view';
import { publicRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/boards/<id>/events[?display=<token>]: the board's facilitation state as
 * server-sent events, for a member who may see the board or a projector holding a display link.
 */
export const GET = publicRoute<{ boardId: string }>('facilitation events', async (request, { boardId }) => {
  const display = new URL(request.url).searchParams.get('display');
  let viewer: Viewer;
  if (display) {
    const link = await resolveDisplayLink(db(), boardId, display);
    if (!link) throw notFound('That board');
    viewer = { kind: 'display', displayLinkId: link.id };
  } else {
    const user = await requireApiUser();
    const { role } = await requireBoardAccess(db(), user.id, boardId);
    viewer = { kind: 'member', userId: user.id, role };
  }
  return new Response(facilitationStream(db(), boardId, viewer, request.signal), {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
});
