'use client';
import dynamic from 'next/dynamic';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Editor } from 'tldraw';
import { BoardConnection } from '@/canvas/board-connection';
import type { PersonHere, VerifiedUser } from '@/canvas/people';
import { ResponsesContext, useBoardResponses } from '@/canvas/responses/context';
import { tldrawUserId } from './editor-notes';
import { PART_CYCLE_MS, PART_INSET_PX, boardParts } from './legible-parts';
import styles from './facilitation.module.css';

const BoardCanvas = dynamic(() => import('@/canvas/BoardCanvas'), { ssr: false, loading: () => <p className={styles.presentNote}>Loading the board…</p> });

const EMPTY_SUBSCRIBE = () => () => {};
/** A small board is not blown up past twice its size. */
const MAX_PART_ZOOM = 2;
const NOBODY: PersonHere[] = [];
const NO_NAMES: Record<string, string> = {};
const SILENT = () => {};
const NEVER = () => false;

/** Someone the projector may follow. */
export interface Leader {
  id: string;
  name: string;
}

/**
 * Whom the projector follows: the first of `preferred` (whoever everyone was brought to, then
 * the facilitator this projector belongs to) who is on the board now, else any facilitator who
 * is, else nobody (the projector then shows the whole board).
 */
export function chooseLeader(preferred: Leader[], people: PersonHere[]): Leader | null {
  const here = people.filter((p) => !p.isSelf);
  for (const wanted of preferred) if (here.some((p) => p.id === wanted.id)) return wanted;
  const facilitator = here.filter((p) => p.role === 'facilitator').sort((a, b) => a.id.localeCompare(b.id))[0];
  return facilitator ? { id: facilitator.id, name: facilitator.name } : null;
}

export interface ProjectorCanvasProps {
  boardId: string;
  /** The projector's own tldraw identity: never a person's, so it can follow anyone and shows as nobody. */
  viewer: VerifiedUser;
  /** A display link's secret: the socket's view-only token is bought with it instead of a session. */
  displayToken?: string;
  /** Whom to follow, in order of preference (see chooseLeader). */
  preferred: Leader[];
  /** False while the projector shows frames one by one (the page moves the camera then). */
  follow: boolean;
  onEditor: (editor: Editor | null) => void;
  /** Told whom the projector follows now (null: nobody to follow, the whole board shows). */
  onLeader: (leader: Leader | null) => void;
}

/**
 * The board as the projector shows it: read-only, no cursor or presence of its own, following
 * the facilitator's view (or, with `follow` off, wherever the page puts the camera).
 */
export function ProjectorCanvas({ boardId, viewer, displayToken, preferred, follow, onEditor, onLeader }: ProjectorCanvasProps) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);

  useEffect(() => {
    let open = true;
    const created = new BoardConnection({
      boardId,
      origin: window.location.origin,
      self: viewer,
      access: 'view',
      readOnlyReason: 'view',
      tokenUrl: displayToken ? `/api/boards/${encodeURIComponent(boardId)}/token?${new URLSearchParams({ display: displayToken })}` : undefined,
      keepDeviceCopy: !displayToken,
    });
    // No presence at all, not even for a moment: y-websocket announces a non-null local state on connecting.
    created.awareness.setLocalState(null);
    void created.start().then(() => open && setConnection(created));
    return () => {
      open = false;
      created.destroy();
    };
  }, [boardId, viewer, displayToken]);

  const state = useSyncExternalStore(connection?.subscribe ?? EMPTY_SUBSCRIBE, () => connection?.getState() ?? null, () => null);
  const phase = state?.phase ?? 'opening';
  const people = state?.people ?? NOBODY;
  const leader = chooseLeader(preferred, people);
  const leaderId = leader?.id ?? null;
  const leaderName = leader?.name ?? null;

  useEffect(() => {
    onLeader(leaderId && leaderName ? { id: leaderId, name: leaderName } : null);
  }, [leaderId, leaderName, onLeader]);

  useEffect(() => {
    if (!editor || !follow) return;
    if (!leaderId) {
      // Nobody to follow: the board part by part, each legible from the back of the room (the
      // whole board at once put note text at 8-9 px), moving on by itself.
      editor.stopFollowingUser();
      let next = 0;
      const showNext = () => {
        const parts = boardParts(editor);
        if (!parts.length) return;
        editor.zoomToBounds(parts[next % parts.length], { inset: PART_INSET_PX, targetZoom: MAX_PART_ZOOM });
        next++;
      };
      showNext();
      const timer = setInterval(showNext, PART_CYCLE_MS);
      return () => clearInterval(timer);
    }
    const target = tldrawUserId(leaderId);
    // The leader's presence may arrive after the board (or come back after a reconnect): follow as soon as it is there.
    const sync = () => {
      if (editor.getInstanceState().followingUserId === target) return;
      if (editor.getCollaborators().some((c) => c.userId === target)) editor.startFollowingUser(target);
    };
    sync();
    const stop = editor.store.listen(sync, { source: 'remote', scope: 'presence' });
    return () => {
      stop();
      editor.stopFollowingUser();
    };
  }, [editor, follow, leaderId]);

  // The room sees each note's reactions and comments counted, by role only: a projector shows no
  // names, says nothing, and marks nothing new (nobody's visit).
  const responses = useBoardResponses(connection, { self: viewer, names: NO_NAMES, lastOnBoardAt: Number.POSITIVE_INFINITY, canRespond: false, announce: SILENT, worthAnnouncing: NEVER });

  const handleEditor = (next: Editor | null) => {
    setEditor(next);
    onEditor(next);
  };

  if (state?.stopReason === 'access-removed') return <p className={styles.presentNote}>This board can no longer be shown here.</p>;
  if (!connection || phase !== 'ready') return <p className={styles.presentNote}>Getting the board…</p>;
  return (
    <ResponsesContext.Provider value={responses}>
      <BoardCanvas connection={connection} self={viewer} canEdit={false} spectator onEditor={handleEditor} />
    </ResponsesContext.Provider>
  );
}
