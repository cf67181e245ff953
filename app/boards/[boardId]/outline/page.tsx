import type { Metadata } from 'next';
import { OutlineView } from '@/components/outline/OutlineView';
import { boardPeopleNames, lastOnBoardAt } from '@/server/db/board-people';
import { db } from '@/server/db/client';
import { revealedVoteCounts } from '@/server/exports/notes';
import { loadBoardPage } from '@/server/http/page';

type Props = { params: Promise<{ boardId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { board } = await loadBoardPage((await params).boardId, 'outline');
  return { title: `Text outline: ${board.title}` };
}

/** A board as an accessible text outline, live; people with edit access can add and edit notes. */
export default async function OutlinePage({ params }: Props) {
  const { boardId } = await params;
  const { user, board, access, readOnlyReason, self } = await loadBoardPage(boardId, 'outline');
  return (
    <OutlineView
      boardId={board.id}
      title={board.title}
      self={self}
      access={access}
      readOnlyReason={readOnlyReason}
      votes={await revealedVoteCounts(db(), board.id)}
      names={await boardPeopleNames(db(), board, user.id)}
      lastOnBoardAt={await lastOnBoardAt(db(), board.id, user.id)}
    />
  );
}
