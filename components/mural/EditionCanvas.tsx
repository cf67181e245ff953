'use client';
/** A read-only tldraw view of an edition's frozen records, with "Find my tile" and SVG/PNG export. */
import { useState } from 'react';
import { Tldraw, type Editor, type TLShape, type TLShapeId, type TLStoreSnapshot } from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import { LazyLabelNoteShapeUtil } from '@/canvas/note-geometry';
import 'tldraw/tldraw.css';
import { downloadBlob, exportBoardImage } from '@/canvas/export/export-board';
import { ProgressMessages } from './ProgressMessages';
import styles from './mural.module.css';
import { useProgress } from './use-progress';

const assetUrls = getAssetUrls({ baseUrl: '/tldraw' });
/** Notes whose labels are measured only when pointed at: a large board opens sooner. */
const VIEWER_SHAPE_UTILS = [LazyLabelNoteShapeUtil];

/** The user id in a shape's verified author (`meta.createdBy = { userId, role }`, canvas/authorship.ts). */
function authorId(shape: TLShape): string | null {
  const createdBy = (shape.meta as { createdBy?: unknown }).createdBy;
  if (typeof createdBy !== 'object' || createdBy === null) return null;
  const userId = (createdBy as { userId?: unknown }).userId;
  return typeof userId === 'string' ? userId : null;
}

/** Whether a shape is a tile someone added through "Add a tile" (canvas/export/tiles.ts). */
function isTileFrame(shape: TLShape): boolean {
  return shape.type === 'frame' && typeof (shape.meta as { tile?: unknown }).tile === 'string';
}

/**
 * This person's tiles on the mural, in the order they are drawn (for tiles side by side, the
 * order they were added): each tile frame they added, and anything else they made on its own
 * (a note inside their tile is that tile; a drawing straight on the mural is taken up to its
 * outermost parent they also made). Shapes without an author (the template's areas) are
 * never anyone's.
 */
export function findOwnTiles(editor: Editor, userId: string): TLShape[] {
  const mine = (shape: TLShape | undefined): shape is TLShape => !!shape && authorId(shape) === userId;
  const parentOf = (shape: TLShape) => editor.getShape(shape.parentId as TLShapeId);
  const tiles = new Map<TLShapeId, TLShape>();
  // Parents before children, siblings in the order they were added.
  for (const shape of editor.getCurrentPageShapesSorted()) {
    if (!mine(shape)) continue;
    let found = shape;
    if (!isTileFrame(shape)) {
      for (let parent = parentOf(shape); mine(parent); parent = parentOf(parent)) {
        found = parent;
        if (isTileFrame(parent)) break;
      }
    }
    tiles.set(found.id, found);
  }
  return [...tiles.values()];
}

/** How a tile is named to a screen reader: its frame's name, or its kind of shape. */
function tileLabel(shape: TLShape): string {
  const name = shape.type === 'frame' ? String((shape.props as { name?: unknown }).name ?? '').trim() : '';
  return name || (shape.type === 'note' ? 'a note' : shape.type === 'image' ? 'a photo' : 'a drawing');
}

export interface EditionCanvasProps {
  snapshot: TLStoreSnapshot;
  self: { id: string };
  fileName: string;
}

/** The edition to explore: pan, zoom, find my tile, download PNG or SVG. */
export default function EditionCanvas({ snapshot, self, fileName }: EditionCanvasProps) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const { status, error, busy, run } = useProgress();

  // Which of the person's tiles "Find my tile" showed last; the next press shows the next one.
  const [shown, setShown] = useState(-1);

  const findMine = () =>
    run('Looking for your tiles…', async () => {
      if (!editor) throw new Error('The mural is still opening.');
      const tiles = findOwnTiles(editor, self.id);
      if (tiles.length === 0) {
        setShown(-1);
        return 'You have no tiles in this edition.';
      }
      const next = (shown + 1) % tiles.length;
      setShown(next);
      const tile = tiles[next];
      const bounds = editor.getShapePageBounds(tile.id);
      editor.select(tile.id);
      if (bounds) editor.zoomToBounds(bounds, { inset: 48, animation: { duration: 300 } });
      if (tiles.length === 1) return `Showing your tile: ${tileLabel(tile)}.`;
      return `Showing your tile ${next + 1} of ${tiles.length}: ${tileLabel(tile)}. Press “Find my tile” again for the next one.`;
    });

  const download = (format: 'png' | 'svg') =>
    run(`Preparing the ${format.toUpperCase()}…`, async () => {
      if (!editor) throw new Error('The mural is still opening.');
      downloadBlob(await exportBoardImage(editor, format), `${fileName}.${format}`);
      return `${format.toUpperCase()} ready: check your downloads.`;
    });

  return (
    <>
      <div className={styles.actions}>
        <button type="button" onClick={() => void findMine()} disabled={!editor || busy}>
          Find my tile
        </button>
        <button type="button" className="secondary" onClick={() => void download('png')} disabled={!editor || busy}>
          Download PNG
        </button>
        <button type="button" className="secondary" onClick={() => void download('svg')} disabled={!editor || busy}>
          Download SVG
        </button>
        <ProgressMessages status={status} error={error} />
      </div>
      <div className={styles.viewer}>
        <Tldraw
          snapshot={snapshot}
          assetUrls={assetUrls}
          shapeUtils={VIEWER_SHAPE_UTILS}
          licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY}
          onMount={(mounted) => {
            mounted.updateInstanceState({ isReadonly: true });
            mounted.zoomToFit();
            setEditor(mounted);
            return () => setEditor(null);
          }}
        />
      </div>
    </>
  );
}
