import type { Editor, TLShapeId } from 'tldraw';
import { POSTER_LONG_SIDE_PX, type PosterSize } from '@/lib/poster';

/** The shapes an export shows: everything on the current page. */
function pageShapeIds(editor: Editor): TLShapeId[] {
  const ids = [...editor.getCurrentPageShapeIds()];
  if (ids.length === 0) throw new Error('There is nothing on this board to export yet.');
  return ids;
}

/** Browsers refuse canvases much beyond this many pixels along a side. */
const MAX_CANVAS_SIDE_PX = 8000;

/** The board as a PNG (at 2× for sharp screens) or an SVG with fonts and pictures embedded. */
export async function exportBoardImage(editor: Editor, format: 'png' | 'svg'): Promise<Blob> {
  const { blob } = await editor.toImage(pageShapeIds(editor), { format, background: true, padding: 32 });
  return blob;
}

/**
 * The board as a PNG whose long side is about `longSidePx` (print resolution for posters and
 * editions), whatever its size on screen.
 */
export async function renderBoardPng(editor: Editor, longSidePx: number): Promise<{ blob: Blob; width: number; height: number }> {
  const ids = pageShapeIds(editor);
  const bounds = editor.getCurrentPageBounds();
  const longSide = Math.max(bounds?.w ?? 1, bounds?.h ?? 1) + 64;
  const pixelRatio = Math.min(Math.min(longSidePx, MAX_CANVAS_SIDE_PX) / longSide, 8);
  const result = await editor.toImage(ids, { format: 'png', background: true, padding: 32, scale: 1, pixelRatio: Math.max(pixelRatio, 0.25) });
  return result;
}

/** A PNG for a poster of `size` paper. */
export function renderPosterPng(editor: Editor, size: PosterSize) {
  return renderBoardPng(editor, POSTER_LONG_SIDE_PX[size]);
}

/** Saves a blob through the browser's download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the address is released.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
