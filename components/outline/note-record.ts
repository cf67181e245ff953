/**
 * Builds the tldraw records the outline view writes: a new note in a frame, or a note with new
 * text. Each is modelled on a note already in the document (so it looks like the others) and
 * checked with tldraw's own schema before it is written, because a record the canvas cannot
 * read would break the board for everyone.
 */
import { createShapeId, createTLSchema, toRichText, type TLNoteShape, type TLRecord } from '@tldraw/tlschema';
import { getIndexAbove, type IndexKey } from '@tldraw/utils';
import { DEFAULT_NOTE_PROPS } from '@/lib/note-defaults';

let schema: ReturnType<typeof createTLSchema> | undefined;

/** Throws when tldraw's schema (the version the canvas uses) rejects the record. */
export function validateRecord(record: unknown): TLRecord {
  schema ??= createTLSchema();
  return schema.types.shape.validate(record) as TLRecord;
}

/** A note's size on the canvas at scale 1 (tldraw's NOTE_SIZE), plus the gap between notes. */
const NOTE_STEP_PX = 220;
const FRAME_PADDING_PX = 20;
/** Room under a frame's title before the first row of notes. */
const FRAME_TOP_PX = 40;

/** A note's own size at scale 1 (tldraw's NOTE_SIZE). */
const NOTE_SIZE_PX = 200;
/** How many grid cells to try before giving up and stacking below the last row. */
const MAX_SLOTS = 400;

type AnyRecord = {
  id: string;
  typeName?: string;
  type?: string;
  parentId?: string;
  index?: string;
  x?: number;
  y?: number;
  props?: Record<string, unknown>;
};

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A child shape's box inside its frame (notes are NOTE_SIZE square, grown by growY). */
function boxOf(shape: AnyRecord): Box {
  const props = shape.props ?? {};
  const scale = typeof props.scale === 'number' ? props.scale : 1;
  const w = typeof props.w === 'number' ? props.w : NOTE_SIZE_PX * scale;
  const h = typeof props.h === 'number' ? props.h : NOTE_SIZE_PX * scale + (typeof props.growY === 'number' ? props.growY : 0);
  return { x: shape.x ?? 0, y: shape.y ?? 0, w, h };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * The first cell of the frame's grid that no shape in the frame covers, so a note typed in the
 * outline never lands on top of (and hides) a note someone placed on the canvas.
 */
function freeSlot(children: AnyRecord[], columns: number): { x: number; y: number } {
  const taken = children.map(boxOf);
  let cell = { x: FRAME_PADDING_PX, y: FRAME_TOP_PX };
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    cell = { x: FRAME_PADDING_PX + (slot % columns) * NOTE_STEP_PX, y: FRAME_TOP_PX + Math.floor(slot / columns) * NOTE_STEP_PX };
    const box = { ...cell, w: NOTE_SIZE_PX, h: NOTE_SIZE_PX };
    if (!taken.some((t) => overlaps(t, box))) return cell;
  }
  return cell;
}

/**
 * A new note with `text` in the frame `frameId`, placed in the next free slot of a grid inside
 * the frame and above its other children. `records` are the document's records.
 */
export function newNoteInFrame(records: Iterable<unknown>, frameId: string, text: string): TLNoteShape {
  const all = [...records] as AnyRecord[];
  const frame = all.find((r) => r.id === frameId && r.type === 'frame');
  if (!frame) throw new Error('That frame is no longer on the board.');
  const children = all.filter((r) => r.typeName === 'shape' && r.parentId === frameId);
  const notesHere = children.filter((r) => r.type === 'note');
  const model = (notesHere[0] ?? all.find((r) => r.type === 'note')) as unknown as TLNoteShape | undefined;
  const width = typeof frame.props?.w === 'number' ? frame.props.w : NOTE_STEP_PX;
  const columns = Math.max(1, Math.floor((width - FRAME_PADDING_PX) / NOTE_STEP_PX));
  // A note can lie over the frame without belonging to it (tldraw leaves some on the page):
  // it covers a cell all the same, in the frame's own coordinates.
  const frameX = typeof frame.x === 'number' ? frame.x : 0;
  const frameY = typeof frame.y === 'number' ? frame.y : 0;
  const overFrame = all
    .filter((r) => r.typeName === 'shape' && r.parentId === frame.parentId && r.id !== frameId && r.type !== 'frame')
    .map((r) => ({ ...r, x: (typeof r.x === 'number' ? r.x : 0) - frameX, y: (typeof r.y === 'number' ? r.y : 0) - frameY }));
  const position = freeSlot([...children, ...overFrame], columns);
  const top = children.map((r) => r.index as IndexKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).at(-1);
  const note: TLNoteShape = {
    id: createShapeId(),
    typeName: 'shape',
    type: 'note',
    parentId: frameId as TLNoteShape['parentId'],
    index: getIndexAbove(top ?? null),
    x: position.x,
    y: position.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    // The server records the author from the connection; nothing is claimed here.
    meta: {},
    props: { ...DEFAULT_NOTE_PROPS, ...(model ? { ...model.props, growY: 0, url: '', textLastEditedBy: null } : {}), richText: toRichText(text) },
  };
  return validateRecord(note) as TLNoteShape;
}

/** The same note with new text (the whole record, as the document stores it). */
export function noteWithText(record: unknown, text: string): TLNoteShape {
  const note = record as TLNoteShape;
  return validateRecord({ ...note, props: { ...note.props, richText: toRichText(text) } }) as TLNoteShape;
}
