'use client';
/**
 * A live board page's client side: opens the board's connection, shows the one save status,
 * "Who is here", read-only and stop banners, and the canvas (tldraw loads in the browser only).
 */
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Editor } from 'tldraw';
import { BoardConnection, initialState, type BoardConnectionState, type ReadOnlyReason, type StopReason } from './board-connection';
import { BoardEditorContext } from './board-editor';
import type { VerifiedUser } from './people';
import { ResponsesContext, useBoardResponses } from './responses/context';
import { ResponsesPanel } from './responses/ResponsesPanel';
import type { ResponseEvent } from './responses/store';
import { ServiceWorkerRegistration } from './ServiceWorkerRegistration';
import { SAVE_STATUS_TEXT } from './save-status';
import styles from './live-board.module.css';

const loadBoardCanvas = () => import('./BoardCanvas');
const BoardCanvas = dynamic(loadBoardCanvas, {
  ssr: false,
  loading: () => <p className={styles.waiting}>Loading the board…</p>,
});

export interface LiveBoardProps {
  boardId: string;
  title: string;
  self: VerifiedUser;
  access: 'edit' | 'view';
  readOnlyReason: ReadOnlyReason | null;
  /** Names of the people this person may see by name on reactions and comments (server/db/board-people.ts). */
  names: Readonly<Record<string, string>>;
  /** When this person was last on the board (ms), so newer comments are marked new; null if never. */
  lastOnBoardAt: number | null;
  /** Layers drawn over the canvas (facilitation); they reach the editor through useBoardEditor. */
  children?: ReactNode;
  /** Controls in the board's bar (exports, mural tiles); they reach the editor through useBoardEditor. */
  tools?: ReactNode;
}

const READ_ONLY_TEXT: Record<ReadOnlyReason, string> = {
  view: 'You can look at this board, but you cannot change it.',
  locked: 'The facilitator has locked this board for now. You can look at it, but you cannot change it.',
  full: 'This board is full: it has reached the most it can hold. You can look at it, but nothing more can be added. A facilitator can make room by removing things.',
  archived: 'This board is archived. You can look at it, but it can no longer be changed.',
};

const PHASE_TEXT = {
  opening: 'Opening the board…',
  waiting: 'Getting the board…',
  'unavailable-offline':
    'This board has not been opened on this device before, so it needs an internet connection the first time. It will open as soon as the connection is back.',
  'not-prepared': 'This board is still being prepared. Please wait a moment or reload the page.',
} as const;

function StopBanner({ reason, boardId }: { reason: StopReason; boardId: string }) {
  switch (reason) {
    case 'signed-out':
      return (
        <p className={`notice warn ${styles.banner}`}>
          You have been signed out. Your changes are kept on this device.{' '}
          <a href={`/sign-in?${new URLSearchParams({ callbackUrl: `/boards/${boardId}` })}`}>Sign in again</a> to keep saving.
        </p>
      );
    case 'access-removed':
      return (
        <p className={`notice error ${styles.banner}`}>
          You no longer have access to this board. <Link href="/">Go back to your boards</Link>.
        </p>
      );
    case 'reload':
      return (
        <p className={`notice warn ${styles.banner}`}>
          This board was updated. Please reload the page.{' '}
          <button type="button" className="secondary" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </p>
      );
    case 'too-large':
      return (
        <p className={`notice error ${styles.banner}`}>
          A change was too large to save (for example a very large picture). Please remove it, then reload the page.
        </p>
      );
  }
}

const EMPTY_SUBSCRIBE = () => () => {};

