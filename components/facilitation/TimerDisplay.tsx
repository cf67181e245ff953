'use client';
import { useEffect, useRef, useState } from 'react';
import type { FacilitationView } from '@/server/facilitation/view';
import { isChimeMuted, playChime, setChimeMuted } from './chime';
import { formatRemaining, speakRemaining, timerCard, type ServerClock } from './server-clock';
import styles from './facilitation.module.css';

/** How often the shown time is worked out again: well under a second so screens agree. */
const REDRAW_MS = 200;

const STATUS_TEXT = { running: 'Time left', paused: 'Paused', stopped: 'Timer ready' } as const;

/**
 * The room's timer on any screen, from the server's end time and this device's estimate of the
 * server clock (never this laptop's own clock alone). Chimes once when it reaches zero here.
 */
export function TimerDisplay({ timer, clock, large = false }: { timer: FacilitationView['timer']; clock: ServerClock; large?: boolean }) {
  // Only makes the time redraw: the time shown is read from the clock at every render, so the
  // first render of a timer that has just started never shows a time worked out earlier (the
  // redraw interval's first tick comes REDRAW_MS later; a stored `now` could be minutes old).
  const [, setRedraws] = useState(0);
  // The timer only renders once the events stream has answered, so this never runs on the server.
  const [muted, setMuted] = useState(isChimeMuted);
  const [announcement, setAnnouncement] = useState('');
  // The end we already chimed for, so a reload or a late join after zero stays quiet.
  const chimedFor = useRef<number | null>(null);

  useEffect(() => {
    const endsAt = timer.endsAt;
    if (timer.status !== 'running' || endsAt === null) return;
    if (endsAt <= clock.now()) chimedFor.current = endsAt;
    const interval = setInterval(() => {
      const current = clock.now();
      setRedraws((n) => n + 1);
      if (endsAt > current) {
        setAnnouncement('');
      } else if (chimedFor.current !== endsAt) {
        chimedFor.current = endsAt;
        setAnnouncement('Time is up.');
        if (!isChimeMuted()) playChime();
      }
    }, REDRAW_MS);
    return () => clearInterval(interval);
  }, [timer.status, timer.endsAt, clock]);

  const card = timerCard(timer, clock.now());
  if (!card) return null;
  const { remainingMs: remaining, done } = card;
  const toggleMute = () => {
    setChimeMuted(!muted);
    setMuted(!muted);
  };
  return (
    <section className={large ? `${styles.timer} ${styles.timerLarge}` : styles.timer} aria-label="Timer" data-testid="timer" data-status={timer.status} data-remaining-ms={Math.round(remaining)}>
      <span className={styles.timerLabel}>{done ? 'Time is up' : STATUS_TEXT[timer.status]}</span>
      <span className={styles.timerDigits} aria-hidden="true">
        {formatRemaining(remaining)}
      </span>
      <span className="visually-hidden">{speakRemaining(remaining)}</span>
      {!large && (
        <button type="button" className={`secondary ${styles.small}`} aria-pressed={muted} onClick={toggleMute}>
          Mute the chime
        </button>
      )}
      <span role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </span>
    </section>
  );
}
