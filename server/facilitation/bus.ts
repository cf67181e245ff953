import type { Logger } from 'pino';
import { z } from 'zod';
import { log as appLog } from '../log';
import { channelFamily, type RedisLink } from '../cluster/redis-link';
import { clusterNode } from '../cluster/runtime';
import { CelebrateInput } from './input';

/**
 * The bus that carries facilitation changes to every open events stream of a board, on every
 * node. An event reaches this process's streams at once, and with REDIS_URL set it is also
 * published on the board's Redis channel for the other nodes (each node subscribes only to the
 * boards it has streams for). Without Redis it stays in this process. The default bus lives on
 * globalThis because Next's bundled route code and the custom server load modules separately
 * (see server/realtime/control.ts): both must publish to and read from one bus.
 *
 * Redis never holds facilitation state (the database does): an event only says "look again".
 * Events missed while Redis was away are made good when it returns: every board with streams
 * here gets a `changed`, so each stream re-reads its view from the database. A missed
 * `celebrate` is a moment that passed; a missed `display-revoked` is caught by the stream's
 * own check of the display link at its next tick.
 */

const id = z.string().min(1).max(100);

export const FacilitationEventSchema = z.discriminatedUnion('kind', [
  /** The timer, lock, summon or vote changed: each stream re-reads its own view. */
  z.object({ kind: z.literal('changed'), boardId: id }),
  /** A celebration: shown once on every screen, never stored. */
  z.object({ kind: z.literal('celebrate'), boardId: id, id, message: CelebrateInput.shape.message, at: z.number() }),
  /** A display link was revoked: the projector showing it must stop. */
  z.object({ kind: z.literal('display-revoked'), boardId: id, displayLinkId: id }),
]);

/** Something that happened on a board's facilitation state. */
export type FacilitationEvent = z.infer<typeof FacilitationEventSchema>;

const facilitationChannel = channelFamily('facilitation', z.object({ nodeId: id, event: FacilitationEventSchema }));

type Listener = (event: FacilitationEvent) => void;

export interface FacilitationBus {
  /** Listens to one board's events from every node; returns the function that stops listening. */
  subscribeToBoard(boardId: string, listener: Listener): () => void;
  /** Tells every open stream of the event's board, here and on the other nodes. A failing listener never stops the others. */
  publish(event: FacilitationEvent): void;
  /** How many streams are open on a board in this process (for tests and health checks). */
  listenerCount(boardId: string): number;
  /** Resolves once this process is subscribed to the board's events from other nodes (tests wait on it). */
  ready(boardId: string): Promise<void>;
  close(): Promise<void>;
}

export interface FacilitationBusOptions {
  /** Null: in-process only. */
  link: RedisLink | null;
  nodeId: string;
  log: Logger;
}

/** A facilitation bus for one process (the app uses the default one below). */
export function createFacilitationBus({ link, nodeId, log }: FacilitationBusOptions): FacilitationBus {
  const listeners = new Map<string, Set<Listener>>();
  /** Per board with listeners: the pending subscription and its stop function. */
  const subscriptions = new Map<string, Promise<() => Promise<void>>>();

  const deliver = (event: FacilitationEvent) => {
    for (const listener of [...(listeners.get(event.boardId) ?? [])]) {
      try {
        listener(event);
      } catch {
        // A stream that broke is cleaned up by its own abort handler.
      }
    }
  };

  let sawDown = link?.health().status === 'down';
  const stopStatus =
    link?.onStatus((status) => {
      if (status === 'down') sawDown = true;
      else if (sawDown) {
        sawDown = false;
        for (const boardId of listeners.keys()) deliver({ kind: 'changed', boardId });
      }
    }) ?? (() => {});

  const stopRemote = (boardId: string) => {
    const subscription = subscriptions.get(boardId);
    subscriptions.delete(boardId);
    void subscription?.then((stop) => stop()).catch(() => {});
  };

  return {
    subscribeToBoard(boardId, listener) {
      const set = listeners.get(boardId) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(boardId, set);
      if (link && !subscriptions.has(boardId)) {
        const subscription = link.subscribe(facilitationChannel.for(boardId), ({ nodeId: from, event }) => {
          if (from !== nodeId && event.boardId === boardId) deliver(event);
        });
        subscription.catch((error: unknown) => log.warn({ err: error, boardId }, 'facilitation events from other nodes not subscribed'));
        subscriptions.set(boardId, subscription);
      }
      return () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(boardId) !== set) return;
        listeners.delete(boardId);
        stopRemote(boardId);
      };
    },

    publish(event) {
      deliver(event);
      // Not published (Redis away): the other nodes re-read every stream's state when it returns.
      if (link) void link.publish(facilitationChannel.for(event.boardId), { nodeId, event });
    },

    listenerCount(boardId) {
      return listeners.get(boardId)?.size ?? 0;
    },

    async ready(boardId) {
      await subscriptions.get(boardId);
    },

    async close() {
      stopStatus();
      for (const boardId of [...subscriptions.keys()]) stopRemote(boardId);
      listeners.clear();
    },
  };
}

const key = Symbol.for('together-board.facilitation-bus');
type G = typeof globalThis & { [key]?: FacilitationBus };

/** The process's bus: cross-node when REDIS_URL is set. */
function defaultBus(): FacilitationBus {
  const g = globalThis as G;
  if (!g[key]) {
    const { nodeId, link } = clusterNode();
    g[key] = createFacilitationBus({ link, nodeId, log: appLog });
  }
  return g[key];
}

/** Listens to one board's events (from every node); returns the function that stops listening. */
export function subscribeToBoard(boardId: string, listener: Listener): () => void {
  return defaultBus().subscribeToBoard(boardId, listener);
}

/** Tells every open stream of the event's board, on every node. */
export function publish(event: FacilitationEvent): void {
  defaultBus().publish(event);
}

/** How many streams are open on a board in this process (for tests and health checks). */
export function listenerCount(boardId: string): number {
  return defaultBus().listenerCount(boardId);
}
