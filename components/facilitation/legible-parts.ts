import { Box, type Editor } from 'tldraw';

/**
 * How the projector shows a board nobody leads: part by part, each part zoomed so that note text
 * is legible from the back of a room. The whole board zoomed to fit put note text at 8-9 px on a
 * 1920 × 1080 screen.
 */

/** Note text on the projector is at least this tall, in screen px (tldraw's note text is 22 px at 100 %). */
export const LEGIBLE_TEXT_PX = 26;
const NOTE_TEXT_PX_AT_100 = 22;
/** The least zoom that keeps note text legible. */
export const LEGIBLE_ZOOM = LEGIBLE_TEXT_PX / NOTE_TEXT_PX_AT_100;
/** Space kept around a part, in screen px. */
export const PART_INSET_PX = 32;
/** How long each part shows before the next. */
export const PART_CYCLE_MS = 15_000;

/** A rectangle on the board (page coordinates). */
export interface PageRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const union = (a: PageRect, b: PageRect): PageRect => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
};

/**
 * The parts to show, in reading order: whole areas (frames, loose shapes) gathered while they fit
 * at the legible zoom, and an area too large for that cut into pieces that do. Pure.
 */
export function legibleParts(areas: PageRect[], fits: { w: number; h: number }): PageRect[] {
  const parts: PageRect[] = [];
  let current: PageRect | null = null;
  const fitsWhole = (r: PageRect) => r.w <= fits.w && r.h <= fits.h;
  for (const area of areas) {
    if (!fitsWhole(area)) {
      if (current) parts.push(current);
      current = null;
      for (let y = area.y; y < area.y + area.h; y += fits.h) {
        for (let x = area.x; x < area.x + area.w; x += fits.w) {
          parts.push({ x, y, w: Math.min(fits.w, area.x + area.w - x), h: Math.min(fits.h, area.y + area.h - y) });
        }
      }
      continue;
    }
    const joined: PageRect | null = current ? union(current, area) : area;
    if (current && !fitsWhole(joined)) {
      parts.push(current);
      current = area;
    } else current = joined;
  }
  if (current) parts.push(current);
  return parts;
}

/** The parts of the editor's board for its screen now (see legibleParts). */
export function boardParts(editor: Editor): Box[] {
  const screen = editor.getViewportScreenBounds();
  const fits = { w: Math.max(1, (screen.w - 2 * PART_INSET_PX) / LEGIBLE_ZOOM), h: Math.max(1, (screen.h - 2 * PART_INSET_PX) / LEGIBLE_ZOOM) };
  const areas = editor
    .getCurrentPageShapesInReadingOrder()
    .filter((shape) => shape.parentId === editor.getCurrentPageId())
    .flatMap((shape) => editor.getShapePageBounds(shape) ?? []);
  return legibleParts(areas, fits).map((r) => new Box(r.x, r.y, r.w, r.h));
}
