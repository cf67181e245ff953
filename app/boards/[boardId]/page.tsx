import type { Metadata } from 'next';
import { LiveBoard } from '@/canvas/LiveBoard';
import { BalancePanel } from '@/components/balance/BalancePanel';
import { FacilitationLayer } from '@/components/facilitation/FacilitationLayer';
import { BoardMediaTools } from '@/components/mural/BoardMediaTools';
import { boardPeopleNames, lastOnBoardAt } from '@/server/db/board-people';
import { db } from '@/server/db/client';
import { can } from '@/server/domain/permissions';
import { ROLE_LABELS, isBoardKind } from '@/server/domain/roles';
import { loadBoardPage } from '@/server/http/page';

type Props = { params: Promise<{ boardId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { board } = await loadBoardPage((await params).boardId);
  return { title: board.title };
}

/** A live board: thin server page; the canvas and its connection run in the browser. */
export default async function BoardPage({ params }: Props) {
  const { boardId } = await params;
  const { user, board, role, access, readOnlyReason, self } = await loadBoardPage(boardId);
  return (
    <LiveBoard
      boardId={board.id}
      title={board.title}
      self={self}
      access={access}
      readOnlyReason={readOnlyReason}
      names={await boardPeopleNames(db(), board, user.id)}
      lastOnBoardAt={await lastOnBoardAt(db(), board.id, user.id)}
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
