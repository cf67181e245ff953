import { describe, expect, it } from 'vitest';
import { Geometry2dFilters, Group2d, Rectangle2d, Vec } from 'tldraw';
import { DeferredGeometry2d } from '../../canvas/note-geometry';

/** A note's shape as tldraw builds it: the note, and its label (excluded from the note's bounds). */
function note(label: () => Rectangle2d) {
  return new Group2d({
    children: [
      new Rectangle2d({ width: 200, height: 260, isFilled: true }),
      new DeferredGeometry2d(label, { isLabel: true, isFilled: true, excludeFromShapeBounds: true }),
    ],
  });
}

const LABEL = { x: 10, y: 80, width: 180, height: 60, isFilled: true, isLabel: true, excludeFromShapeBounds: true } as const;

describe('a label measured on first use', () => {
  it('is not measured for the note’s bounds, its centre or a hit on the note itself', () => {
    let measured = 0;
    const group = note(() => {
      measured += 1;
      return new Rectangle2d(LABEL);
    });
    expect(group.bounds.w).toBe(200);
    expect(group.bounds.h).toBe(260);
    expect(group.center.toJson()).toEqual({ x: 100, y: 130, z: 1 });
    // Hit tests leave labels out unless asked (tldraw's default filter).
    expect(group.hitTestPoint(new Vec(5, 5), 0, true)).toBe(true);
    expect(group.hitTestPoint(new Vec(300, 5), 0, true)).toBe(false);
    expect(measured).toBe(0);
  });

  it('answers as the measured label would, and is measured once', () => {
    let measured = 0;
    const real = new Rectangle2d(LABEL);
    const lazy = new DeferredGeometry2d(
      () => {
        measured += 1;
        return new Rectangle2d(LABEL);
      },
      { isLabel: true, isFilled: true, excludeFromShapeBounds: true },
    );
    expect(measured).toBe(0);
    const inside = new Vec(50, 100);
    const above = new Vec(50, 20);
    expect(lazy.bounds.toJson()).toEqual(real.bounds.toJson());
    expect(lazy.isPointInBounds(inside)).toBe(true);
    expect(lazy.isPointInBounds(above)).toBe(false);
    expect(lazy.hitTestPoint(inside)).toBe(real.hitTestPoint(inside));
    expect(lazy.hitTestPoint(above)).toBe(real.hitTestPoint(above));
    expect(lazy.distanceToPoint(above)).toBe(real.distanceToPoint(above));
    expect(lazy.nearestPoint(above).toJson()).toEqual(real.nearestPoint(above).toJson());
    expect(lazy.vertices.map((v) => v.toJson())).toEqual(real.vertices.map((v) => v.toJson()));
    expect(lazy.getVertices(Geometry2dFilters.INCLUDE_ALL).length).toBe(4);
    expect(lazy.hitTestLineSegment(new Vec(0, 0), new Vec(200, 200))).toBe(real.hitTestLineSegment(new Vec(0, 0), new Vec(200, 200)));
    expect(lazy.length).toBe(real.length);
    expect(lazy.getSvgPathData(true)).toBe(real.getSvgPathData());
    expect(measured).toBe(1);
  });

  it('is found by a hit on the words, as tldraw looks for a label (a click on a selected note’s words starts writing)', () => {
    let measured = 0;
    const group = note(() => {
      measured += 1;
      return new Rectangle2d(LABEL);
    });
    const labels = group.children.filter((child) => child.isLabel);
    expect(labels).toHaveLength(1);
    expect(labels[0].bounds.containsPoint(new Vec(50, 100), 0) && labels[0].hitTestPoint(new Vec(50, 100))).toBe(true);
    expect(labels[0].bounds.containsPoint(new Vec(50, 20), 0)).toBe(false);
    expect(measured).toBe(1);
  });
});
