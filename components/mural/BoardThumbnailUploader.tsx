'use client';
/** Sends a small picture of the board for board lists while someone edits it. Renders nothing. */
import { useEffect } from 'react';
import { useBoardEditor } from '@/canvas/board-editor';
import { renderBoardMapPng } from '@/canvas/export/board-map';
import { renderBoardPng } from '@/canvas/export/export-board';

/** Wait this long after the first change before the first picture (let a burst of edits settle). */
const FIRST_THUMBNAIL_DELAY_MS = 5_000;
/** At most one picture per browser this often (the server also refuses more than one a minute). */
const THUMBNAIL_INTERVAL_MS = 3 * 60_000;
const THUMBNAIL_LONG_SIDE_PX = 640;
/**
 * Up to this many shapes the thumbnail is tldraw's own picture of the board; beyond it, a map of
 * coloured blocks (canvas/export/board-map.ts): tldraw's export freezes the page for about 10 ms
 * a shape on a 2-core laptop (a second here), and the map costs milliseconds for thousands.
 */
export const FULL_THUMBNAIL_MAX_SHAPES = 100;

/** Uploads a picture of the board a few seconds after this person changes it, then at most every few minutes. */
export function BoardThumbnailUploader({ boardId, canEdit }: { boardId: string; canEdit: boolean }) {
  const editor = useBoardEditor();
  useEffect(() => {
    if (!editor || !canEdit) return;
    let lastSent = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let idle: number | null = null;
    const send = async () => {
      timer = null;
      idle = null;
      lastSent = Date.now();
      const shapes = editor.getCurrentPageShapeIds().size;
      if (shapes === 0) return;
      try {
        const blob =
          shapes <= FULL_THUMBNAIL_MAX_SHAPES
            ? (await renderBoardPng(editor, THUMBNAIL_LONG_SIDE_PX)).blob
            : await renderBoardMapPng(editor, THUMBNAIL_LONG_SIDE_PX);
        const form = new FormData();
        form.append('image', blob, 'thumbnail.png');
        await fetch(`/api/boards/${encodeURIComponent(boardId)}/thumbnail`, { method: 'POST', body: form });
      } catch {
        // A missing picture only means the list shows a placeholder; never disturb the person.
      }
    };
    const stop = editor.store.listen(
      () => {
        if (timer) return;
        const wait = lastSent ? Math.max(lastSent + THUMBNAIL_INTERVAL_MS - Date.now(), FIRST_THUMBNAIL_DELAY_MS) : FIRST_THUMBNAIL_DELAY_MS;
        // When the wait is over, draw in the browser's next idle moment rather than mid-gesture.
        timer = setTimeout(() => {
          if (typeof requestIdleCallback !== 'function') return void send();
          idle = requestIdleCallback(() => void send(), { timeout: 5_000 });
        }, wait);
      },
      { source: 'user', scope: 'document' },
    );
    return () => {
      stop();
      if (timer) clearTimeout(timer);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [editor, boardId, canEdit]);
  return null;
}
