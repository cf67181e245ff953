'use client';
import { createContext, useContext } from 'react';
import type { Editor } from 'tldraw';

/** The live board's tldraw editor for layers drawn over the canvas; null until tldraw mounts. */
export const BoardEditorContext = createContext<Editor | null>(null);

/** The board's tldraw editor, or null before it mounts or outside a live board. */
export function useBoardEditor(): Editor | null {
  return useContext(BoardEditorContext);
}
