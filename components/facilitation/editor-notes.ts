'use client';
import { useEffect, useState } from 'react';
import { react, unsafe__withoutCapture, type Computed, type Editor, type TLShape, type TLShapeId, type TLUserId } from 'tldraw';

/** A sticky note someone can vote on, with where it is on screen. */
export interface VotableNote {
  id: string;
  text: string;
  /** Top-right corner in window coordinates, or null when it is off screen. */
  corner: { x: number; y: number } | null;
}

/** A frame a vote can be limited to. */
export interface FrameChoice {
  id: string;
  name: string;
}

/** tldraw user ids are the app's user ids with tldraw's record prefix (see canvas/presence.ts). */
export function tldrawUserId(userId: string): TLUserId {
  return `user:${userId}` as TLUserId;
}

// Template prompts are notes too, but they are questions, not ideas to vote on.
const isPrompt = (id: string) => id.startsWith('shape:prompt-');

function noteText(editor: Editor, id: TLShapeId): string {
  const shape = editor.getShape(id);
  const text = shape ? editor.getShapeUtil(shape).getText(shape) : undefined;
  return text?.trim() || 'A note with no words';
}

/** Each editor's shapes of one type, by tldraw's store query: it changes only when a shape of that type does. */
const shapesByType = new WeakMap<Editor, Map<string, Computed<TLShape[]>>>();

/** The current page's shapes of `type` (frames or notes), those inside frames included. */
function pageShapesOfType(editor: Editor, type: 'frame' | 'note'): TLShape[] {
  let queries = shapesByType.get(editor);
  if (!queries) shapesByType.set(editor, (queries = new Map()));
  let query = queries.get(type);
  if (!query) queries.set(type, (query = editor.store.query.records('shape', () => ({ type: { eq: type } }))));
  const page = editor.getCurrentPageId();
  return query.get().filter((shape) => editor.getAncestorPageId(shape) === page);
}

/** The notes in a vote's scope (a frame, or the whole page), in reading order. */
export function votableNotes(editor: Editor, frameId: string | null): VotableNote[] {
  const viewport = editor.getViewportScreenBounds();
  // Every note on the page, those inside frames included: the boards' notes live in their
  // template's frames (tldraw's own reading order lists only the shapes straight on the page).
  const notes = pageShapesOfType(editor, 'note').filter((s) => !isPrompt(s.id) && (!frameId || editor.getShapeAncestors(s).some((a) => a.id === frameId)));
  return inReadingOrder(editor, notes).map((s) => {
    const bounds = editor.getShapePageBounds(s);
    const corner = bounds ? editor.pageToScreen({ x: bounds.maxX, y: bounds.minY }) : null;
    const visible = corner && corner.x >= viewport.minX && corner.x <= viewport.maxX && corner.y >= viewport.minY && corner.y <= viewport.maxY;
    return { id: s.id, text: noteText(editor, s.id), corner: visible ? { x: corner.x, y: corner.y } : null };
  });
}

/** How far apart (page units) two notes' middles may be up and down and still share a row. */
const ROW_HEIGHT = 100;

/**
 * Shapes area by area in the order the board reads (its frames and loose shapes, as tldraw
 * orders the page), and within an area row by row, left to right.
 */
function inReadingOrder(editor: Editor, shapes: TLShape[]): TLShape[] {
  // Linear in the notes (a cohort's board holds hundreds): positions by id, each centre worked out once.
  // The areas' order is read, not followed: the notes and the camera are what this follows.
  const areas = new Map(unsafe__withoutCapture(() => editor.getCurrentPageShapesInReadingOrder()).map((s, i) => [s.id, i] as const));
  const areaOf = (shape: TLShape) => areas.get((editor.getShapeAncestors(shape)[0] ?? shape).id) ?? areas.size;
  const centres = new Map(shapes.map((shape) => [shape.id, editor.getShapePageBounds(shape)?.center ?? { x: 0, y: 0 }] as const));
  const centre = (shape: TLShape) => centres.get(shape.id)!;
  const byArea = new Map<number, TLShape[]>();
  for (const shape of shapes) {
    const area = areaOf(shape);
    const inArea = byArea.get(area);
    if (inArea) inArea.push(shape);
    else byArea.set(area, [shape]);
  }
  return [...byArea.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, inArea]) => {
      const rows: TLShape[][] = [];
      for (const shape of [...inArea].sort((a, b) => centre(a).y - centre(b).y)) {
        const row = rows.at(-1);
        if (row && Math.abs(centre(shape).y - centre(row[0]).y) < ROW_HEIGHT) row.push(shape);
        else rows.push([shape]);
      }
      return rows.flatMap((row) => row.sort((a, b) => centre(a).x - centre(b).x));
    });
}

/**
 * The page's frames in `order` (a list of the page's shapes), named. Follows the frames only: the
 * order is read when a frame changes, not whenever any shape does (a note typed in, a note dragged).
 */
function namedFrames(editor: Editor, order: () => TLShape[]): FrameChoice[] {
  const frames = new Set(pageShapesOfType(editor, 'frame').map((frame) => frame.id));
  return unsafe__withoutCapture(order)
    .filter((s) => frames.has(s.id))
    .map((s) => ({ id: s.id, name: editor.getShapeUtil(s).getText(s)?.trim() || 'Unnamed frame' }));
}

/** The frames on the page, for choosing where a vote happens. */
export function frameChoices(editor: Editor): FrameChoice[] {
  return namedFrames(editor, () => editor.getCurrentPageShapesSorted());
}

/** The frames a projector shows one by one: in reading order (left to right, top to bottom), as people read the board. */
export function frameStops(editor: Editor): FrameChoice[] {
  return namedFrames(editor, () => editor.getCurrentPageShapesInReadingOrder());
}

/**
 * A value worked out from the editor, kept up to date: worked out again (at most once a frame)
 * only when something it read changes, as tldraw's signals track it. So the frame list follows
 * frames, and the vote's notes follow notes and the camera, never other people's cursors or
 * this person's pointer, and never the whole board on each change.
 */
export function useEditorValue<T>(editor: Editor | undefined, compute: (editor: Editor) => T, fallback: T): T {
  const [value, setValue] = useState<T>(fallback);
  useEffect(() => {
    if (!editor) return;
    let last = '';
    let frame = 0;
    let run: (() => void) | null = null;
    const stop = react(
      'facilitation editor value',
      () => {
        const next = compute(editor);
        const key = JSON.stringify(next);
        if (key !== last) {
          last = key;
          setValue(next);
        }
      },
      {
        scheduleEffect: (execute) => {
          run = execute;
          frame ||= requestAnimationFrame(() => {
            frame = 0;
            run?.();
          });
        },
      },
    );
    return () => {
      stop();
      if (frame) cancelAnimationFrame(frame);
    };
    // `compute` is expected to be stable per editor (module functions or memoised).
  }, [editor, compute]);
  return value;
}
