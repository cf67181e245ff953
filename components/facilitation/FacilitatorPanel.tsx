'use client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Editor } from 'tldraw';
import type { FacilitationView } from '@/server/facilitation/view';
import { readFacilitation, sendCommand } from './api';
import { unlockAudio } from './chime';
import { frameChoices, useEditorValue, type FrameChoice } from './editor-notes';
import styles from './facilitation.module.css';

const MINUTE_MS = 60_000;
/** Below this width (tablets, phones) the controls would cover the board: they start folded away. */
const NARROW_SCREEN = '(max-width: 839.98px)';
const NO_FRAMES: FrameChoice[] = [];

/** A display link that still works, as the server lists it (never its secret). */
interface DisplayLinkSummary {
  id: string;
  label: string | null;
  createdAt: string;
  expiresAt: string;
}

const clockTime = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayAndTime = (iso: string) => new Date(iso).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/**
 * The facilitator's controls, all ordinary buttons and fields so they work by keyboard and with
 * a screen reader. The server checks every command again; this panel only offers them.
 */
export function FacilitatorPanel({ boardId, view, selfId, editor }: { boardId: string; view: FacilitationView; selfId: string; editor?: Editor }) {
  const [open, setOpen] = useState(() => typeof window === 'undefined' || !window.matchMedia(NARROW_SCREEN).matches);
  const [minutes, setMinutes] = useState('5');
  const [votes, setVotes] = useState('3');
  const [scope, setScope] = useState('');
  const [cheer, setCheer] = useState('Well done, everyone!');
  const [displayName, setDisplayName] = useState('');
  const [displayLink, setDisplayLink] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const frames = useEditorValue(editor, frameChoices, NO_FRAMES);
  const [links, setLinks] = useState<DisplayLinkSummary[]>([]);

  // The list is a convenience: when it cannot be read, commands still say what went wrong.
  const refreshLinks = useCallback(
    () =>
      readFacilitation<DisplayLinkSummary[]>(boardId, 'display-links').then(
        (list) => setLinks(list),
        () => undefined,
      ),
    [boardId],
  );
  useEffect(() => {
    let live = true;
    readFacilitation<DisplayLinkSummary[]>(boardId, 'display-links').then(
      (list) => live && setLinks(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [boardId]);

  const run = async (command: string, body: unknown, done: string) => {
    unlockAudio();
    try {
      const answer = await sendCommand<{ url?: string }>(boardId, command, body);
      if (answer.url) setDisplayLink(answer.url);
      setFeedback({ kind: 'ok', text: done });
    } catch (error) {
      setFeedback({ kind: 'error', text: (error as Error).message });
    }
    if (command.startsWith('display-link')) {
      if (command === 'display-link-revoke') setDisplayLink(null);
      await refreshLinks();
    }
  };
  const submit = (handler: () => void) => (event: FormEvent) => {
    event.preventDefault();
    handler();
  };

  const { timer, vote, summon, locked } = view;
  const minutesMs = Math.round(Number(minutes) * MINUTE_MS);
  const summoning = summon?.userId === selfId;

  return (
    <aside className={styles.panel} aria-label="Facilitator controls" data-board-overlay>
      <button type="button" className={styles.panelToggle} aria-expanded={open} aria-controls="facilitator-controls" onClick={() => setOpen(!open)}>
        {open ? 'Hide facilitator controls' : 'Facilitator controls'}
      </button>
      <div id="facilitator-controls" hidden={!open} className={styles.panelBody}>
        <div className={styles.row}>
          <button type="button" aria-pressed={locked} onClick={() => void run('lock', { locked: !locked }, locked ? 'The board is unlocked.' : 'The board is locked for participants.')}>
            Lock board
          </button>
          {summoning ? (
            <button type="button" onClick={() => void run('release', {}, 'Everyone can look around on their own again.')}>
              Release
            </button>
          ) : (
            <button type="button" onClick={() => void run('summon', {}, 'Everyone is following your view.')}>
              Bring everyone to me
            </button>
          )}
        </div>
        {locked ? <p className={styles.lockedNote}>The board is locked: participants can look at it but cannot change it. Press “Lock board” again to unlock it.</p> : null}

        <fieldset className={styles.group}>
          <legend>Timer</legend>
          <form className={styles.row} onSubmit={submit(() => void run('timer', { type: 'start', durationMs: minutesMs }, 'The timer has started.'))}>
            <label htmlFor="timer-minutes" className={styles.inlineLabel}>
              Minutes
            </label>
            <input id="timer-minutes" type="number" min="0.5" max="240" step="0.5" inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} className={styles.narrow} />
            <button type="submit">Start timer</button>
          </form>
          <div className={styles.row}>
            {timer.status === 'running' && (
              <button type="button" className="secondary" onClick={() => void run('timer', { type: 'pause' }, 'The timer is paused.')}>
                Pause
              </button>
            )}
            {timer.status === 'paused' && (
              <button type="button" className="secondary" onClick={() => void run('timer', { type: 'start' }, 'The timer carries on.')}>
                Carry on
              </button>
            )}
            <button type="button" className="secondary" onClick={() => void run('timer', { type: 'add', ms: MINUTE_MS }, 'One minute added.')}>
              Add a minute
            </button>
            <button type="button" className="secondary" onClick={() => void run('timer', { type: 'stop' }, 'The timer is stopped.')}>
              Stop timer
            </button>
          </div>
        </fieldset>

        <fieldset className={styles.group}>
          <legend>Dot vote</legend>
          {!vote || vote.status === 'revealed' ? (
            <form className={styles.row} onSubmit={submit(() => void run('vote-start', { votesPerPerson: Number(votes), frameId: scope || null }, 'Voting has started.'))}>
              <label htmlFor="vote-count" className={styles.inlineLabel}>
                Votes each
              </label>
              <input id="vote-count" type="number" min="1" max="20" value={votes} onChange={(e) => setVotes(e.target.value)} className={styles.narrow} />
              <label htmlFor="vote-scope" className={styles.inlineLabel}>
                Where
              </label>
              <select id="vote-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
                <option value="">The whole board</option>
                {frames.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
              <button type="submit">Start vote</button>
            </form>
          ) : null}
          {vote?.status === 'open' && (
            <button type="button" onClick={() => void run('vote-reveal', { voteId: vote.id }, 'The results are showing on every screen.')}>
              Reveal
            </button>
          )}
          {vote?.status === 'revealed' && (
            <button type="button" className="secondary" onClick={() => void run('vote-end', { voteId: vote.id }, 'The vote is put away. Its result is kept with the board.')}>
              Put the vote away
            </button>
          )}
        </fieldset>

        <form className={styles.group} onSubmit={submit(() => void run('celebrate', { message: cheer }, 'Celebrating on every screen.'))}>
          <label htmlFor="celebrate-message">Celebration message</label>
          <div className={styles.row}>
            <input id="celebrate-message" type="text" maxLength={140} value={cheer} onChange={(e) => setCheer(e.target.value)} />
            <button type="submit">Celebrate</button>
          </div>
        </form>

        <div className={styles.group}>
          <div className={styles.row}>
            <a href={`/boards/${encodeURIComponent(boardId)}/present`} target="_blank" rel="noreferrer">
              Open the projector view
            </a>
          </div>
          <form
            className={styles.row}
            onSubmit={submit(() => void run('display-link-create', { label: displayName.trim() || 'Projector' }, 'A display link is ready for the projector laptop.'))}
          >
            <label htmlFor="display-link-name" className={styles.inlineLabel}>
              Screen name
            </label>
            <input id="display-link-name" type="text" maxLength={60} placeholder="Main hall" value={displayName} onChange={(e) => setDisplayName(e.target.value)} className={styles.medium} />
            <button type="submit" className="secondary">
              Make a display link
            </button>
          </form>
          {displayLink && (
            <p className={styles.hint}>
              Open this on the projector laptop (it works for one day, view only):{' '}
              <input aria-label="Display link" readOnly value={displayLink} onFocus={(e) => e.target.select()} />
            </p>
          )}
          {links.length > 0 && (
            <ul className={styles.noteList} aria-label="Display links that work now" data-testid="display-links">
              {links.map((link) => (
                <li key={link.id}>
                  <span>
                    {link.label ?? 'Display link'}, made at {clockTime(link.createdAt)}, works until {dayAndTime(link.expiresAt)}
                  </span>
                  <button
                    type="button"
                    className={`secondary ${styles.small}`}
                    aria-label={`Switch off ${link.label ? `the display link “${link.label}”` : 'the display link'} made at ${clockTime(link.createdAt)}`}
                    onClick={() => void run('display-link-revoke', { displayLinkId: link.id }, 'The display link is switched off; its projector has stopped.')}
                  >
                    Switch off
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <p role="status" aria-live="polite" className={feedback?.kind === 'error' ? styles.error : styles.hint} data-testid="facilitator-feedback">
          {feedback?.text}
        </p>
      </div>
    </aside>
  );
}
