/**
 * The reactions' symbols, and the comments', as small line drawings in the text's colour: an
 * emoji font cannot be counted on (a venue's Linux laptop showed empty boxes). Always next to
 * words or a label: the drawing is hidden from screen readers.
 */
import type { ReactNode } from 'react';
import type { ReactionKind } from '../../lib/note-responses';

const DRAWINGS: Record<ReactionKind | 'comments', ReactNode> = {
  agree: <path d="M4 12.5l5 5L20 6.5" />,
  love: <path d="M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7a4.3 4.3 0 0 1 7.5 2.8C19.5 15.4 12 20 12 20z" />,
  question: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.6 9.4a2.5 2.5 0 1 1 3.4 2.4c-.7.3-1 .9-1 1.6v.4M12 17h.01" />
    </>
  ),
  idea: <path d="M9.5 18h5M10.5 21h3M12 3a6 6 0 0 0-3.4 10.9c.5.4.9 1 .9 1.7V16h5v-.4c0-.7.4-1.3.9-1.7A6 6 0 0 0 12 3z" />,
  celebrate: <path d="M12 3l2.7 5.5 6 .9-4.35 4.2 1 6L12 16.8 6.65 19.6l1-6L3.3 9.4l6-.9z" />,
  comments: <path d="M4 5h16v11H10l-5 4v-4H4z" />,
};

/** A reaction's (or the comments') drawing, 1em square. */
export function ReactionIcon({ kind }: { kind: ReactionKind | 'comments' }) {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {DRAWINGS[kind]}
    </svg>
  );
}
