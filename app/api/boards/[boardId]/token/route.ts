import { grantBoardToken, grantDisplayToken } from '@/server/auth/board-token';
import { getCurrentSession } from '@/server/auth/current-session';
import { db } from '@/server/db/client';
import { AppError, notFound } from '@/server/errors';
import { log } from '@/server/log';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'no-store' };
/** Board ids are cuids; anything else cannot name a board (same rule as the realtime handshake). */
const BOARD_ID_PATTERN = /^[a-z0-9_-]{1,64}$/;

type RouteContext = { params: Promise<{ boardId: string }> };

/**
 * GET /api/boards/<id>/token: a short-lived token to open the board's socket, JSON
 * `{ token, access, expiresAt }`. 401 without a session; 404 for a board the person may not
 * see, exactly as for one that does not exist.
 *
 * GET /api/boards/<id>/token?display=<secret>: the projector's view-only token for a display
 * link (no session needed, none used): 404 unless the link is live and belongs to this board.
 */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  try {
    const { boardId } = await context.params;
    const display = new URL(request.url).searchParams.get('display');
    if (display !== null) {
      if (!BOARD_ID_PATTERN.test(boardId)) throw notFound('That board');
      return Response.json(await grantDisplayToken(db(), boardId, display), { headers: NO_STORE });
    }
    const session = await getCurrentSession();
    if (!session) throw new AppError('unauthenticated', 'Please sign in first.');
    if (!BOARD_ID_PATTERN.test(boardId)) throw notFound('That board');
    return Response.json(await grantBoardToken(db(), session, boardId), { headers: NO_STORE });
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.message }, { status: error.status, headers: NO_STORE });
    log.error({ err: error }, 'issuing a board token failed');
    return Response.json({ error: 'Something went wrong on our side. Please try again.' }, { status: 500, headers: NO_STORE });
  }
}