/** The live board: status, people, banners and canvas. */
export function LiveBoard({ boardId, title, self, access, readOnlyReason, names, lastOnBoardAt, children, tools }: LiveBoardProps) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [connection, setConnection] = useState<BoardConnection | null>(null);

  useEffect(() => {
    let open = true;
    // tldraw (the largest script) loads while the board is read and synced, not after.
    void loadBoardCanvas();
    const created = new BoardConnection({ boardId, origin: window.location.origin, self, access, readOnlyReason });
    // Shown once this device's copy has been read (the status says "Connecting…" until then).
    void created.start().then(() => open && setConnection(created));
    return () => {
      open = false;
      created.destroy();
    };
    // One connection per board and person; later access changes arrive from the server.
  }, [boardId, self.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const [initial] = useState<BoardConnectionState>(() => initialState(self, access, readOnlyReason));
  const state = useSyncExternalStore(
    connection?.subscribe ?? EMPTY_SUBSCRIBE,
    connection?.getState ?? (() => initial),
    () => initial,
  );
  const me = state.people.find((person) => person.isSelf);

  const [announcement, setAnnouncement] = useState('');
  // Others' reactions and comments are announced on the note selected and on this person's own notes.
  const worthAnnouncing = useCallback(
    (event: Exclude<ResponseEvent, { kind: 'refused' }>, onOwnNote: boolean) =>
      onOwnNote || editor?.getOnlySelectedShapeId() === (event.kind === 'reaction' ? event.reaction.shapeId : event.comment.shapeId),
    [editor],
  );
  const responsesView = useBoardResponses(connection, { self, names, lastOnBoardAt, canRespond: state.canEdit, announce: setAnnouncement, worthAnnouncing });

  return (
    <ResponsesContext.Provider value={responsesView}>
      <div className={styles.shell}>
        <a className="skip-link" href="#board-canvas">
          Skip to the board
        </a>
        {/* The way in for someone who cannot use a canvas: the same board as a list they can read and add to. */}
        <a className="skip-link" href={`/boards/${encodeURIComponent(boardId)}/outline`}>
          Use the text outline of this board instead
        </a>
        <header className={styles.bar}>
          <Link href="/" className={styles.back}>
            <span aria-hidden="true">←</span> My boards
          </Link>
          <h1 className={styles.title}>{title}</h1>
          <p role="status" aria-live="polite" aria-atomic="true" className={styles.status} data-status={state.status}>
            {SAVE_STATUS_TEXT[state.status]}
          </p>
          <section className={styles.who} aria-labelledby="who-is-here">
            <h2 id="who-is-here" className={styles.whoHeading}>
              Who is here ({state.people.length})
            </h2>
            <ul className={styles.people}>
              {state.people.map((person) => (
                <li key={person.id} className={styles.person}>
                  <span className={styles.dot} style={{ background: person.color }} aria-hidden="true" />
                  <span>
                    {person.name}
                    {person.isSelf ? ' (you)' : ''}
                  </span>
                  <span className={styles.badge} data-role={person.role}>
                    {person.roleLabel}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          {tools && <BoardEditorContext.Provider value={editor}>{tools}</BoardEditorContext.Provider>}
        </header>
        {state.stopReason && <StopBanner reason={state.stopReason} boardId={boardId} />}
        {!state.stopReason && state.readOnlyReason && (
          <p className={`notice warn ${styles.banner}`}>{READ_ONLY_TEXT[state.readOnlyReason]}</p>
        )}
        <main id="board-canvas" className={styles.canvas} aria-label={`Board: ${title}`} tabIndex={-1}>
          {connection && state.phase === 'ready' ? (
            <BoardCanvas connection={connection} self={me ?? self} canEdit={state.canEdit} onEditor={setEditor} />
          ) : (
            <p className={styles.waiting}>{PHASE_TEXT[state.phase === 'ready' ? 'opening' : state.phase]}</p>
          )}
        </main>
        <BoardEditorContext.Provider value={editor}>
          {children}
          <ResponsesPanel />
        </BoardEditorContext.Provider>
        <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="responses-announcement">
          {announcement}
        </p>
        <ServiceWorkerRegistration ready={editor !== null} />
      </div>
    </ResponsesContext.Provider>
  );
}
