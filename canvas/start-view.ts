import type { Editor, TLShapeId } from 'tldraw';

/** The board's heading, placed by every template (server/realtime/templates). */
const TITLE_SHAPE_ID = 'shape:title' as TLShapeId;
/** Space left between the top-left of the board and the edge of the screen. */
const MARGIN = 40;

/**
 * Opens the board where it starts: the view is moved so the board's heading (or, on a board
 * without one, the top-left of everything on it) sits just inside the top-left corner, at the
 * zoom the person has. Without this the view opens on the page's origin, which puts the heading
 * and the first areas' names above the screen. Only while the view has not moved: once the
 * person (or following someone) has moved it, it is theirs. Returns a function that stops
 * waiting, for boards whose shapes arrive after the canvas mounts.
 */
export function showBoardStart(editor: Editor): () => void {
  const untouched = () => {
    const camera = editor.getCamera();
    return camera.x === 0 && camera.y === 0;
  };
  const place = (): boolean => {
    if (!untouched()) return true;
    const title = editor.getShape(TITLE_SHAPE_ID);
    const bounds = title ? editor.getShapePageBounds(title) : editor.getCurrentPageBounds();
    if (!bounds) return false;
    editor.setCamera({ x: MARGIN - bounds.minX, y: MARGIN - bounds.minY, z: editor.getZoomLevel() });
    return true;
  };
  if (place()) return () => undefined;
  const stop = editor.store.listen(
    () => {
      if (place()) stop();
    },
    { scope: 'document' },
  );
  return stop;
}
