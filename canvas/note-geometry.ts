/**
 * A note whose label is measured when something asks about the label, not when the board opens.
 *
 * tldraw's note geometry is the note's rectangle plus its label's rectangle, and working out the
 * label's rectangle lays the note's words out in the DOM (`measureHtml`). The editor needs every
 * shape's geometry as a board opens (culling and the spatial index need each shape's bounds),
 * so a board of 1,000 notes measured 1,000 labels before anything was drawn: 40 % of the open in
 * the profile (bench/RESULTS.md, issue 14). Yet the label takes no part in a note's bounds
 * (`excludeFromShapeBounds`); it is only asked about when the pointer is over that note (a
 * click on the words of a selected note starts writing). So the label here is measured the first
 * time it is asked about, by tldraw's own code, with the same result: nothing changes but when.
 * The note's growth as words are added (`growY`) is tldraw's as before: it measures in
 * `onBeforeUpdate`, for the one note that changed.
 */
import {
  Geometry2d,
  Group2d,
  NoteShapeUtil,
  Rectangle2d,
  getDisplayValues,
  type Geometry2dFilters,
  type TLNoteShape,
  type Vec,
  type VecLike,
} from 'tldraw';

type Filters = (typeof Geometry2dFilters)[keyof typeof Geometry2dFilters];

/** A geometry made by `make` the first time anything asks about it. */
export class DeferredGeometry2d extends Geometry2d {
  private made: Geometry2d | null = null;

  constructor(
    private readonly make: () => Geometry2d,
    options: { isLabel: boolean; isFilled: boolean; excludeFromShapeBounds: boolean },
  ) {
    super({ ...options, isClosed: true });
  }

  private get inner(): Geometry2d {
    this.made ??= this.make();
    return this.made;
  }

  override getVertices(filters: Filters): Vec[] {
    return this.inner.getVertices(filters);
  }

  override nearestPoint(point: VecLike, filters?: Filters): Vec {
    return this.inner.nearestPoint(point, filters);
  }

  override hitTestPoint(point: VecLike, margin?: number, hitInside?: boolean, filters?: Filters): boolean {
    return this.inner.hitTestPoint(point, margin, hitInside, filters);
  }

  override distanceToPoint(point: VecLike, hitInside?: boolean, filters?: Filters): number {
    return this.inner.distanceToPoint(point, hitInside, filters);
  }

  override hitTestLineSegment(A: VecLike, B: VecLike, distance?: number, filters?: Filters): boolean {
    return this.inner.hitTestLineSegment(A, B, distance, filters);
  }

  override getBounds() {
    return this.inner.getBounds();
  }

  override getLength(filters?: Filters): number {
    return this.inner.getLength(filters);
  }

  override getSvgPathData(first: boolean): string {
    return this.inner.getSvgPathData(first);
  }
}

/** tldraw's note, with its label measured on first use (see above). */
export class LazyLabelNoteShapeUtil extends NoteShapeUtil {
  override getGeometry(shape: TLNoteShape): Group2d {
    const { scale, growY } = shape.props;
    const { noteWidth, noteHeight } = getDisplayValues(this, shape);
    return new Group2d({
      children: [
        // As tldraw draws it: the note's own size, grown by its words, times its scale.
        new Rectangle2d({ width: noteWidth * scale, height: (noteHeight + growY) * scale, isFilled: true }),
        new DeferredGeometry2d(() => labelOf(super.getGeometry(shape)), { isLabel: true, isFilled: true, excludeFromShapeBounds: true }),
      ],
    });
  }
}

/** The label in tldraw's own geometry of a note. */
function labelOf(geometry: Geometry2d): Geometry2d {
  const label = geometry instanceof Group2d ? geometry.children.find((child) => child.isLabel) : undefined;
  if (!label) throw new Error('tldraw drew a note without a label');
  return label;
}
