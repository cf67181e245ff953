/**
 * A quick picture of a large board for board lists: every shape as a block of its colour, drawn
 * straight onto a canvas. tldraw's own export (canvas/export/export-board.ts) lays out every
 * shape's SVG, reads its styles and rasterises it on the page's main thread: measured in
 * Chromium on these 2-core machines at about 10 ms a note (10 s for a 1,000-note board, the
 * page frozen meanwhile), so a thumbnail of a large board was a multi-second freeze for the
 * person editing it. This map costs a few milliseconds for thousands of shapes; at 640 px across
 * a board of hundreds of notes, text would not be legible in a thumbnail anyway.
 */
import { DEFAULT_THEME, getColorValue, type Editor, type TLShape } from 'tldraw';
import { layoutMap, type MapItem, type MapLayout } from '../../lib/board-map-layout';

const COLORS = DEFAULT_THEME.colors.light;

/** How one shape looks on the map: notes and filled shapes as their fill, frames and lines as outlines, pictures grey. */
export function mapStyle(shape: Pick<TLShape, 'type' | 'props'>): Pick<MapItem, 'fill' | 'stroke'> {
  const props = shape.props as { color?: string; fill?: string };
  const color = props.color ?? 'black';
  switch (shape.type) {
    case 'note':
      return { fill: getColorValue(COLORS, color, 'noteFill'), stroke: null };
    case 'frame':
      return { fill: COLORS.solid, stroke: getColorValue(COLORS, color, 'frameStroke') };
    case 'image':
    case 'video':
    case 'bookmark':
    case 'embed':
      return { fill: '#c8cdd2', stroke: null };
    default:
      return props.fill && props.fill !== 'none'
        ? { fill: getColorValue(COLORS, color, 'semi'), stroke: getColorValue(COLORS, color, 'solid') }
        : { fill: null, stroke: getColorValue(COLORS, color, 'solid') };
  }
}

/** The current page's shapes as map items, in paint order (frames before what they hold). */
export function mapItems(editor: Editor): MapItem[] {
  const items: MapItem[] = [];
  for (const shape of editor.getCurrentPageShapesSorted()) {
    const bounds = editor.getShapePageBounds(shape);
    if (!bounds) continue;
    items.push({ x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h, ...mapStyle(shape) });
  }
  return items;
}

/** Draws the items onto a 2D context laid out by `layout`, on the board's background. */
export function drawMap(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, items: readonly MapItem[], layout: MapLayout): void {
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.lineWidth = 1;
  for (const item of items) {
    const x = (item.x - layout.originX) * layout.scale;
    const y = (item.y - layout.originY) * layout.scale;
    const w = Math.max(1, item.w * layout.scale);
    const h = Math.max(1, item.h * layout.scale);
    if (item.fill) {
      ctx.fillStyle = item.fill;
      ctx.fillRect(x, y, w, h);
    }
    if (item.stroke) {
      ctx.strokeStyle = item.stroke;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    }
  }
}

/** The current page as a PNG map whose long side is `longSidePx`. */
export async function renderBoardMapPng(editor: Editor, longSidePx: number): Promise<Blob> {
  const items = mapItems(editor);
  const layout = layoutMap(items, longSidePx);
  const canvas = new OffscreenCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas in this browser');
  drawMap(ctx, items, layout);
  return canvas.convertToBlob({ type: 'image/png' });
}
