import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { LiveBoard } from '@/canvas/LiveBoard';
import { BalancePanel } from '@/components/balance/BalancePanel';
import { FacilitationLayer } from '@/components/facilitation/FacilitationLayer';
import { BoardMediaTools } from '@/components/mural/BoardMediaTools';
import { requireUser } from '@/server/auth/session';
import { requireBoardAccess } from '@/server/db/access';
import { db } from '@/server/db/client';
import { can } from '@/server/domain/permissions';
import { ROLE_LABELS, isBoardKind, isBoardState } from '@/server/domain/roles';
import { AppError } from '@/server/errors';
import { colorForUser } from '@/server/realtime/presence';

type Props = { params: Promise<{ boardId: string }> };

/** The board and this person's access, once per request (metadata and page share it). */
const loadBoard = cache(async (boardId: string) => {
  const user = await requireUser(`/boards/${encodeURIComponent(boardId)}`);
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
  return { title: board.title };
}

/** A live board: thin server page; the canvas and its connection run in the browser. */
export default async function BoardPage({ params }: Props) {
  const { boardId } = await params;
  const { user, board, role, access } = await loadBoard(boardId);
  const state = isBoardState(board.state) ? board.state : 'open';
  const readOnlyReason = access === 'edit' ? null : state === 'archived' ? 'archived' : state === 'locked' ? 'locked' : 'view';
  return (
    <LiveBoard
      boardId={board.id}
      title={board.title}
      self={{ id: user.id, name: user.name ?? user.email ?? 'You', role, color: colorForUser(user.id) }}
      access={access}
      readOnlyReason={readOnlyReason}
      tools={
        <BoardMediaTools
          boardId={board.id}
          title={board.title}
          kind={isBoardKind(board.kind) ? board.kind : 'workshop'}
          canEdit={access === 'edit'}
          canPublish={can(role, 'mural.publish')}
          tileLabel={`${user.name ?? 'a graduate'}, ${ROLE_LABELS[role].toLowerCase()}`}
        />
      }
    >
      <FacilitationLayer boardId={board.id} role={role} selfId={user.id} />
      <BalancePanel boardId={board.id} />
    </LiveBoard>
  );
}
