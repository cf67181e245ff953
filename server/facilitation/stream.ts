import { resolveBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { log } from '../log';
import { subscribeToBoard, type FacilitationEvent } from './bus';
import { getFacilitationView, type Viewer } from './view';

/** A tick carries the server's clock even when nothing changes, so timers stay in step. */
export const TICK_MS = 10_000;
/** A burst of changes (everyone voting at once) is read once per stream. */
const COALESCE_MS = 40;

/**
 * The server-sent events stream of a board's facilitation state for one viewer: `state` at
 * once and after every change, `celebrate` when a facilitator celebrates, `tick` with the
 * server's clock, and `end` when the viewer may no longer look (the stream then closes).
 */
export function facilitationStream(db: Db, boardId: string, viewer: Viewer, signal: AbortSignal): ReadableStream<Uint8Array> {
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
      const sendState = async () => {
        pending = null;
        try {
          if (viewer.kind === 'member' && !(await resolveBoardAccess(db, viewer.userId, boardId))) {
            send('end', { reason: 'access-removed' });
            return close();
          }
          send('state', await getFacilitationView(db, boardId, viewer));
        } catch (error) {
          log.warn({ err: error, boardId }, 'facilitation state could not be read');
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
      const tick = setInterval(() => send('tick', { now: Date.now() }), TICK_MS);
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
