'use client';
import { useMemo, useState } from 'react';
import type { Editor } from 'tldraw';
import { Celebration } from './Celebration';
import { ProjectorCanvas } from './ProjectorCanvas';
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
  /** The signed-in facilitator whose view the board follows; null for a display link. */
  facilitator: { id: string; name: string } | null;
}

const ENDED_TEXT: Record<string, string> = {
  'display-revoked': 'This display link has been switched off by the facilitator.',
  'access-removed': 'This board can no longer be shown here.',
};

/** The projector screen: the board following the facilitator, timer, vote results, celebrations and how to join. */
export function PresentView({ boardId, title, joinText, qrSvg, displayToken, facilitator }: PresentViewProps) {
  const { view, clock, celebration, ended } = useFacilitation(boardId, displayToken);
  const [editor, setEditor] = useState<Editor | null>(null);
  const projector = useMemo(
    () => (facilitator ? { id: `projector-${facilitator.id}`, name: 'Projector', role: 'facilitator' as const, color: '#4a5568' } : null),
    [facilitator],
  );
  // Follow whoever everyone was brought to; otherwise the facilitator who opened this screen.
  const leaderId = view?.summon?.userId ?? facilitator?.id ?? null;

  if (ended) {
    return (
      <main className={styles.present}>
        <h1>{title}</h1>
        <p className={styles.presentNote}>{ENDED_TEXT[ended] ?? ENDED_TEXT['access-removed']}</p>
      </main>
    );
  }
  return (
    <div className={styles.present}>
      <main className={styles.presentBoard} aria-label={`Board: ${title}`}>
        {projector && leaderId ? (
          <ProjectorCanvas boardId={boardId} viewer={projector} leaderId={leaderId} onEditor={setEditor} />
        ) : (
          <p className={styles.presentNote}>
            The timer, vote results and celebrations show here. To show the board itself, the facilitator signs in on this laptop.
          </p>
        )}
      </main>
      <aside className={styles.presentSide} aria-label="Room information">
        <h1 className={styles.presentTitle}>{title}</h1>
        <button type="button" className="secondary" onClick={() => void document.documentElement.requestFullscreen?.()}>
          Full screen
        </button>
        {view?.locked && <p className={styles.presentNote}>The board is locked for now.</p>}
        {view && <TimerDisplay timer={view.timer} clock={clock} large />}
        {view?.vote && <VotePanel boardId={boardId} vote={view.vote} editor={editor ?? undefined} canCast={false} />}
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
