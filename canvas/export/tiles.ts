import { createShapeId, toRichText, type Editor, type TLImageAsset, type TLShapeId } from 'tldraw';
import { PHOTO_TILE, nextFreeTilePlace, photoTile, type PageRect } from './tile-layout';

/** What a graduate can put on the mural. */
export const TILE_KINDS = {
  quote: 'A quote',
  learned: 'What I learned',
  project: "Our pair's project",
  photo: 'A photo',
  drawing: 'A drawing',
} as const;
export type TileKind = keyof typeof TILE_KINDS;

export interface NewTile {
  kind: TileKind;
  /** Who the tile is from, as shown on its frame ("Lee Partner, lay partner"). */
  label: string;
  text: string;
  photo?: File;
  /** Describes the photo for people who cannot see it. */
  altText?: string;
}

const { w: TILE_WIDTH, inset: INSET } = PHOTO_TILE;
const TEXT_TILE_HEIGHT = 300;

/** When a board has no area for tiles (not a mural template), tiles are laid out from the page's origin, this wide. */
const FALLBACK_AREA: PageRect = { x: 0, y: 0, w: 2400, h: 0 };

/**
 * Adds a tile to the mural in the next free place of its layout: a frame named after them holding a
 * note (quote, learning, project), a photo (uploaded through the board's asset store, with
 * its description as alt text) or nothing yet (a drawing, with the pen chosen). Returns the frame.
 */
export async function addTile(editor: Editor, tile: NewTile): Promise<TLShapeId> {
  const frameId = createShapeId();
  let height = TEXT_TILE_HEIGHT;
  let photo: { asset: TLImageAsset; w: number; h: number } | null = null;
  if (tile.kind === 'photo') {
    if (!tile.photo) throw new Error('Choose a photo.');
    const asset = await editor.getAssetForExternalContent({ type: 'file', file: tile.photo });
    if (!asset || asset.type !== 'image') throw new Error('That photo could not be added. Please try another one.');
    const placed = photoTile(asset.props.w, asset.props.h, Boolean(tile.text));
    photo = { asset, ...placed.photo };
    height = placed.height;
  }
  // The mural's own area (its template frame): tiles go inside it, in rows, never onto another
  // tile (tldraw would put a tile inside whichever frame is under its corner, which would then
  // carry it along whenever it is moved).
  const area = editor.getCurrentPageShapesSorted().find((shape) => shape.type === 'frame' && !(shape.meta as { tile?: unknown }).tile);
  const areaBounds = area ? editor.getShapePageBounds(area) : undefined;
  const taken = editor
    .getCurrentPageShapes()
    .filter((shape) => shape.id !== area?.id)
    .flatMap((shape) => editor.getShapePageBounds(shape) ?? []);
  const corner = nextFreeTilePlace(areaBounds ?? FALLBACK_AREA, taken, height);
  const inArea = area && editor.isPointInShape(area, corner, { hitInside: true, margin: 0 });
  editor.run(() => {
    editor.createShape({
      id: frameId,
      type: 'frame',
      parentId: editor.getCurrentPageId(),
      x: corner.x,
      y: corner.y,
      props: { w: TILE_WIDTH, h: height, name: `${TILE_KINDS[tile.kind]} from ${tile.label}` },
      meta: { tile: tile.kind },
    });
    if (photo) {
      editor.createAssets([photo.asset]);
      editor.createShape({
        type: 'image',
        parentId: frameId,
        x: (TILE_WIDTH - photo.w) / 2,
        y: INSET,
        props: { assetId: photo.asset.id, w: photo.w, h: photo.h, altText: tile.altText ?? '' },
      });
      if (tile.text) {
        editor.createShape({ type: 'text', parentId: frameId, x: INSET, y: photo.h + 2 * INSET, props: { richText: toRichText(tile.text), autoSize: false, w: TILE_WIDTH - 2 * INSET } });
      }
    } else if (tile.kind !== 'drawing') {
      editor.createShape({
        type: 'note',
        parentId: frameId,
        x: INSET + 30,
        y: INSET,
        props: { richText: toRichText(tile.text), color: tile.kind === 'quote' ? 'violet' : tile.kind === 'learned' ? 'green' : 'light-blue' },
      });
    }
    if (area && inArea) editor.reparentShapes([frameId], area.id);
  });
  editor.select(frameId);
  editor.zoomToSelection({ animation: { duration: 200 } });
  if (tile.kind === 'drawing') editor.setCurrentTool('draw');
  return frameId;
}
