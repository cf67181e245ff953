'use client';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Editor, TLShapeId } from 'tldraw';
import type { VerifiedUser } from '@/canvas/people';
import { Celebration } from './Celebration';
import { frameStops, useEditorValue, type FrameChoice } from './editor-notes';
import { ProjectorCanvas, type Leader } from './ProjectorCanvas';
import { TimerDisplay } from './TimerDisplay';
import { useFacilitation } from './use-facilitation';
import { VotePanel } from './VotePanel';
import styles from './facilitation.module.css';

export interface PresentViewProps {
  boardId: string;
  title: string;
  /** The board's address without the scheme, large enough to type from the back of the room. */
  joinText: string;
  /** The QR code of the board's address, as SVG markup drawn on the server. */
  qrSvg: string;
  /** The display link's secret when the projector has no signed-in facilitator. */
  displayToken?: string;
  /** The facilitator whose view the projector follows by default: the one signed in here, or the one who made the display link. */
  host: Leader | null;
}

const ENDED_TEXT: Record<string, string> = {
  'display-revoked': 'This display link has been switched off by the facilitator.',
  'display-ended': 'This display link has run out. Ask the facilitator for a new one.',
  'access-removed': 'This board can no longer be shown here.',
};

/** The projector's own identity on the board: nobody's account, never shown (it publishes no presence). */
const PROJECTOR: VerifiedUser = { id: 'projector', name: 'Projector', role: 'facilitator', color: '#4a5568' };
const NO_FRAMES: FrameChoice[] = [];
/** How long each frame shows while the projector moves on by itself. */
export const FRAME_CYCLE_MS = 20_000;

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const subscribeToMotion = (onChange: () => void) => {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

type Mode = 'follow' | 'frames';

/** The projector screen: the board following the facilitator (or frame by frame), timer, vote results, celebrations and how to join. */
export function PresentView({ boardId, title, joinText, qrSvg, displayToken, host }: PresentViewProps) {
  const { view, clock, celebration, ended } = useFacilitation(boardId, displayToken);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [leader, setLeader] = useState<Leader | null>(null);
  const [mode, setMode] = useState<Mode>('follow');
  const [frameIndex, setFrameIndex] = useState(0);
  const [playing, setPlaying] = useState(false);
  const reducedMotion = useSyncExternalStore(subscribeToMotion, () => window.matchMedia(REDUCED_MOTION).matches, () => true);
  const frames = useEditorValue(editor ?? undefined, frameStops, NO_FRAMES);

  // Whoever everyone was brought to comes first, then the facilitator this projector belongs to.
  const summon = view?.summon ?? null;
  const summonKey = summon ? `${summon.userId}@${summon.since}` : null;
  const summonId = summon?.userId;
  const summonName = summon?.name;
  const hostId = host?.id;
  const hostName = host?.name;
  const preferred = useMemo(
    () =>
      [summonId && summonName ? { id: summonId, name: summonName } : null, hostId && hostName ? { id: hostId, name: hostName } : null].filter(
        (l): l is Leader => l !== null,
      ),
    [summonId, summonName, hostId, hostName],
  );

  // "Bring everyone to me" brings the projector too, even when it was showing frames.
  const [seenSummon, setSeenSummon] = useState<string | null>(null);
  if (summonKey !== seenSummon) {
    setSeenSummon(summonKey);
    if (summonKey) {
      setMode('follow');
      setPlaying(false);
    }
  }

  const frame = frames.length ? frames[((frameIndex % frames.length) + frames.length) % frames.length] : null;
  const frameId = mode === 'frames' ? (frame?.id ?? null) : null;
  const position = frame ? frames.indexOf(frame) + 1 : 0;

  useEffect(() => {
    if (!editor || !frameId) return;
    const bounds = editor.getShapePageBounds(frameId as TLShapeId);
    if (bounds) editor.zoomToBounds(bounds, { inset: 48, animation: reducedMotion ? undefined : { duration: 500 } });
  }, [editor, frameId, reducedMotion]);

  useEffect(() => {
    if (mode !== 'frames' || !playing) return;
    const interval = setInterval(() => setFrameIndex((i) => i + 1), FRAME_CYCLE_MS);
    return () => clearInterval(interval);
  }, [mode, playing]);

  const step = useCallback((by: number) => setFrameIndex((i) => i + by), []);
  // A presenter's clicker sends Page Down / Page Up; arrows work too.
  useEffect(() => {
    if (mode !== 'frames') return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'PageDown' || event.key === 'ArrowRight') step(1);
      else if (event.key === 'PageUp' || event.key === 'ArrowLeft') step(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode, step]);

  if (ended) {
    return (
      <main className={styles.present}>
        <h1>{title}</h1>
        <p className={styles.presentNote} data-testid="projector-ended">
          {ENDED_TEXT[ended] ?? ENDED_TEXT['access-removed']}
        </p>
      </main>
    );
  }

  const showing =
    mode === 'frames'
      ? frame
        ? `Frame ${position} of ${frames.length}: ${frame.name}`
        : 'This board has no frames to show one by one.'
      : leader
        ? `Following ${leader.name}’s view.`
        : `Showing the board part by part until ${host?.name ?? 'a facilitator'} opens it.`;

  return (
    <div className={styles.present}>
      <main className={styles.presentBoard} aria-label={`Board: ${title}`} data-testid="projector-board">
        <ProjectorCanvas
          boardId={boardId}
          viewer={PROJECTOR}
          displayToken={displayToken}
          preferred={preferred}
          follow={mode === 'follow'}
          onEditor={setEditor}
          onLeader={setLeader}
        />
      </main>
      <aside className={styles.presentSide} aria-label="Room information">
        <h1 className={styles.presentTitle}>{title}</h1>
        <button type="button" className="secondary" onClick={() => void document.documentElement.requestFullscreen?.()}>
          Full screen
        </button>
        {view?.locked && <p className={styles.presentNote}>The board is locked for now.</p>}
        {view && <TimerDisplay timer={view.timer} clock={clock} large />}
        {view?.vote && <VotePanel boardId={boardId} vote={view.vote} editor={editor ?? undefined} canCast={false} />}
        <fieldset className={styles.group}>
          <legend>What the projector shows</legend>
          <div className={styles.row}>
            <button type="button" className={mode === 'follow' ? styles.small : `secondary ${styles.small}`} aria-pressed={mode === 'follow'} onClick={() => setMode('follow')}>
              Follow the facilitator
            </button>
            <button
              type="button"
              className={mode === 'frames' ? styles.small : `secondary ${styles.small}`}
              aria-pressed={mode === 'frames'}
              onClick={() => {
                setMode('frames');
                if (mode !== 'frames') setFrameIndex(0);
              }}
            >
              Frames one by one
            </button>
          </div>
          {mode === 'frames' && frames.length > 0 && (
            <div className={styles.row}>
              <button type="button" className={`secondary ${styles.small}`} onClick={() => step(-1)}>
                Previous frame
              </button>
              <button type="button" className={`secondary ${styles.small}`} onClick={() => step(1)}>
                Next frame
              </button>
              <button type="button" className={playing ? styles.small : `secondary ${styles.small}`} aria-pressed={playing} onClick={() => setPlaying(!playing)}>
                Move on every {FRAME_CYCLE_MS / 1000} seconds
              </button>
            </div>
          )}
          <p role="status" aria-live="polite" className={styles.hint} data-testid="projector-showing" data-mode={mode} data-frame-id={frameId ?? ''}>
            {showing}
          </p>
        </fieldset>
        <section aria-labelledby="join-heading" className={styles.join}>
          <h2 id="join-heading">Join this board</h2>
          <div className={styles.qr} role="img" aria-label="QR code for the board's address" dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p className={styles.joinLink}>{joinText}</p>
        </section>
      </aside>
      <Celebration celebration={celebration} />
    </div>
  );
}
