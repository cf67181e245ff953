import type { Editor } from 'tldraw';

/**
 * Locked shapes (a template's title, prompts and agenda, or what a facilitator locked) are the
 * facilitator's: someone who may not lock cannot copy them either. Selecting everything and
 * duplicating (or copying and pasting) a frame would copy its locked prompt along with the
 * person's own notes; that copy is taken out again in the same change, so it never reaches the
 * board and is never credited to them (the server refuses it anyway: server/realtime/shape-locks.ts).
 * Copying a prompt's words into one's own note stays possible.
 */
export function dropCopiesOfLockedShapes(editor: Editor): () => void {
  return editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || !shape.isLocked) return;
    editor.run(() => editor.deleteShapes([shape.id]), { ignoreShapeLock: true });
  });
}
