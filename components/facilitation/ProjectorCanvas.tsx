'use client';
import dynamic from 'next/dynamic';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Editor } from 'tldraw';
import { BoardConnection } from '@/canvas/board-connection';
import type { VerifiedUser } from '@/canvas/people';
import { tldrawUserId } from './editor-notes';
import styles from './facilitation.module.css';

const BoardCanvas = dynamic(() => import('@/canvas/BoardCanvas'), { ssr: false, loading: () => <p className={styles.presentNote}>Loading the board…</p> });

const EMPTY_SUBSCRIBE = () => () => {};

/**
 * The board as the projector shows it: read-only, no presence of its own, following `leaderId`
 * (the facilitator). tldraw never lets a user follow themselves, so the projector takes its own
 * tldraw identity even when the facilitator's account opened the page.
 */
export function ProjectorCanvas({ boardId, viewer, leaderId, onEditor }: { boardId: string; viewer: VerifiedUser; leaderId: string; onEditor: (editor: Editor | null) => void }) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);

  useEffect(() => {
    let open = true;
    const created = new BoardConnection({ boardId, origin: window.location.origin, self: viewer, access: 'view', readOnlyReason: 'view' });
    void created.start().then(() => open && setConnection(created));
    return () => {
      open = false;
      created.destroy();
    };
  }, [boardId, viewer]);

  const phase = useSyncExternalStore(
    connection?.subscribe ?? EMPTY_SUBSCRIBE,
    () => connection?.getState().phase ?? 'opening',
    () => 'opening' as const,
  );

  useEffect(() => {
    if (!editor) return;
    const leader = tldrawUserId(leaderId);
    // The leader's presence may arrive after the board: keep trying until tldraw follows them.
    const follow = () => {
      if (editor.getInstanceState().followingUserId !== leader) editor.startFollowingUser(leader);
    };
    follow();
    return editor.store.listen(follow);
  }, [editor, leaderId]);

  const handleEditor = (next: Editor | null) => {
    setEditor(next);
    onEditor(next);
  };

  if (!connection || phase !== 'ready') return <p className={styles.presentNote}>Getting the board…</p>;
  return <BoardCanvas connection={connection} self={viewer} canEdit={false} spectator onEditor={handleEditor} />;
}
