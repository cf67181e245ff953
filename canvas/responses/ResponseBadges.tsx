'use client';
/**
 * Drawn in front of the canvas: each note's reactions (a symbol and a count per kind) and its
 * comments (a count, marked "new" when some are new to this person), at the note's bottom edge,
 * for everyone, live. Hovering a count tells who; clicking a reaction toggles this person's own,
 * clicking the comments selects the note (its thread opens beside it). The keyboard way to the
 * same is the panel beside the selected note (ResponsesPanel) and the text outline.
 */
import { useRef } from 'react';
import { usePassThroughWheelEvents, useEditor, useValue, type TLShapeId } from 'tldraw';
import { REACTION_KINDS, REACTION_TEXT, RESPONSE_SHAPE_TYPES, type NoteResponses } from '../../lib/note-responses';
import { personLabel, useResponsesSnapshot, useResponsesView, type ResponsesView } from './context';
import { ReactionIcon } from './ReactionIcon';
import styles from './responses.module.css';

/** Counts on every responded note in view; nothing outside a board with responses. */
export function ResponseBadges() {
  const editor = useEditor();
  const view = useResponsesView();
  const snapshot = useResponsesSnapshot(view?.store);
  const placed = useValue(
    'response badges',
    () => {
      const viewport = editor.getViewportPageBounds();
      return [...snapshot.byNote].flatMap(([shapeId, responses]) => {
        if (responses.reactions.length === 0 && responses.comments.length === 0) return [];
        const shape = editor.getShape(shapeId as TLShapeId);
        const bounds = shape && RESPONSE_SHAPE_TYPES.has(shape.type) ? editor.getShapePageBounds(shape) : undefined;
        if (!bounds || !viewport.collides(bounds)) return [];
        const at = editor.pageToViewport({ x: bounds.minX, y: bounds.maxY });
        return [{ shapeId, responses, x: at.x, y: at.y }];
      });
    },
    [editor, snapshot],
  );
  if (!view) return null;
  return (
    <>
      {placed.map(({ shapeId, responses, x, y }) => (
        <BadgeRow key={shapeId} shapeId={shapeId} responses={responses} view={view} unread={responses.comments.some((c) => snapshot.unread.has(c.id))} x={x} y={y} />
      ))}
    </>
  );
}

function BadgeRow({ shapeId, responses, view, unread, x, y }: { shapeId: string; responses: NoteResponses; view: ResponsesView; unread: boolean; x: number; y: number }) {
  const editor = useEditor();
  const row = useRef<HTMLDivElement>(null);
  // Scrolling over the counts still moves the board.
  usePassThroughWheelEvents(row);
  const comments = responses.comments.length;
  return (
    <div ref={row} className={styles.badges} style={{ left: x, top: y }} data-testid="response-badges" data-shape-id={shapeId}>
      {REACTION_KINDS.map((kind) => {
        const reactions = responses.reactions.filter((r) => r.kind === kind);
        if (reactions.length === 0) return null;
        const { label } = REACTION_TEXT[kind];
        const who = `${label}: ${reactions.map((r) => personLabel(view, r.userId, r.role)).join(', ')}`;
        const content = (
          <>
            <ReactionIcon kind={kind} /> {reactions.length}
            <span className="visually-hidden"> {label}</span>
          </>
        );
        // Out of the tab order: the keyboard way is the panel beside the selected note.
        return view.canRespond ? (
          <button
            key={kind}
            type="button"
            tabIndex={-1}
            className={styles.badge}
            title={who}
            aria-pressed={reactions.some((r) => r.userId === view.self.id)}
            data-reaction={kind}
            onPointerDown={editor.markEventAsHandled}
            onClick={() => view.announce(view.store.toggleReaction(shapeId, kind) ?? `You ${view.store.hasReacted(shapeId, kind) ? 'reacted' : 'took back'} “${label}”.`)}
          >
            {content}
          </button>
        ) : (
          <span key={kind} className={styles.badge} title={who} data-reaction={kind}>
            {content}
          </span>
        );
      })}
      {comments > 0 ? (
        <button
          type="button"
          tabIndex={-1}
          className={styles.badge}
          title={`${comments} ${comments === 1 ? 'comment' : 'comments'}${unread ? ', some new to you' : ''}`}
          data-comments={comments}
          onPointerDown={editor.markEventAsHandled}
          onClick={() => editor.select(shapeId as TLShapeId)}
        >
          <ReactionIcon kind="comments" /> {comments}
          <span className="visually-hidden"> {comments === 1 ? 'comment' : 'comments'}</span>
          {unread ? <span className={styles.newMark}>New</span> : null}
        </button>
      ) : null}
    </div>
  );
}
