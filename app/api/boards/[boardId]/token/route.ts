import { grantBoardToken, grantDisplayToken } from '@/server/auth/board-token';
import { getCurrentSession } from '@/server/auth/current-session';
import { db } from '@/server/db/client';
import { AppError, notFound } from '@/server/errors';
import { publicRoute } from '@/server/http/route';
import { BOARD_ID_PATTERN } from '@/lib/collab-protocol';

export const dynamic = 'force-dynamic';

/**
 * GET /api/boards/<id>/token: a short-lived token to open the board's socket, JSON
 * `{ token, access, expiresAt }`. 401 without a session; 404 for a board the person may not
 * see, exactly as for one that does not exist.
 *
 * GET /api/boards/<id>/token?display=<secret>: the projector's view-only token for a display
 * link (no session needed, none used): 404 unless the link is live and belongs to this board.
 */
export const GET = publicRoute<{ boardId: string }>('issuing a board token', async (request, { boardId }) => {
  const display = new URL(request.url).searchParams.get('display');
  if (display !== null) {
    if (!BOARD_ID_PATTERN.test(boardId)) throw notFound('That board');
    return grantDisplayToken(db(), boardId, display);
  }
  // The session row itself, not only the person: the token carries its id (board-token.ts).
  const session = await getCurrentSession();
  if (!session) throw new AppError('unauthenticated', 'Please sign in first.');
  if (!BOARD_ID_PATTERN.test(boardId)) throw notFound('That board');
  return grantBoardToken(db(), session, boardId);
});
