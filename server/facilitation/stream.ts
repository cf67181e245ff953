import { resolveBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { log } from '../log';
import { subscribeToBoard, type FacilitationEvent } from './bus';
import { isDisplayLinkLive } from './display-links';
import { getFacilitationView, type Viewer } from './view';

/** A tick carries the server's clock even when nothing changes, so timers stay in step. */
export const TICK_MS = 10_000;
/** A burst of changes (everyone voting at once) is read once per stream. */
const COALESCE_MS = 40;

/** Why a stream ended: the viewer may no longer look at the board. */
type EndReason = 'access-removed' | 'display-ended' | 'display-revoked';

/** Whether the viewer may still look: a member still on the board, a display link not revoked, expired or orphaned. */
async function stillAllowed(db: Db, boardId: string, viewer: Viewer): Promise<EndReason | null> {
  if (viewer.kind === 'member') return (await resolveBoardAccess(db, viewer.userId, boardId)) ? null : 'access-removed';
  return (await isDisplayLinkLive(db, viewer.displayLinkId, boardId)) ? null : 'display-ended';
}

/**
 * The server-sent events stream of a board's facilitation state for one viewer: `state` at
 * once and after every change, `celebrate` when a facilitator celebrates, `tick` with the
 * server's clock, and `end` when the viewer may no longer look (the stream then closes). Who
 * may look is checked again with every state and every tick, so a removed member, or a display
 * link that expired or whose facilitator left, stops receiving within one tick.
 */
export function facilitationStream(
  db: Db,
  boardId: string,
  viewer: Viewer,
  signal: AbortSignal,
  { tickMs = TICK_MS }: { tickMs?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let pending: ReturnType<typeof setTimeout> | null = null;
      const send = (event: string, data: unknown) => {
        if (!closed) controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // Already closed by the browser going away.
        }
      };
      /** Ends the stream when the viewer may no longer look; true while they may. */
      const checkViewer = async (): Promise<boolean> => {
        const ended = await stillAllowed(db, boardId, viewer);
        if (!ended) return true;
        send('end', { reason: ended });
        close();
        return false;
      };
      const sendState = async () => {
        pending = null;
        try {
          if (await checkViewer()) send('state', await getFacilitationView(db, boardId, viewer));
        } catch (error) {
          log.warn({ err: error, boardId }, 'facilitation state could not be read');
        }
      };
      const sendTick = async () => {
        try {
          if (await checkViewer()) send('tick', { now: Date.now() });
        } catch (error) {
          // The database is away for a moment: keep the clock going, check again next tick.
          log.warn({ err: error, boardId }, 'facilitation viewer could not be checked');
          send('tick', { now: Date.now() });
        }
      };
      const onEvent = (event: FacilitationEvent) => {
        if (event.kind === 'changed') pending ??= setTimeout(() => void sendState(), COALESCE_MS);
        else if (event.kind === 'celebrate') send('celebrate', { id: event.id, message: event.message, now: Date.now() });
        else if (viewer.kind === 'display' && event.displayLinkId === viewer.displayLinkId) {
          send('end', { reason: 'display-revoked' });
          close();
        }
      };
      const unsubscribe = subscribeToBoard(boardId, onEvent);
      const tick = setInterval(() => void sendTick(), tickMs);
      cleanup = () => {
        unsubscribe();
        clearInterval(tick);
        if (pending) clearTimeout(pending);
      };
      signal.addEventListener('abort', close, { once: true });
      // Tell the browser to retry quickly after a venue Wi-Fi drop.
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
      void sendState();
    },
    cancel() {
      cleanup();
    },
  });
}
