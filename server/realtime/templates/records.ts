import {
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  toRichText,
  type TLDefaultColorStyle,
  type TLFrameShape,
  type TLNoteShape,
  type TLPageId,
  type TLParentId,
  type TLRecord,
  type TLShapeId,
  type TLTextShape,
} from '@tldraw/tlschema';
import { getIndices, type IndexKey } from '@tldraw/utils';
import { DEFAULT_NOTE_PROPS } from '../../../lib/note-defaults';

/** The one page every seeded board has. Fixed so templates and tests can find it. */
export const BOARD_PAGE_ID = 'page:board' as TLPageId;

/** Fractional indexes for `count` siblings, in order. */
export function siblingIndexes(count: number): IndexKey[] {
  // getIndices(n) returns n + 1 keys starting below the first one we want.
  return getIndices(count).slice(1);
}

/** The document and page records a board starts with. */
export function documentRecords(title: string): TLRecord[] {
  return [
    DocumentRecordType.create({ id: TLDOCUMENT_ID, name: title }),
    PageRecordType.create({ id: BOARD_PAGE_ID, name: title, index: siblingIndexes(1)[0] }),
  ];
}

interface Placement {
  id: string;
  parentId: TLParentId;
  index: IndexKey;
  x: number;
  y: number;
  /**
   * tldraw's `isLocked`: only facilitators may move, change, delete or unlock it (kept by the
   * server, see server/realtime/shape-locks.ts). For a template's fixed parts: titles, prompts,
   * the agenda. Never a frame people work in: tldraw treats everything inside a locked frame as
   * locked and lets no new shape into it.
   */
  locked?: boolean;
}

function shapeBase(p: Placement) {
  return {
    id: `shape:${p.id}` as TLShapeId,
    typeName: 'shape' as const,
    parentId: p.parentId,
    index: p.index,
    x: p.x,
    y: p.y,
    rotation: 0,
    isLocked: p.locked ?? false,
    opacity: 1,
    meta: {},
  };
}

/** A named frame: the areas people work in. */
export function frameShape(p: Placement & { w: number; h: number; name: string; color?: TLDefaultColorStyle }): TLFrameShape {
  return { ...shapeBase(p), type: 'frame', props: { w: p.w, h: p.h, name: p.name, color: p.color ?? 'black' } };
}

/** A sticky note with a prompt or seeded text. */
export function noteShape(p: Placement & { text: string; color?: TLDefaultColorStyle }): TLNoteShape {
  return {
    ...shapeBase(p),
    type: 'note',
    props: { ...DEFAULT_NOTE_PROPS, color: p.color ?? 'yellow', richText: toRichText(p.text) },
  };
}

/** A line of text, e.g. a board title. */
export function textShape(p: Placement & { text: string; w: number; size?: 's' | 'm' | 'l' | 'xl' }): TLTextShape {
  return {
    ...shapeBase(p),
    type: 'text',
    props: {
      color: 'black',
      size: p.size ?? 'm',
      font: 'sans',
      textAlign: 'start',
      w: p.w,
      richText: toRichText(p.text),
      scale: 1,
      autoSize: true,
    },
  };
}
