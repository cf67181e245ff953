'use client';
/**
 * The reactions on one note: a toggle button per kind with its count (pressed when this person
 * has reacted so), and who reacted, by name where this person may see names, by role always.
 * Used beside the selected note on the canvas and under each note in the text outline.
 */
import { REACTION_KINDS, REACTION_TEXT, type NoteResponses } from '../../lib/note-responses';
import { personLabel, type ResponsesView } from './context';
import { ReactionIcon } from './ReactionIcon';
import styles from './responses.module.css';

export interface ReactionBarProps {
  shapeId: string;
  responses: NoteResponses;
  view: ResponsesView;
}

/** Toggle buttons for the five reactions, and who gave each. */
export function ReactionBar({ shapeId, responses, view }: ReactionBarProps) {
  const given = REACTION_KINDS.map((kind) => ({ kind, reactions: responses.reactions.filter((r) => r.kind === kind) }));
  return (
    <div className={styles.reactions}>
      <div role="group" aria-label="Reactions" className={styles.reactionButtons}>
        {given.map(({ kind, reactions }) => {
          const mine = reactions.some((r) => r.userId === view.self.id);
          const { label } = REACTION_TEXT[kind];
          return (
            <button
              key={kind}
              type="button"
              className={styles.reaction}
              aria-pressed={mine}
              disabled={!view.canRespond}
              data-reaction={kind}
              onClick={() => view.announce(view.store.toggleReaction(shapeId, kind) ?? (mine ? `You took back “${label}”.` : `You reacted “${label}”.`))}
            >
              <ReactionIcon kind={kind} /> {label} <span className={styles.count}>{reactions.length}</span>
            </button>
          );
        })}
      </div>
      {responses.reactions.length === 0 ? (
        <p className={styles.who}>No reactions yet.</p>
      ) : (
        <ul className={styles.who} aria-label="Who reacted">
          {given
            .filter(({ reactions }) => reactions.length > 0)
            .map(({ kind, reactions }) => (
              <li key={kind}>
                <strong>{REACTION_TEXT[kind].label}:</strong> {reactions.map((r) => personLabel(view, r.userId, r.role)).join(', ')}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
