'use client';
/** An edition in the gallery: its picture with zoom, or the frozen mural to explore and find your tile. */
import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { TLStoreSnapshot } from 'tldraw';
import { ZoomableImage } from './ZoomableImage';
import styles from './mural.module.css';

const EditionCanvas = dynamic(() => import('./EditionCanvas'), { ssr: false, loading: () => <p>Opening the mural…</p> });

export interface EditionViewProps {
  editionId: string;
  title: string;
  imageWidth: number;
  imageHeight: number;
  snapshot: TLStoreSnapshot | null;
  self: { id: string; name: string };
  fileName: string;
}

/** Picture first (light, works everywhere); "Explore and find my tile" opens the read-only canvas. */
export function EditionView({ editionId, title, imageWidth, imageHeight, snapshot, self, fileName }: EditionViewProps) {
  const [exploring, setExploring] = useState(false);
  const image = `/api/editions/${encodeURIComponent(editionId)}/image`;
  return (
    <>
      <div className={styles.actions}>
        {snapshot && (
          <button type="button" className="secondary" aria-pressed={exploring} onClick={() => setExploring((v) => !v)}>
            {exploring ? 'Show the picture' : 'Explore and find my tile'}
          </button>
        )}
        <a className="button secondary" href={`${image}?download=${fileName}.png`} download>
          Download picture (PNG)
        </a>
        <a className="button secondary" href={`/api/editions/${encodeURIComponent(editionId)}/poster?size=A3`} download>
          A3 poster (PDF)
        </a>
        <a className="button secondary" href={`/api/editions/${encodeURIComponent(editionId)}/poster?size=A1`} download>
          A1 poster (PDF)
        </a>
      </div>
      {exploring && snapshot ? (
        <EditionCanvas snapshot={snapshot} self={self} fileName={fileName} />
      ) : (
        <ZoomableImage src={image} alt={`The mural as published in the edition "${title}".`} width={imageWidth} height={imageHeight} />
      )}
    </>
  );
}
