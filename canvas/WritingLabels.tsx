'use client';
/**
 * Drawn in front of the canvas: "Sam is writing…" on each note someone else is writing in, and
 * why this person could not open one (see writing-turns.ts).
 */
import { useEffect } from 'react';
import { useEditor, useValue } from 'tldraw';
import { REFUSAL_SHOWN_MS, writingTurnsOf } from './writing-turns';
import styles from './live-board.module.css';

/** tldraw's `InFrontOfTheCanvas` component of a live board. */
export function WritingLabels() {
  const editor = useEditor();
  const turns = useValue('writing turns', () => writingTurnsOf(editor), [editor]);
  const labels = useValue(
    'writing labels',
    () =>
      // Only someone who holds the note: a later claim is about to be withdrawn (see WritingTurns.check).
      [...(turns?.$writers.get().values() ?? [])].flatMap((writer) => {
        if (!turns?.holderOf(writer.shapeId)) return [];
        const bounds = editor.getShapePageBounds(writer.shapeId);
        if (!bounds) return [];
        const at = editor.pageToViewport({ x: bounds.x, y: bounds.y });
        return [{ ...writer, x: at.x, y: at.y }];
      }),
    [editor, turns],
  );
  const refusal = useValue('writing refused', () => turns?.$refusal.get() ?? null, [turns]);
  useEffect(() => {
    if (!refusal || !turns) return;
    // Once shown long enough, it goes when the other person has finished (see WritingTurns).
    const timer = setTimeout(() => {
      if (!turns.$writers.get().has(refusal.shapeId)) turns.$refusal.set(null);
    }, REFUSAL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refusal, turns]);
  return (
    <>
      {labels.map((label) => (
        <span key={label.shapeId} className={styles.writingLabel} style={{ left: label.x, top: label.y, borderColor: label.color }} data-testid="writing-label" data-shape-id={label.shapeId}>
          {label.name} is writing…
        </span>
      ))}
      <p role="status" aria-live="assertive" className={styles.writingRefusal} data-testid="writing-refusal">
        {refusal?.text}
      </p>
    </>
  );
}
