import sharp from 'sharp';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { layoutMap, type MapItem, type MapLayout } from '../../lib/board-map-layout';
import type { Db } from '../db/client';
import { readBoardDoc } from '../history/board-document';
import { readBoardSeedInput } from '../realtime/seed';
import { buildBoardRecords } from '../realtime/templates';

/**
 * The picture of a board in lists before anyone has sent one (browsers send one only after an
 * edit, see components/mural/BoardThumbnailUploader): its areas, notes and texts as blocks of
 * their colours, from the stored board, or, for a board nobody has opened yet, from the template
 * it will be seeded with. Drawn as SVG and rasterised by sharp; no tldraw on the server.
 */

/**
 * tldraw's note colours (its light theme's `noteFill`), so a preview's notes look like the board's;
 * a unit test keeps them equal to tldraw's (tests/unit/board-preview.test.ts).
 */
export const NOTE_FILLS: Readonly<Record<string, string>> = {
  black: '#FCE19C',
  blue: '#8AA3FF',
  green: '#6FC896',
  grey: '#C0CAD3',
  'light-blue': '#9BC4FD',
  'light-green': '#98D08A',
  'light-red': '#F7A5A1',
  'light-violet': '#DFB0F9',
  orange: '#FAA475',
  red: '#FC8282',
  violet: '#DB91FD',
  yellow: '#FED49A',
  white: '#FFFFFF',
};
/** tldraw's light theme: the page, a frame's inside and its outline. */
export const PREVIEW_COLOURS = { background: '#f9fafb', frameFill: '#fcfffe', frameStroke: '#717171' } as const;
/** Texts as grey bars (no words are legible at this size), pictures and other shapes as grey blocks. */
const TEXT_FILL = '#d5d9dd';
const OTHER_FILL = '#c8cdd2';
/** tldraw's note is a 200-unit square, taller when its text needs it (growY). */
const NOTE_SIZE = 200;
/** tldraw's text sizes in page units, and its line height. */
const FONT_SIZES: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 };
const LINE_HEIGHT = 1.35;

type ShapeRecord = { id: string; typeName: 'shape'; type: string; parentId: string; index: string; x: number; y: number; props: Record<string, unknown> };

const isShape = (record: unknown): record is ShapeRecord => (record as { typeName?: unknown } | null)?.typeName === 'shape';
const num = (value: unknown, fallback = 0) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** A shape's size in page units, as far as its record tells. */
function shapeSize(shape: ShapeRecord): { w: number; h: number } {
  const p = shape.props;
  const scale = num(p.scale, 1);
  if (shape.type === 'note') return { w: NOTE_SIZE * scale, h: (NOTE_SIZE + num(p.growY)) * scale };
  if (shape.type === 'text') {
    const lines = Math.max(1, ((p.richText as { content?: unknown[] } | undefined)?.content ?? []).length);
    return { w: num(p.w, 200) * scale, h: lines * (FONT_SIZES[String(p.size)] ?? FONT_SIZES.m) * LINE_HEIGHT * scale };
  }
  return { w: num(p.w, 100) * scale, h: num(p.h, 100) * scale };
}

/** How one shape looks in the preview. */
function previewStyle(shape: ShapeRecord): Pick<MapItem, 'fill' | 'stroke'> {
  switch (shape.type) {
    case 'note':
      return { fill: NOTE_FILLS[String(shape.props.color)] ?? NOTE_FILLS.yellow, stroke: null };
    case 'frame':
      return { fill: PREVIEW_COLOURS.frameFill, stroke: PREVIEW_COLOURS.frameStroke };
    case 'text':
      return { fill: TEXT_FILL, stroke: null };
    default:
      return { fill: OTHER_FILL, stroke: null };
  }
}

/**
 * A board's shapes as preview blocks in page coordinates (a shape's x and y are its parent's),
 * in paint order: parents before what they hold, siblings by their index.
 */
export function previewItems(records: Iterable<unknown>): MapItem[] {
  const shapes = new Map<string, ShapeRecord>();
  for (const record of records) if (isShape(record)) shapes.set(record.id, record);
  const children = new Map<string, ShapeRecord[]>();
  for (const shape of shapes.values()) {
    const siblings = children.get(shape.parentId);
    if (siblings) siblings.push(shape);
    else children.set(shape.parentId, [shape]);
  }
  const items: MapItem[] = [];
  // From each page down: a shape whose parents never reach a page (a crafted cycle) is not drawn.
  const visit = (parentId: string, originX: number, originY: number) => {
    const siblings = (children.get(parentId) ?? []).sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0));
    for (const shape of siblings) {
      const x = originX + num(shape.x);
      const y = originY + num(shape.y);
      items.push({ x, y, ...shapeSize(shape), ...previewStyle(shape) });
      visit(shape.id, x, y);
    }
  };
  for (const parentId of children.keys()) if (parentId.startsWith('page:')) visit(parentId, 0, 0);
  return items;
}

/** The blocks as an SVG picture laid out by `layout`. */
export function previewSvg(items: readonly MapItem[], layout: MapLayout): string {
  const px = (n: number) => Math.round(n * 10) / 10;
  const blocks = items.map((item) => {
    const x = px((item.x - layout.originX) * layout.scale);
    const y = px((item.y - layout.originY) * layout.scale);
    const w = px(Math.max(1, item.w * layout.scale));
    const h = px(Math.max(1, item.h * layout.scale));
    return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${item.fill ?? 'none'}"${item.stroke ? ` stroke="${item.stroke}" stroke-width="1"` : ''}/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}"><rect width="100%" height="100%" fill="${PREVIEW_COLOURS.background}"/>${blocks.join('')}</svg>`;
}

/** A board's preview as a PNG `widthPx` wide at most: its stored records, or its template's. */
export async function renderBoardPreview(db: Db, boardId: string, widthPx: number): Promise<Buffer> {
  const doc = await readBoardDoc(db, boardId);
  let records: unknown[] = [...doc.getMap<unknown>(RECORDS_MAP).values()];
  doc.destroy();
  if (records.length === 0) {
    const board = await db.board.findUniqueOrThrow({ where: { id: boardId } });
    records = buildBoardRecords(await readBoardSeedInput(db, board));
  }
  const items = previewItems(records);
  return sharp(Buffer.from(previewSvg(items, layoutMap(items, widthPx)))).png().toBuffer();
}
