/**
 * Where a board's shapes land on a small picture of it (board lists): the picture's size and the
 * page-to-pixel transform. Shared by the browser's map of a large board
 * (canvas/export/board-map.ts) and the server's preview of a board nobody has pictured yet
 * (server/murals/board-preview.ts).
 */

/** One shape as the map draws it, in page coordinates. */
export interface MapItem {
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string | null;
  stroke: string | null;
}

/** Where the page lands on the picture: the picture's size and the page-to-pixel transform. */
export interface MapLayout {
  width: number;
  height: number;
  scale: number;
  /** The page point drawn at the picture's top-left corner (padding included). */
  originX: number;
  originY: number;
}

const PADDING = 32;

/**
 * The picture's size and transform: the long side is `longSidePx` pixels, the aspect ratio is the
 * items' bounds (plus PADDING page units all round) and no side is under one pixel.
 */
export function layoutMap(items: readonly MapItem[], longSidePx: number): MapLayout {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const item of items) {
    minX = Math.min(minX, item.x);
    minY = Math.min(minY, item.y);
    maxX = Math.max(maxX, item.x + item.w);
    maxY = Math.max(maxY, item.y + item.h);
  }
  if (!Number.isFinite(minX)) [minX, minY, maxX, maxY] = [0, 0, 1, 1];
  const pageW = maxX - minX + 2 * PADDING;
  const pageH = maxY - minY + 2 * PADDING;
  const scale = longSidePx / Math.max(pageW, pageH);
  return {
    width: Math.max(1, Math.round(pageW * scale)),
    height: Math.max(1, Math.round(pageH * scale)),
    scale,
    originX: minX - PADDING,
    originY: minY - PADDING,
  };
}
