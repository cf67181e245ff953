/**
 * Where the mural's next tile goes: the next free place of a grid laid over the mural's area,
 * row by row (tiles used to land on top of each other at the centre of each person's view, so
 * after a few the first were hidden, on the live mural, the published edition and the poster).
 * Pure, so the layout is unit-tested without a browser.
 */

/** A rectangle on the board (page coordinates). */
export interface PageRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One place of the grid: wide and tall enough for the largest tile (a photo with a caption). */
export const TILE_CELL = { w: 360, h: 460 } as const;
/** Space between places, and room above each tile for its name (the frame's label). */
export const TILE_GAP = { x: 40, y: 80 } as const;
/** A photo tile's frame: its width, the margin inside it, the tallest photo and a caption's height. */
export const PHOTO_TILE = { w: TILE_CELL.w, inset: 20, photoMaxHeight: 320, captionHeight: 60 } as const;

/**
 * A photo tile for a picture of `width` × `height` pixels: the photo scaled down (never up) to fit
 * inside the frame, at its top, and the frame's height (with room for a caption when it has one).
 */
export function photoTile(width: number, height: number, withCaption: boolean): { photo: { w: number; h: number }; height: number } {
  const { w, inset, photoMaxHeight, captionHeight } = PHOTO_TILE;
  const scale = Math.min((w - 2 * inset) / Math.max(width, 1), photoMaxHeight / Math.max(height, 1), 1);
  const photo = { w: width * scale, h: height * scale };
  return { photo, height: photo.h + 2 * inset + (withCaption ? captionHeight : 0) };
}

/** Inside the area: room for the area's prompt is taken by the prompt itself (it occupies a place). */
const AREA_PADDING = 40;

const overlaps = (a: PageRect, b: PageRect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The top-left corner of the first place, row by row, that nothing on the board overlaps. The
 * grid fills the area's width; once the area is full it carries on in rows below it.
 */
export function nextFreeTilePlace(area: PageRect, taken: PageRect[], tileHeight: number): { x: number; y: number } {
  const columns = Math.max(1, Math.floor((area.w - 2 * AREA_PADDING + TILE_GAP.x) / (TILE_CELL.w + TILE_GAP.x)));
  for (let index = 0; ; index++) {
    const place = {
      x: area.x + AREA_PADDING + (index % columns) * (TILE_CELL.w + TILE_GAP.x),
      y: area.y + AREA_PADDING + Math.floor(index / columns) * (TILE_CELL.h + TILE_GAP.y),
    };
    // The tile's name sits above it: that room must be free too.
    const needed = { x: place.x, y: place.y - TILE_GAP.y / 2, w: TILE_CELL.w, h: Math.max(tileHeight, 1) + TILE_GAP.y / 2 };
    if (!taken.some((rect) => overlaps(rect, needed))) return place;
  }
}
