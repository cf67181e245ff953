'use client';
/**
 * How much lay partners and professionals have each written on the board (notes and words), and
 * how much they have each responded to others' notes (reactions and comments, counted apart),
 * because equal voice is the point of the programme. Counted on the server from the stored
 * document and the authors it verified, only while the panel is open (counting reads the whole
 * board: on a board of thousands of notes, at every page open and every half minute for everyone,
 * it took server time from the board's own loading); refreshed every half minute and on request.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { describeBalance } from '@/lib/board-outline';
import { describeResponses, type BoardBalance } from '@/lib/note-responses';
import styles from './balance.module.css';

const REFRESH_MS = 30_000;

/** The board's balance panel, with links to the text outline and the history. */
export function BalancePanel({ boardId }: { boardId: string }) {
  const [balance, setBalance] = useState<BoardBalance | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/balance`, { cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      setBalance((await response.json()) as BoardBalance);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [boardId]);

  useEffect(() => {
    if (!open) return;
    // First count when the panel opens, then every REFRESH_MS while it stays open.
    const first = setTimeout(() => void load(), 0);
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [load, open]);

  const lay = balance?.writing.lay_partner.words ?? 0;
  const pro = balance?.writing.professional.words ?? 0;
  const layShare = lay + pro > 0 ? Math.round((lay / (lay + pro)) * 100) : 50;

  return (
    <aside className={styles.panel} aria-labelledby="balance-heading" data-board-overlay>
      <nav aria-label="Other views of this board" className={styles.links}>
        <Link href={`/boards/${boardId}/outline`}>Text outline</Link>
        <Link href={`/boards/${boardId}/history`}>History and exports</Link>
      </nav>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h2 id="balance-heading" className={styles.heading}>
            Who has written
          </h2>
        </summary>
        <p className={styles.text}>{balance ? describeBalance(balance.writing) : failed ? 'The counts could not be loaded.' : 'Counting…'}</p>
        {balance ? (
          <div className={styles.bar} aria-hidden="true">
            <span className={styles.lay} style={{ width: `${layShare}%` }} />
            <span className={styles.pro} style={{ width: `${100 - layShare}%` }} />
          </div>
        ) : null}
        {balance ? <p className={styles.text}>{describeResponses(balance.responses)}</p> : null}
        <button type="button" className="secondary" onClick={() => void load()}>
          Count again
        </button>
      </details>
    </aside>
  );
}
