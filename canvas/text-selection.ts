/**
 * Drops the page's text selection when someone stops writing in a shape.
 *
 * tldraw leaves the browser's caret behind when a note's text editor closes: it falls back to
 * the canvas around the removed editor. From then on the browser checks that caret at every
 * frame (style and layout), looking through the board's text for the nearest place a caret
 * could stand: none of the notes are editable, so it read the whole board. On a 1,000-note
 * board every frame of a drag made after writing took 55–65 ms more than on a board never
 * written on (Chromium trace: VisibleUnits::canonicalPosition; bench/RESULTS.md, issue 14).
 * A selection the person made elsewhere on the page (in a panel, say) is left alone.
 */
import { react, type Editor } from 'tldraw';

export function dropTextSelectionAfterWriting(editor: Editor): () => void {
  let wasWriting = editor.getEditingShapeId() !== null;
  let frame = 0;
  const stop = react('drop the text selection after writing', () => {
    const writing = editor.getEditingShapeId() !== null;
    if (wasWriting && !writing) {
      // After React has taken the text editor away (the caret moves out of it then).
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (editor.getEditingShapeId() !== null) return;
        const selection = document.getSelection();
        const at = selection?.anchorNode;
        if (!selection || selection.rangeCount === 0) return;
        if (!at || at === document.body || at === document.documentElement || editor.getContainer().contains(at)) selection.removeAllRanges();
      });
    }
    wasWriting = writing;
  });
  return () => {
    cancelAnimationFrame(frame);
    stop();
  };
}
