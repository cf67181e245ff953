import { describe, expect, it } from 'vitest';
import { PHOTO_TILE, TILE_CELL, TILE_GAP, nextFreeTilePlace, photoTile } from '@/canvas/export/tile-layout';

const AREA = { x: 0, y: 0, w: 2400, h: 1600 };
const PROMPT = { x: 40, y: 40, w: 200, h: 200 };

describe('nextFreeTilePlace: each new mural tile goes into the next free place', () => {
  it('skips the place taken by the area’s prompt', () => {
    expect(nextFreeTilePlace(AREA, [PROMPT], 300)).toEqual({ x: 40 + TILE_CELL.w + TILE_GAP.x, y: 40 });
  });

  it('puts three tiles side by side, none on another', () => {
    const taken = [PROMPT];
    for (let i = 0; i < 3; i++) {
      const at = nextFreeTilePlace(AREA, taken, 300);
      taken.push({ ...at, w: TILE_CELL.w, h: 300 });
    }
    const tiles = taken.slice(1);
    expect(new Set(tiles.map((t) => `${t.x},${t.y}`)).size).toBe(3);
    for (const [i, a] of tiles.entries()) for (const b of tiles.slice(i + 1)) expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
  });

  it('starts a new row when a row is full, and carries on below a full area', () => {
    const narrow = { x: 0, y: 0, w: 2 * TILE_CELL.w + TILE_GAP.x + 80, h: 100 };
    const first = nextFreeTilePlace(narrow, [], 300);
    const second = nextFreeTilePlace(narrow, [{ ...first, w: TILE_CELL.w, h: 300 }], 300);
    const third = nextFreeTilePlace(narrow, [{ ...first, w: TILE_CELL.w, h: 300 }, { ...second, w: TILE_CELL.w, h: 300 }], 300);
    expect(second.y).toBe(first.y);
    expect(third).toEqual({ x: first.x, y: first.y + TILE_CELL.h + TILE_GAP.y });
  });

  it('never puts a tile over something a person moved into a free place', () => {
    const moved = { x: 500, y: 60, w: 100, h: 100 };
    const at = nextFreeTilePlace(AREA, [PROMPT, moved], 300);
    expect(at.x).toBeGreaterThan(moved.x + moved.w);
  });
});

describe('photoTile: a photo tile as "Add a tile" makes it (and the browser bench lays it out)', () => {
  it('scales a large photo down to the frame, keeps its shape, and adds room for a caption', () => {
    const { photo, height } = photoTile(1024, 768, true);
    expect(photo.w).toBe(PHOTO_TILE.w - 2 * PHOTO_TILE.inset);
    expect(photo.w / photo.h).toBeCloseTo(1024 / 768);
    expect(height).toBe(photo.h + 2 * PHOTO_TILE.inset + PHOTO_TILE.captionHeight);
    expect(photoTile(1024, 768, false).height).toBe(photo.h + 2 * PHOTO_TILE.inset);
  });

  it('never enlarges a small photo, and a tall one is held to the tallest photo a tile takes', () => {
    expect(photoTile(100, 50, false).photo).toEqual({ w: 100, h: 50 });
    expect(photoTile(400, 4000, false).photo.h).toBe(PHOTO_TILE.photoMaxHeight);
    // Every tile fits the layout's cell.
    expect(photoTile(400, 4000, true).height).toBeLessThanOrEqual(TILE_CELL.h);
  });
});
