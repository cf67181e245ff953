import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PresentView } from '@/components/facilitation/PresentView';
import { invitationQrSvg } from '@/server/auth/invitation-qr';
import { requireUser } from '@/server/auth/session';
import { requireBoardAccess } from '@/server/db/access';
import { db } from '@/server/db/client';
import { can } from '@/server/domain/permissions';
import { appOrigin } from '@/server/env';
import { AppError } from '@/server/errors';
import { resolveDisplayLink } from '@/server/facilitation/display-links';

type Props = { params: Promise<{ boardId: string }>; searchParams: Promise<{ display?: string | string[] }> };

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Projector view', robots: { index: false } };

/** Who may open the projector view: a display link's holder, or a signed-in facilitator of the board. */
async function loadPresenter(boardId: string, display: string | undefined) {
  if (display) {
    const link = await resolveDisplayLink(db(), boardId, display);
    if (!link) notFound();
    return { board: link.board, facilitator: null, displayToken: display };
  }
  const user = await requireUser(`/boards/${encodeURIComponent(boardId)}/present`);
  try {
    const { board, role } = await requireBoardAccess(db(), user.id, boardId);
    return { board, facilitator: can(role, 'board.facilitate') ? { id: user.id, name: user.name ?? user.email ?? 'Facilitator' } : null, displayToken: undefined };
  } catch (error) {
    // Not visible and not existing look the same: never reveal that a board exists.
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

/** The projector screen for the room: thin server page, the live view runs in the browser. */
export default async function PresentPage({ params, searchParams }: Props) {
  const { boardId } = await params;
  const display = (await searchParams).display;
  const { board, facilitator, displayToken } = await loadPresenter(boardId, typeof display === 'string' ? display : undefined);
  if (!facilitator && !displayToken) {
    return (
      <main className="page">
        <h1>Projector view</h1>
        <p>Only a facilitator can open the projector view of this board.</p>
        <p>
          <a href={`/boards/${encodeURIComponent(board.id)}`}>Go to the board</a>
        </p>
      </main>
    );
  }
  const boardUrl = `${appOrigin()}/boards/${encodeURIComponent(board.id)}`;
  return (
    <PresentView
      boardId={board.id}
      title={board.title}
      joinText={boardUrl.replace(/^https?:\/\//, '')}
      qrSvg={await invitationQrSvg(boardUrl)}
      displayToken={displayToken}
      facilitator={facilitator}
    />
  );
}
