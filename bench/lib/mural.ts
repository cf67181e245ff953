/**
 * The browser bench's mural (issue 14): a programme's mural with photo tiles, each built as the
 * "Add a tile" form builds one (canvas/export/tiles.ts: a frame named after its author holding
 * the picture and a caption, in the next free place of the mural's layout), pointing at pictures
 * uploaded through the app's own upload route, so the canvas loads them from /api/assets/<id>.
 */
import sharp from 'sharp';
import type { TLAssetId, TLFrameShape, TLImageAsset, TLImageShape, TLParentId, TLRecord, TLShapeId, TLTextShape } from '@tldraw/tlschema';
import { getIndicesAbove, type IndexKey } from '@tldraw/utils';
import { PHOTO_TILE, nextFreeTilePlace, photoTile, type PageRect } from '../../canvas/export/tile-layout';
import { buildBoardRecords } from '../../server/realtime/templates';
import { BOARD_PAGE_ID, frameShape, siblingIndexes, textShape } from '../../server/realtime/templates/records';

/** A picture as the upload route answers (`POST /api/boards/<id>/assets`). */
export interface UploadedPicture {
  src: string;
  width: number;
  height: number;
  mimeType: string;
  byteSize: number;
}

/** The mural template's area for tiles (server/realtime/templates). */
const AREA_ID = 'shape:frame-tiles';
/** A photo tile's size and insets, as "Add a tile" makes one (canvas/export/tile-layout.ts). */
const { w: TILE_WIDTH, inset: INSET } = PHOTO_TILE;
/** A default note's side (the template's prompt note in the area). */
const NOTE_SIDE = 200;
/** The height the template's title line takes, roughly (its text is one line of `xl`). */
const TITLE_HEIGHT = 60;

const AUTHOR = { userId: 'bench-author-lay-partner', role: 'lay_partner' } as const;

/** Fine grain laid over every bench photo (made once). */
let grain: Promise<Buffer> | null = null;

/** A seeded pseudo-random number generator (xorshift), so every run uploads the same pictures. */
function seeded(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * A photo-like JPEG: soft colour blobs with fine grain (so it compresses like a photo, about
 * 150 KB at 1024 × 768), different for each `seed`.
 */
export async function benchPhoto(seed: number, width: number, height: number): Promise<Buffer> {
  grain ??= (() => {
    const random = seeded(7);
    const side = 256;
    const noise = Buffer.from(Array.from({ length: side * side }, () => Math.round(96 + random() * 64)));
    return sharp(noise, { raw: { width: side, height: side, channels: 1 } }).png().toBuffer();
  })();
  const random = seeded(seed + 1);
  const blobs = Buffer.from(Array.from({ length: 9 * 7 * 3 }, () => Math.round(40 + random() * 180)));
  const soft = await sharp(blobs, { raw: { width: 9, height: 7, channels: 3 } }).resize(width, height, { kernel: 'cubic', fit: 'fill' }).png().toBuffer();
  return sharp(soft)
    .composite([{ input: await grain, tile: true, blend: 'soft-light' }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The page rectangle of a template shape that takes room in the mural's layout. */
function takenRect(record: TLRecord): PageRect | null {
  if (record.typeName !== 'shape' || record.id === AREA_ID) return null;
  // The template's shapes sit on the page or straight inside the area, which is at the page origin.
  if (record.type === 'note') return { x: record.x, y: record.y, w: NOTE_SIDE, h: NOTE_SIDE };
  if (record.type === 'text') return { x: record.x, y: record.y, w: (record as TLTextShape).props.w, h: TITLE_HEIGHT };
  return null;
}

/**
 * The mural board's records (the template's title and area, then one photo tile per picture in
 * the next free place, as "Add a tile" places them) and its image assets. Tile `i` is the frame
 * `shape:tile-i` holding `shape:tile-i-photo` and `shape:tile-i-caption`.
 */
export function muralRecords(title: string, pictures: UploadedPicture[]): TLRecord[] {
  const template = buildBoardRecords({ template: 'mural', title });
  const area = template.find((r) => r.id === AREA_ID) as TLFrameShape | undefined;
  if (!area) throw new Error('the mural template has no area for tiles');
  const areaRect = { x: area.x, y: area.y, w: area.props.w, h: area.props.h };
  const taken = template.flatMap((r) => takenRect(r) ?? []);
  const topIndex = (parentId: string) =>
    template.reduce<IndexKey | null>((top, r) => (r.typeName === 'shape' && r.parentId === parentId && (!top || r.index > top) ? r.index : top), null);

  const placed = pictures.map((picture) => {
    const { photo, height } = photoTile(picture.width, picture.height, true);
    const corner = nextFreeTilePlace(areaRect, taken, height);
    taken.push({ x: corner.x, y: corner.y, w: TILE_WIDTH, h: height });
    const inArea = corner.x >= areaRect.x && corner.x <= areaRect.x + areaRect.w && corner.y >= areaRect.y && corner.y <= areaRect.y + areaRect.h;
    return { picture, photo, height, corner, parentId: (inArea ? AREA_ID : BOARD_PAGE_ID) as TLParentId };
  });
  const indexes = new Map<string, IndexKey[]>();
  for (const parentId of [AREA_ID, BOARD_PAGE_ID]) {
    indexes.set(parentId, getIndicesAbove(topIndex(parentId), placed.filter((p) => p.parentId === parentId).length));
  }

  const records: TLRecord[] = [...template];
  const [photoIndex, captionIndex] = siblingIndexes(2);
  placed.forEach(({ picture, photo, height, corner, parentId }, i) => {
    const frameId = `shape:tile-${i}` as TLShapeId;
    const assetId = `asset:tile-${i}` as TLAssetId;
    // The area sits at the page origin: a tile inside it has the same coordinates.
    const offset = parentId === AREA_ID ? { x: areaRect.x, y: areaRect.y } : { x: 0, y: 0 };
    const frame = frameShape({ id: `tile-${i}`, parentId, index: indexes.get(parentId)!.shift()!, x: corner.x - offset.x, y: corner.y - offset.y, w: TILE_WIDTH, h: height, name: `A photo from Bench person ${i}` });
    const asset: TLImageAsset = {
      id: assetId,
      typeName: 'asset',
      type: 'image',
      props: { name: `photo-${i}.jpg`, src: picture.src, w: picture.width, h: picture.height, mimeType: picture.mimeType, isAnimated: false, fileSize: picture.byteSize },
      meta: {},
    };
    const image: TLImageShape = {
      id: `shape:tile-${i}-photo` as TLShapeId,
      typeName: 'shape',
      type: 'image',
      parentId: frameId,
      index: photoIndex,
      x: (TILE_WIDTH - photo.w) / 2,
      y: INSET,
      rotation: 0,
      isLocked: false,
      opacity: 1,
      props: { w: photo.w, h: photo.h, playing: true, url: '', assetId, crop: null, flipX: false, flipY: false, altText: `Our pair at workshop ${(i % 6) + 1}` },
      meta: { createdBy: { ...AUTHOR } },
    };
    const caption = textShape({ id: `tile-${i}-caption`, parentId: frameId, index: captionIndex, x: INSET, y: photo.h + 2 * INSET, w: TILE_WIDTH - 2 * INSET, text: `Our project team, photo ${i}` });
    records.push(
      asset,
      { ...frame, meta: { tile: 'photo', createdBy: { ...AUTHOR } } },
      image,
      { ...caption, props: { ...caption.props, autoSize: false }, meta: { createdBy: { ...AUTHOR } } },
    );
  });
  return records;
}
