import { describe, expect, it } from 'vitest';
import { drawMap, mapStyle } from '../../canvas/export/board-map';
import { layoutMap, type MapItem } from '../../lib/board-map-layout';

const note = (x: number, y: number): MapItem => ({ x, y, w: 200, h: 200, fill: '#ffd', stroke: null });

/** Records what a 2D context was asked to draw. */
function recordingContext() {
  const calls: Array<{ op: string; args: number[]; style: string }> = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    fillRect(...args: number[]) {
      calls.push({ op: 'fill', args, style: ctx.fillStyle });
    },
    strokeRect(...args: number[]) {
      calls.push({ op: 'stroke', args, style: ctx.strokeStyle });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

describe('the thumbnail map of a large board', () => {
  it('fits the board into the long side, keeping its shape, with padding all round', () => {
    // 50 notes across, 20 down: the board is wider than tall.
    const items = Array.from({ length: 1000 }, (_, i) => note((i % 50) * 220, Math.floor(i / 50) * 220));
    const layout = layoutMap(items, 640);
    expect(layout.width).toBe(640);
    const pageW = 49 * 220 + 200 + 64;
    const pageH = 19 * 220 + 200 + 64;
    expect(layout.height).toBe(Math.round(640 * (pageH / pageW)));
    expect(layout.originX).toBe(-32);
    expect(layout.originY).toBe(-32);
  });

  it('draws the background and each shape once, inside the picture', () => {
    const items = [note(0, 0), note(5000, 3000), { x: 100, y: 100, w: 800, h: 600, fill: '#fff', stroke: '#000' }];
    const layout = layoutMap(items, 640);
    const { ctx, calls } = recordingContext();
    drawMap(ctx, items, layout);
    expect(calls.filter((c) => c.op === 'fill')).toHaveLength(1 + 3);
    expect(calls.filter((c) => c.op === 'stroke')).toHaveLength(1);
    for (const { args } of calls.slice(1)) {
      const [x, y, w, h] = args;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(layout.width + 0.5);
      expect(y + h).toBeLessThanOrEqual(layout.height + 0.5);
    }
  });

  it('gives a picture of at least a pixel for an empty page', () => {
    const layout = layoutMap([], 640);
    expect(layout.width).toBeGreaterThanOrEqual(1);
    expect(layout.height).toBeGreaterThanOrEqual(1);
  });

  it('colours notes by their colour, outlines frames and greys pictures', () => {
    const yellow = mapStyle({ type: 'note', props: { color: 'yellow' } } as never);
    const blue = mapStyle({ type: 'note', props: { color: 'blue' } } as never);
    expect(yellow.fill).toMatch(/^#/);
    expect(yellow.fill).not.toBe(blue.fill);
    expect(mapStyle({ type: 'frame', props: { color: 'black' } } as never).stroke).toMatch(/^#/);
    expect(mapStyle({ type: 'image', props: {} } as never)).toEqual({ fill: '#c8cdd2', stroke: null });
    expect(mapStyle({ type: 'geo', props: { color: 'red', fill: 'none' } } as never).fill).toBeNull();
  });
});
