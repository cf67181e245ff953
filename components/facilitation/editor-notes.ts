'use client';
import { useEffect, useState } from 'react';
import type { Editor, TLShapeId, TLUserId } from 'tldraw';

/** A sticky note someone can vote on, with where it is on screen. */
export interface VotableNote {
  id: string;
  text: string;
  /** Top-right corner in window coordinates, or null when it is off screen. */
  corner: { x: number; y: number } | null;
}

/** A frame a vote can be limited to. */
export interface FrameChoice {
  id: string;
  name: string;
}

/** tldraw user ids are the app's user ids with tldraw's record prefix (see canvas/presence.ts). */
export function tldrawUserId(userId: string): TLUserId {
  return `user:${userId}` as TLUserId;
}

// Template prompts are notes too, but they are questions, not ideas to vote on.
const isPrompt = (id: string) => id.startsWith('shape:prompt-');

function noteText(editor: Editor, id: TLShapeId): string {
  const shape = editor.getShape(id);
  const text = shape ? editor.getShapeUtil(shape).getText(shape) : undefined;
  return text?.trim() || 'A note with no words';
}

/** The notes in a vote's scope (a frame, or the whole page), in reading order. */
export function votableNotes(editor: Editor, frameId: string | null): VotableNote[] {
  const viewport = editor.getViewportScreenBounds();
  return editor
    .getCurrentPageShapesInReadingOrder()
    .filter((s) => s.type === 'note' && !isPrompt(s.id) && (!frameId || editor.getShapeAncestors(s).some((a) => a.id === frameId)))
    .map((s) => {
      const bounds = editor.getShapePageBounds(s);
      const corner = bounds ? editor.pageToScreen({ x: bounds.maxX, y: bounds.minY }) : null;
      const visible = corner && corner.x >= viewport.minX && corner.x <= viewport.maxX && corner.y >= viewport.minY && corner.y <= viewport.maxY;
      return { id: s.id, text: noteText(editor, s.id), corner: visible ? { x: corner.x, y: corner.y } : null };
    });
}

/** The frames on the page, for choosing where a vote happens. */
export function frameChoices(editor: Editor): FrameChoice[] {
  return editor
    .getCurrentPageShapesSorted()
    .filter((s) => s.type === 'frame')
    .map((s) => ({ id: s.id, name: editor.getShapeUtil(s).getText(s)?.trim() || 'Unnamed frame' }));
}

/** The frames a projector shows one by one: in reading order (left to right, top to bottom), as people read the board. */
export function frameStops(editor: Editor): FrameChoice[] {
  return editor
    .getCurrentPageShapesInReadingOrder()
    .filter((s) => s.type === 'frame')
    .map((s) => ({ id: s.id, name: editor.getShapeUtil(s).getText(s)?.trim() || 'Unnamed frame' }));
}

/** A value worked out from the editor, kept up to date as the board and camera change. */
export function useEditorValue<T>(editor: Editor | undefined, compute: (editor: Editor) => T, fallback: T): T {
  const [value, setValue] = useState<T>(fallback);
  useEffect(() => {
    if (!editor) return;
    let last = '';
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = compute(editor);
      const key = JSON.stringify(next);
      if (key !== last) {
        last = key;
        setValue(next);
      }
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    update();
    const stop = editor.store.listen(schedule);
    window.addEventListener('resize', schedule);
    return () => {
      stop();
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
    // `compute` is expected to be stable per editor (module functions or memoised).
  }, [editor, compute]);
  return value;
}
