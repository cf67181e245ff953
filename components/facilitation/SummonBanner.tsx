'use client';
import { useEffect, useRef, useState } from 'react';
import type { Editor } from 'tldraw';
import type { FacilitationView } from '@/server/facilitation/view';
import { tldrawUserId } from './editor-notes';
import styles from './facilitation.module.css';

/**
 * "Bring everyone to me" on a participant's screen: follows the facilitator's view, says who is
 * leading, and lets the person step out with Escape or a button (an access need, not a loophole),
 * and step back in. Moving the board themselves also steps out (tldraw stops following).
 */
export function SummonBanner({ summon, selfId, editor }: { summon: FacilitationView['summon']; selfId: string; editor?: Editor }) {
  // Stepping out is remembered per summons: a new summons always starts by following.
  const summonKey = summon ? `${summon.userId}@${summon.since}` : null;
  const [steppedOutOf, setSteppedOutOf] = useState<string | null>(null);
  const steppedOut = summonKey !== null && steppedOutOf === summonKey;
  const setSteppedOut = (out: boolean) => setSteppedOutOf(out ? summonKey : null);
  const following = useRef(false);

  useEffect(() => {
    if (!editor) return;
    if (!summon || summon.userId === selfId || steppedOut) {
      if (following.current) editor.stopFollowingUser();
      following.current = false;
      return;
    }
    const leader = tldrawUserId(summon.userId);
    const sync = () => {
      const current = editor.getInstanceState().followingUserId;
      if (current === leader) {
        following.current = true;
        return;
      }
      // We were following and tldraw stopped (the person moved the board): they stepped out.
      if (following.current) {
        following.current = false;
        setSteppedOutOf(summonKey);
        return;
      }
      // The leader's presence may arrive after the summons: try again on every change until it does.
      editor.startFollowingUser(leader);
      if (editor.getInstanceState().followingUserId === leader) following.current = true;
    };
    sync();
    return editor.store.listen(sync);
  }, [editor, summon, summonKey, selfId, steppedOut]);

  useEffect(() => {
    if (!summon || summon.userId === selfId || steppedOut) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setSteppedOutOf(summonKey);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [summon, summonKey, selfId, steppedOut]);

  if (!summon || summon.userId === selfId) return null;
  return (
    <div className={styles.banner} data-testid="summon-banner" data-following={!steppedOut}>
      {steppedOut ? (
        <>
          <p>{summon.name} has asked everyone to look at their part of the board.</p>
          <button type="button" onClick={() => setSteppedOut(false)}>
            Follow {summon.name}
          </button>
        </>
      ) : (
        <>
          <p>
            Following {summon.name}. Press Escape or &lsquo;Stop following&rsquo; to look around on your own.
          </p>
          <button type="button" className="secondary" onClick={() => setSteppedOut(true)}>
            Stop following
          </button>
        </>
      )}
    </div>
  );
}
