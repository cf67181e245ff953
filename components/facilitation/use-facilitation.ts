'use client';
import { useEffect, useMemo, useState } from 'react';
import type { FacilitationView } from '@/server/facilitation/view';
import { ServerClock } from './server-clock';

/** A celebration as it reaches this screen. */
export interface CelebrationEvent {
  id: string;
  message: string;
}

/** What the events stream gives a screen: the latest state, the server clock and celebrations. */
export interface FacilitationFeed {
  view: FacilitationView | null;
  clock: ServerClock;
  celebration: CelebrationEvent | null;
  /** Why the stream stopped for good (access removed, display link revoked), else null. */
  ended: string | null;
  connected: boolean;
}

/** Opens the board's facilitation events stream (with a display token for the projector). */
export function useFacilitation(boardId: string, displayToken?: string): FacilitationFeed {
  const clock = useMemo(() => new ServerClock(), []);
  const [view, setView] = useState<FacilitationView | null>(null);
  const [celebration, setCelebration] = useState<CelebrationEvent | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const query = displayToken ? `?${new URLSearchParams({ display: displayToken })}` : '';
    const source = new EventSource(`/api/boards/${encodeURIComponent(boardId)}/events${query}`);
    const timed = <T extends { now: number }>(handle: (data: T) => void) => (event: MessageEvent<string>) => {
      const data = JSON.parse(event.data) as T;
      clock.sample(data.now, Date.now());
      handle(data);
    };
    source.addEventListener('state', timed<FacilitationView>((data) => setView(data)));
    source.addEventListener('tick', timed<{ now: number }>(() => {}));
    source.addEventListener('celebrate', timed<CelebrationEvent & { now: number }>(({ id, message }) => setCelebration({ id, message })));
    source.addEventListener('end', (event: MessageEvent<string>) => {
      setEnded((JSON.parse(event.data) as { reason: string }).reason);
      source.close();
    });
    source.onopen = () => setConnected(true);
    // EventSource reconnects by itself; the next `state` event brings the screen up to date.
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, [boardId, displayToken, clock]);

  return { view, clock, celebration, ended, connected };
}
