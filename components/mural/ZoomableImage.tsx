'use client';
/** A large picture with zoom buttons, scrolled by keyboard or pointer (for an edition's picture). */
import { useState } from 'react';
import styles from './mural.module.css';

const ZOOM_STEPS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3];

/** `width`/`height` are the picture's own pixels; it starts fitted to the page width. */
export function ZoomableImage({ src, alt, width, height }: { src: string; alt: string; width: number; height: number }) {
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const step = (direction: 1 | -1) => {
    const current = zoom === 'fit' ? 0.5 : zoom;
    const index = ZOOM_STEPS.findIndex((z) => z >= current);
    const next = ZOOM_STEPS[Math.min(Math.max((index === -1 ? ZOOM_STEPS.length - 1 : index) + direction, 0), ZOOM_STEPS.length - 1)];
    setZoom(next);
  };
  const style = zoom === 'fit' ? { width: '100%', height: 'auto' } : { width: width * zoom, height: height * zoom, maxWidth: 'none' };
  return (
    <div>
      <div className={styles.actions} role="group" aria-label="Zoom">
        <button type="button" className="secondary" onClick={() => step(1)}>
          Zoom in
        </button>
        <button type="button" className="secondary" onClick={() => step(-1)}>
          Zoom out
        </button>
        <button type="button" className="secondary" onClick={() => setZoom('fit')}>
          Fit to page
        </button>
        <span aria-live="polite">{zoom === 'fit' ? 'Fitted to the page' : `${Math.round(zoom * 100)}%`}</span>
      </div>
      {/* Scrollable by keyboard: a focusable region with a name. */}
      <div className={styles.picture} tabIndex={0} role="region" aria-label="Picture of the mural (scroll to move around)">
        {/* eslint-disable-next-line @next/next/no-img-element -- a private, access-checked file: next/image would cache it publicly */}
        <img src={src} alt={alt} width={width} height={height} style={style} />
      </div>
    </div>
  );
}
