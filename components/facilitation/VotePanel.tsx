'use client';
import { useCallback, useState } from 'react';
import type { Editor } from 'tldraw';
import type { VoteView } from '@/server/facilitation/view';
import { sendCommand } from './api';
import { useEditorValue, votableNotes, type VotableNote } from './editor-notes';
import styles from './facilitation.module.css';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Dot voting on this screen: a dot button on each note (click), the same choices as a list
 * (keyboard and screen readers), votes left, and after the reveal a badge on each note and a
 * ranked list. Counts are never shown before the reveal because the server does not send them.
 */
export function VotePanel({ boardId, vote, editor, canCast }: { boardId: string; vote: VoteView; editor?: Editor; canCast: boolean }) {
  const [message, setMessage] = useState('');
  const computeNotes = useCallback((e: Editor) => votableNotes(e, vote.frameId), [vote.frameId]);
  const notes = useEditorValue<VotableNote[]>(editor, computeNotes, []);
  const open = vote.status === 'open';
  const mineOn = (id: string) => vote.mine.filter((m) => m === id).length;
  const countOf = (id: string) => vote.results?.find((r) => r.shapeId === id)?.count ?? 0;
  const textOf = (id: string) => notes.find((n) => n.id === id)?.text ?? 'A note';

  const act = async (command: 'vote-cast' | 'vote-uncast', shapeId: string) => {
    try {
      const { remaining } = await sendCommand<{ remaining: number }>(boardId, command, { voteId: vote.id, shapeId });
      setMessage(`${command === 'vote-cast' ? 'Vote added' : 'Vote taken back'}. ${plural(remaining, 'vote', 'votes')} left.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section className={styles.card} aria-labelledby="vote-heading" data-testid="vote-panel" data-vote-status={vote.status} data-vote-id={vote.id}>
      <h2 id="vote-heading" className={styles.heading}>
        {open ? 'Voting is open' : 'Vote results'}
      </h2>
      {open && canCast && (
        <p data-testid="votes-left">
          {vote.remaining > 0
            ? `You have ${plural(vote.remaining, 'vote', 'votes')} left out of ${vote.votesPerPerson}. Click the dot on a note, or use the list.`
            : `You have used all ${plural(vote.votesPerPerson, 'vote', 'votes')}. Take one back to vote for something else.`}
        </p>
      )}
      {open && !canCast && <p>People are voting. The results show when the facilitator reveals them.</p>}
      {vote.castCount !== null && open && <p data-testid="votes-cast">{plural(vote.castCount, 'vote', 'votes')} cast so far.</p>}
      {open && canCast && notes.length > 0 && (
        <ul className={styles.noteList}>
          {notes.map((n) => (
            <li key={n.id}>
              <span>{n.text}</span>
              {mineOn(n.id) > 0 && <span> (your votes: {mineOn(n.id)})</span>}{' '}
              {/* Never disabled: an extra vote gets the server's reason, which a greyed-out button would not give. */}
              <button type="button" className={styles.small} onClick={() => void act('vote-cast', n.id)} aria-label={`Vote for: ${n.text}`}>
                Vote
              </button>
              {mineOn(n.id) > 0 && (
                <button type="button" className={`secondary ${styles.small}`} onClick={() => void act('vote-uncast', n.id)} aria-label={`Take back a vote from: ${n.text}`}>
                  Take back
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && canCast && editor && notes.length === 0 && <p>There are no sticky notes to vote on yet.</p>}
      {vote.results && vote.results.length > 0 && (
        <ol className={styles.results} data-testid="vote-results">
          {vote.results.map((r) => (
            <li key={r.shapeId} data-shape-id={r.shapeId} data-count={r.count}>
              {textOf(r.shapeId)}: {plural(r.count, 'vote', 'votes')}
            </li>
          ))}
        </ol>
      )}
      {/* Not a one-item ranked list ("1. Nobody voted."). */}
      {vote.results && vote.results.length === 0 && (
        <p data-testid="vote-results">Nobody voted.</p>
      )}
      <p role="status" aria-live="polite" className={styles.hint}>
        {message}
      </p>
      {/* Mouse shortcuts on the canvas; the list above is the same choice for keyboards. */}
      {notes.map((n) =>
        n.corner && (open ? canCast : vote.results) ? (
          open ? (
            <button
              key={n.id}
              type="button"
              tabIndex={-1}
              aria-hidden="true"
              className={styles.dot}
              data-testid="vote-dot"
              data-shape-id={n.id}
              style={{ left: n.corner.x, top: n.corner.y }}
              onClick={() => void act('vote-cast', n.id)}
            >
              {mineOn(n.id) || '+'}
            </button>
          ) : (
            <span key={n.id} aria-hidden="true" className={styles.dot} data-testid="vote-badge" data-shape-id={n.id} style={{ left: n.corner.x, top: n.corner.y }}>
              {countOf(n.id)}
            </span>
          )
        ) : null,
      )}
    </section>
  );
}
