'use client';
/** A read-only tldraw view of an edition's frozen records, with "Find my tile" and SVG/PNG export. */
import { useState } from 'react';
import { Tldraw, type Editor, type TLShape, type TLStoreSnapshot } from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import 'tldraw/tldraw.css';
import { downloadBlob, exportBoardImage } from '@/canvas/export/export-board';
import styles from './mural.module.css';
import { useProgress } from './use-progress';

const assetUrls = getAssetUrls({ baseUrl: '/tldraw' });

/** Whether a shape is this person's: attributed to them, or a tile named after them. */
function isMine(shape: TLShape, self: { id: string; name: string }): boolean {
  const meta = shape.meta as { createdBy?: unknown; createdById?: unknown };
  if (meta.createdBy === self.id || meta.createdById === self.id) return true;
  const name = self.name.trim().toLowerCase();
  if (!name) return false;
  const frameName = shape.type === 'frame' ? String((shape.props as { name?: unknown }).name ?? '') : '';
  return frameName.toLowerCase().includes(name);
}

export interface EditionCanvasProps {
  snapshot: TLStoreSnapshot;
  self: { id: string; name: string };
  fileName: string;
}

/** The edition to explore: pan, zoom, find my tile, download PNG or SVG. */
export default function EditionCanvas({ snapshot, self, fileName }: EditionCanvasProps) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const { status, error, busy, run } = useProgress();

  const findMine = () =>
    run('Looking for your tile…', async () => {
      if (!editor) throw new Error('The mural is still opening.');
      const mine = editor.getCurrentPageShapes().filter((shape) => isMine(shape, self));
      // Prefer whole tiles (frames) over the notes inside them.
      const frames = mine.filter((s) => s.type === 'frame');
      const found = frames.length ? frames : mine;
      if (found.length === 0) return `We could not find a tile from ${self.name} in this edition.`;
      editor.select(...found.map((s) => s.id));
      editor.zoomToSelection({ animation: { duration: 300 } });
      return found.length === 1 ? 'Found your tile: it is selected and in view.' : `Found ${found.length} of your tiles: they are selected and in view.`;
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
        <p role="status" aria-live="polite" className={styles.status}>
          {status}
        </p>
        <p role="alert" className={styles.error}>
          {error}
        </p>
      </div>
      <div className={styles.viewer}>
        <Tldraw
          snapshot={snapshot}
          assetUrls={assetUrls}
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
