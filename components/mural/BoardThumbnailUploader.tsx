'use client';
/** Sends a small picture of the board for board lists while someone edits it. Renders nothing. */
import { useEffect } from 'react';
import { useBoardEditor } from '@/canvas/board-editor';
import { renderBoardPng } from '@/canvas/export/export-board';

/** Wait this long after the first change before the first picture (let a burst of edits settle). */
const FIRST_THUMBNAIL_DELAY_MS = 5_000;
/** At most one picture per browser this often (the server also refuses more than one a minute). */
const THUMBNAIL_INTERVAL_MS = 3 * 60_000;
const THUMBNAIL_LONG_SIDE_PX = 640;

/** Uploads a picture of the board a few seconds after this person changes it, then at most every few minutes. */
export function BoardThumbnailUploader({ boardId, canEdit }: { boardId: string; canEdit: boolean }) {
  const editor = useBoardEditor();
  useEffect(() => {
    if (!editor || !canEdit) return;
    let lastSent = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const send = async () => {
      timer = null;
      lastSent = Date.now();
      if (editor.getCurrentPageShapeIds().size === 0) return;
      try {
        const { blob } = await renderBoardPng(editor, THUMBNAIL_LONG_SIDE_PX);
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
        timer = setTimeout(() => void send(), wait);
      },
      { source: 'user', scope: 'document' },
    );
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [editor, boardId, canEdit]);
  return null;
}
