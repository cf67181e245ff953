import type { Editor } from 'tldraw';
import type { VerifiedUser } from './people';

/**
 * Writes the author into each shape this person creates (`meta.createdBy`), the same value the
 * realtime server would set from the verified token. The server checks it and only rewrites a
 * record whose author is wrong; because it never has to rewrite an honest client's record, it
 * never races the next keystroke typed into a new note (two writers of one key: one loses).
 * A shape that already names an author (an undone deletion) keeps it.
 */
export function stampAuthorOnCreate(editor: Editor, self: Pick<VerifiedUser, 'id' | 'role'>): () => void {
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || (shape.meta as { createdBy?: unknown }).createdBy) return shape;
    return { ...shape, meta: { ...shape.meta, createdBy: { userId: self.id, role: self.role } } };
  });
}
