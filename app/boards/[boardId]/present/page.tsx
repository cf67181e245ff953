import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PresentView } from '@/components/facilitation/PresentView';
import { invitationQrSvg } from '@/server/auth/invitation-qr';
import { db } from '@/server/db/client';
import { can } from '@/server/domain/permissions';
import { appOrigin } from '@/server/env';
import { resolveDisplayLink } from '@/server/facilitation/display-links';
import { loadBoardPage } from '@/server/http/page';
import { displayName } from '@/server/domain/people';

type Props = { params: Promise<{ boardId: string }>; searchParams: Promise<{ display?: string | string[] }> };

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Projector view', robots: { index: false } };

/**
 * Who may open the projector view: a display link's holder, or a signed-in facilitator of the
 * board. `host` is the facilitator whose view it follows by default (the display link's maker).
 */
async function loadPresenter(boardId: string, display: string | undefined) {
  if (display) {
    const link = await resolveDisplayLink(db(), boardId, display);
    if (!link) notFound();
    const maker = await db().user.findUnique({ where: { id: link.createdById }, select: { id: true, name: true, email: true } });
    return { board: link.board, host: maker ? { id: maker.id, name: displayName(maker) } : null, displayToken: display, allowed: true };
  }
  const { user, board, role } = await loadBoardPage(boardId, 'present');
  const allowed = can(role, 'board.facilitate');
  return { board, host: allowed ? { id: user.id, name: displayName(user) } : null, displayToken: undefined, allowed };
}

/** The projector screen for the room: thin server page, the live view runs in the browser. */
export default async function PresentPage({ params, searchParams }: Props) {
  const { boardId } = await params;
  const display = (await searchParams).display;
  const { board, host, displayToken, allowed } = await loadPresenter(boardId, typeof display === 'string' ? display : undefined);
  if (!allowed) {
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
      host={host}
    />
  );
}
