import { notFound } from 'next/navigation';
import { cache } from 'react';
import { requireUser, type CurrentUser } from '../auth/session';
import { requireBoardAccess, type ResolvedBoardAccess } from '../db/access';
import { db } from '../db/client';
import { readOnlyReason, type ReadOnlyReason } from '../domain/permissions';
import { isBoardState } from '../domain/roles';
import { AppError } from '../errors';
import { colorForUser } from '../domain/presence-colours';

/**
 * For pages: the loaded data, or Next's 404 page when the person may not see it (or it does
 * not exist; the two look the same on purpose). Other failures reach app/error.tsx.
 */
export async function loadOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) notFound();
    throw error;
  }
}

/** What every page under /boards/<id> knows about the board and the person looking at it. */
export interface BoardPageContext extends ResolvedBoardAccess {
  user: CurrentUser;
  /** Null when the person may edit; otherwise why the board is read-only for them. */
  readOnlyReason: ReadOnlyReason | null;
  /** The person as the live board shows them to others, in the colour others see them in. */
  self: { id: string; name: string; role: ResolvedBoardAccess['role']; color: string };
}

/**
 * The board page context, once per request (a page and its metadata share it): the signed-in
 * person (or a redirect to sign in and come back to this page: the board, or its `subpage`),
 * then the board they may see (404 otherwise, never revealing that it exists), with the
 * read-only rule applied.
 */
export const loadBoardPage = cache(async (boardId: string, subpage?: 'outline' | 'history' | 'present'): Promise<BoardPageContext> => {
  const user = await requireUser(`/boards/${encodeURIComponent(boardId)}${subpage ? `/${subpage}` : ''}`);
  const resolved = await loadOrNotFound(requireBoardAccess(db(), user.id, boardId));
  const state = isBoardState(resolved.board.state) ? resolved.board.state : 'open';
  return {
    ...resolved,
    user,
    readOnlyReason: readOnlyReason(resolved.access, state),
    self: { id: user.id, name: user.name ?? user.email ?? 'You', role: resolved.role, color: colorForUser(user.id) },
  };
});
