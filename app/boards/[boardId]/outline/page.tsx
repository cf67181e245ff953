import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { OutlineView } from '@/components/outline/OutlineView';
import { requireUser } from '@/server/auth/session';
import { requireBoardAccess } from '@/server/db/access';
import { db } from '@/server/db/client';
import { isBoardState } from '@/server/domain/roles';
import { AppError } from '@/server/errors';
import { revealedVoteCounts } from '@/server/exports/notes';

type Props = { params: Promise<{ boardId: string }> };

const loadBoard = cache(async (boardId: string) => {
  const user = await requireUser(`/boards/${encodeURIComponent(boardId)}/outline`);
  try {
    return { user, ...(await requireBoardAccess(db(), user.id, boardId)) };
  } catch (error) {
    // Not visible and not existing look the same: never reveal that a board exists.
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { board } = await loadBoard((await params).boardId);
  return { title: `Text outline: ${board.title}` };
}

/** A board as an accessible text outline, live; people with edit access can add and edit notes. */
export default async function OutlinePage({ params }: Props) {
  const { boardId } = await params;
  const { user, board, role, access } = await loadBoard(boardId);
  const state = isBoardState(board.state) ? board.state : 'open';
  const readOnlyReason = access === 'edit' ? null : state === 'archived' ? 'archived' : state === 'locked' ? 'locked' : 'view';
  return (
    <OutlineView
      boardId={board.id}
      title={board.title}
      self={{ id: user.id, name: user.name ?? user.email ?? 'You', role, color: '#4a5568' }}
      access={access}
      readOnlyReason={readOnlyReason}
      votes={await revealedVoteCounts(db(), board.id)}
    />
  );
}
