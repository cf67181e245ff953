'use client';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CelebrationEvent } from './use-facilitation';
import styles from './facilitation.module.css';

/** How long a celebration stays on screen. */
const SHOW_MS = 7000;
const CONFETTI_PIECES = 90;
const CONFETTI_COLOURS = ['#e63946', '#f4a261', '#2a9d8f', '#457b9d', '#ffbe0b', '#8338ec'];

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

function prefersReducedMotion(): boolean {
  return window.matchMedia(REDUCED_MOTION).matches;
}

function subscribeToMotionSetting(onChange: () => void): () => void {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Confetti (none when the person prefers reduced motion) and the message, always announced. */
export function Celebration({ celebration }: { celebration: CelebrationEvent | null }) {
  const [finishedId, setFinishedId] = useState<string | null>(null);
  const reducedMotion = useSyncExternalStore(subscribeToMotionSetting, prefersReducedMotion, () => true);
  const shown = celebration && celebration.id !== finishedId ? celebration : null;

  useEffect(() => {
    if (!celebration) return;
    const timer = setTimeout(() => setFinishedId(celebration.id), SHOW_MS);
    return () => clearTimeout(timer);
  }, [celebration]);

  const pieces = useMemo(
    () =>
      Array.from({ length: CONFETTI_PIECES }, (_, i) => ({
        left: `${(i * 37) % 100}%`,
        delay: `${((i * 53) % 100) / 60}s`,
        duration: `${2.8 + ((i * 29) % 20) / 10}s`,
        colour: CONFETTI_COLOURS[i % CONFETTI_COLOURS.length],
        rotate: `${(i * 47) % 360}deg`,
      })),
    [],
  );

  return (
    <>
      <p role="status" aria-live="polite" className="visually-hidden">
        {shown ? `Celebration: ${shown.message}` : ''}
      </p>
      {shown && (
        <div className={styles.celebration} data-testid="celebration" aria-hidden="true">
          {!reducedMotion && (
            <div className={styles.confetti} data-testid="confetti">
              {pieces.map((p, i) => (
                <span key={`${shown.id}-${i}`} style={{ left: p.left, animationDelay: p.delay, animationDuration: p.duration, background: p.colour, rotate: p.rotate }} />
              ))}
            </div>
          )}
          <p className={styles.celebrationMessage}>{shown.message}</p>
        </div>
      )}
    </>
  );
}
