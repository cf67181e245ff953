'use client';
/**
 * Beside the one selected note (or text): its reactions as toggle buttons with who gave them,
 * and its comments with the form to add one. Reached with the mouse by selecting a note, with
 * the keyboard by Tab from tldraw's controls or Shift+C on the board (RESPOND_ACTION); Escape
 * goes back to the board. Opening a note's thread marks its comments seen. Outside tldraw's
 * container, and keys pressed in it never reach tldraw's shortcuts (Delete in it must not
 * delete the note).
 */
import { useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';
import { useValue, type Editor, type TLUiActionsContextType, type TLUiOverrides } from 'tldraw';
import { NO_RESPONSES, RESPONSE_SHAPE_TYPES } from '../../lib/note-responses';
import { useBoardEditor } from '../board-editor';
import { CommentThread } from './CommentThread';
import { describeNote, useResponsesSnapshot, useResponsesView } from './context';
import { ReactionBar } from './ReactionBar';
import styles from './responses.module.css';

const PANEL_ID = 'note-responses';
/** The panel's width (22rem) and its gaps to the note and the screen's edges, in px. */
const PANEL_WIDTH_PX = 352;
const GAP_PX = 12;

/** tldraw's actions plus the keyboard way to the panel: Shift+C with a note selected. */
export function withRespondAction(actions: TLUiActionsContextType): TLUiActionsContextType {
  return {
    ...actions,
    'respond-to-note': {
      id: 'respond-to-note',
      label: 'React or comment on the selected note',
      kbd: 'shift+c',
      readonlyOk: true,
      onSelect: () => document.getElementById(PANEL_ID)?.focus(),
    },
  };
}

/** The overrides that add only that action. Stable, as tldraw asks of overrides. */
export const RESPOND_ACTION: TLUiOverrides = { actions: (_editor, actions) => withRespondAction(actions) };

/** Where the selected note is on screen, or null when no single note or text is selected (or it is being moved or written in). */
function respondingTo(editor: Editor) {
  const shape = editor.getOnlySelectedShape();
  if (!shape || !RESPONSE_SHAPE_TYPES.has(shape.type) || editor.getEditingShapeId()) return null;
  if (editor.isInAny('select.translating', 'select.resizing', 'select.rotating', 'select.brushing')) return null;
  const bounds = editor.getShapePageBounds(shape);
  if (!bounds) return null;
  const topLeft = editor.pageToScreen({ x: bounds.minX, y: bounds.minY });
  const bottomRight = editor.pageToScreen({ x: bounds.maxX, y: bounds.maxY });
  const screen = editor.getViewportScreenBounds();
  return { shapeId: shape.id, excerpt: describeNote(shape), left: topLeft.x, top: topLeft.y, right: bottomRight.x, minTop: screen.y + GAP_PX };
}

/**
 * Right of the note when it fits, else left of it, else at the screen's right edge; level with
 * its top, and no taller than the board's part of the screen (panelTop moves it up to fit).
 */
function panelPlace(target: { left: number; right: number; minTop: number }): CSSProperties {
  const width = Math.min(PANEL_WIDTH_PX, window.innerWidth - 2 * GAP_PX);
  let left = target.right + GAP_PX;
  if (left + width > window.innerWidth - GAP_PX) left = target.left - GAP_PX - width;
  if (left < GAP_PX) left = window.innerWidth - GAP_PX - width;
  return { '--panel-left': `${left}px`, '--panel-max-height': `${window.innerHeight - target.minTop - GAP_PX}px` } as CSSProperties;
}

/** The panel's top: level with the note's, moved up as far as it must to end on the screen. */
function panelTop(target: { top: number; minTop: number }, height: number): number {
  return Math.max(target.minTop, Math.min(target.top, window.innerHeight - GAP_PX - height));
}

/** The panel for the selected note; nothing when none is selected. */
export function ResponsesPanel() {
  const editor = useBoardEditor();
  const view = useResponsesView();
  const snapshot = useResponsesSnapshot(view?.store);
  const target = useValue('responding to', () => (editor ? respondingTo(editor) : null), [editor]);
  const panel = useRef<HTMLElement>(null);
  const shapeId = target?.shapeId ?? null;

  useEffect(() => {
    view?.store.setOpenNote(shapeId);
  }, [view, shapeId]);
  useEffect(() => () => view?.store.setOpenNote(null), [view]);

  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    // Native, on the panel itself: tldraw listens on the page's body, before React's handlers run.
    const onKeyDown = (event: KeyboardEvent) => {
      event.stopPropagation();
      // The container itself: editor.focus() does nothing while tldraw thinks it has focus still.
      if (event.key === 'Escape') editor?.getContainer().focus();
    };
    element.addEventListener('keydown', onKeyDown);
    return () => element.removeEventListener('keydown', onKeyDown);
  }, [editor, shapeId]);

  // Measured after each render, before the browser paints: the thread's length decides how far up it must go.
  useLayoutEffect(() => {
    if (panel.current && target) panel.current.style.setProperty('--panel-top', `${panelTop(target, panel.current.offsetHeight)}px`);
  });

  if (!view || !target) return null;
  const responses = snapshot.byNote.get(target.shapeId) ?? NO_RESPONSES;
  return (
    <aside ref={panel} id={PANEL_ID} className={styles.panel} style={panelPlace(target)} aria-labelledby={`${PANEL_ID}-heading`} tabIndex={-1} data-board-overlay data-testid="note-responses">
      <h2 id={`${PANEL_ID}-heading`} className={styles.panelHeading}>
        Responses to {target.excerpt}
      </h2>
      <ReactionBar shapeId={target.shapeId} responses={responses} view={view} />
      <CommentThread shapeId={target.shapeId} comments={responses.comments} view={view} isNew={(id) => snapshot.fresh.has(id) || snapshot.unread.has(id)} headingLevel={3} />
      {view.canRespond ? null : <p className={styles.empty}>You can read the responses, but you cannot react or comment on this board now.</p>}
      <p className={styles.hint}>Press Escape to go back to the board. With a note selected, Shift+C comes back here.</p>
    </aside>
  );
}
