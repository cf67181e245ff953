import { describe, expect, it } from 'vitest';
import { LEGIBLE_ZOOM, legibleParts } from '@/components/facilitation/legible-parts';

// A 1920 × 1080 projector's board area (the side column takes about 480 px), at the legible zoom.
const FITS = { w: (1440 - 64) / LEGIBLE_ZOOM, h: (1080 - 64) / LEGIBLE_ZOOM };

describe('legibleParts: what the projector shows when nobody leads', () => {
  it('keeps note text at least 24 px on screen', () => {
    expect(22 * LEGIBLE_ZOOM).toBeGreaterThanOrEqual(24);
  });

  it('shows a board that fits at that zoom in one part', () => {
    expect(legibleParts([{ x: 0, y: 0, w: 500, h: 400 }, { x: 0, y: 450, w: 500, h: 200 }], FITS)).toEqual([{ x: 0, y: 0, w: 500, h: 650 }]);
  });

  it('pages through areas that do not fit together, in reading order, each whole', () => {
    const frames = [0, 1, 2].map((i) => ({ x: i * 800, y: 0, w: 720, h: 520 }));
    const parts = legibleParts(frames, FITS);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.w <= FITS.w && part.h <= FITS.h).toBe(true);
    for (const frame of frames) expect(parts.some((p) => p.x <= frame.x && p.y <= frame.y && p.x + p.w >= frame.x + frame.w && p.y + p.h >= frame.y + frame.h)).toBe(true);
  });

  it('cuts an area too large for the screen into pieces that each fit', () => {
    const parts = legibleParts([{ x: 0, y: 0, w: 2400, h: 1600 }], FITS);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.w <= FITS.w + 1e-6 && part.h <= FITS.h + 1e-6).toBe(true);
    expect(parts.reduce((sum, p) => sum + p.w * p.h, 0)).toBeCloseTo(2400 * 1600);
  });
});
