import type { Logger } from 'pino';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { RealtimeHooks } from '../realtime/hooks';
import type { RealtimeControl } from '../realtime/control';
import type { RealtimeServer } from '../realtime/index';
import type { Room } from '../realtime/room';
import { ACCESS_RECHECK_WHILE_DOWN_MS, type ControlNotice } from './control';
import { awarenessPresenceBoard, CLUSTER_ORIGIN } from './presence';
import type { ClusterServices } from './services';

/** Notices this process published: handled by the publisher already (clusterControlOf), not again when delivered back. */
const ownNotices = new WeakSet<ControlNotice>();

/**
 * Plugs a node's cluster services into the realtime server through its hooks (realtime/ never
 * imports cluster/): each loaded board is held by the board relay (committed updates in and
 * out, catch-up from the log) and by the presence relay (awareness of this node's sockets out,
 * other nodes' in); control events from any node recheck this node's sockets. Without Redis
 * the relay and presence are null and only control (in-process) is wired.
 */
export function clusterExtension(cluster: ClusterServices, server: () => RealtimeServer, log: Logger): RealtimeHooks {
  const { relay, presence, control, link } = cluster;
  /** Per loaded board: what to undo when it leaves memory. */
  const held = new Map<string, () => void>();
  /** The loaded boards, told when the link goes down and comes back. */
  const rooms = new Map<string, Room>();
  // With the link down, every node still saves its own people's changes, but people on other
  // nodes see them only once it is back: their save status says so (canvas/save-status.ts).
  const unreachable = () => link !== null && link.health().status === 'down';
  const stopStatus = link?.onStatus(() => {
    for (const room of rooms.values()) room.setOtherServersUnreachable(unreachable());
  });

  const stopControl = control.onEvent(async (event) => {
    if (event.kind !== 'resync' && ownNotices.has(event)) return;
    if (event.kind === 'board-changed') await server().refreshBoard(event.boardId);
    // A resync (Redis came back: notices may have been missed) rechecks everyone; board states
    // come back with the 5 s board state poll.
    else await server().recheckAccess();
  });
  // While Redis is away notices cannot arrive: recheck on our own often enough that a revocation
  // still lands within 5 s on this node.
  const poll = setInterval(() => {
    if (control.mustPoll()) server().recheckAccess().catch((error: unknown) => log.warn({ err: error }, 'access recheck while Redis is away failed'));
  }, ACCESS_RECHECK_WHILE_DOWN_MS);
  poll.unref();

  return {
    onBoardLoaded({ boardId, room }) {
      const undo: (() => void)[] = [() => rooms.delete(boardId)];
      rooms.set(boardId, room);
      room.setOtherServersUnreachable(unreachable());
      if (relay) {
        relay
          .hold(boardId, {
            lastAppliedRowId: () => room.lastAppliedRowId,
            apply: (update, rowId) => room.applyCommittedElsewhere(update, rowId),
            // The room's own commit: it already holds and sent the update.
            advanceTo: (rowId) => room.pipeline.advanceTo(rowId),
            catchUp: (afterRowId) => room.catchUp(afterRowId),
          })
          .catch((error: unknown) => log.error({ err: error, boardId }, 'relaying a board failed'));
        undo.push(() => void relay.release(boardId));
      }
      if (presence) {
        const awareness = room.presence.awareness;
        // This node's sockets' awareness (and its removal when they close) goes to the other
        // nodes; what came from them (CLUSTER_ORIGIN) is never published again.
        const onUpdate = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
          if (origin === CLUSTER_ORIGIN) return;
          const changed = [...changes.added, ...changes.updated, ...changes.removed];
          if (changed.length > 0) void presence.publishLocal(boardId, encodeAwarenessUpdate(awareness, changed));
        };
        awareness.on('update', onUpdate);
        presence
          .hold(boardId, awarenessPresenceBoard(awareness, () => room.localAwarenessIds()))
          .catch((error: unknown) => log.error({ err: error, boardId }, 'sharing a board’s presence failed'));
        undo.push(() => {
          awareness.off('update', onUpdate);
          void presence.release(boardId);
        });
      }
      held.set(boardId, () => undo.forEach((step) => step()));
    },
    onUpdateCommitted({ boardId, update, rowId, prevRowId }) {
      relay?.committed({ boardId, update, rowId, prevRowId }).catch((error: unknown) => log.warn({ err: error, boardId }, 'publishing a committed update failed'));
    },
    onBoardUnloaded({ boardId }) {
      held.get(boardId)?.();
      held.delete(boardId);
    },
    async onDestroy() {
      stopStatus?.();
      clearInterval(poll);
      stopControl();
      await cluster.close();
    },
  };
}

/**
 * What app code's notifyBoardChanged / notifyAccessChanged reach on a clustered node: this
 * node's sockets are rechecked before the call returns (as with one node), then every other
 * node hears it on the control channel.
 */
export function clusterControlOf(cluster: ClusterServices, server: RealtimeServer): RealtimeControl {
  const publish = (notice: ControlNotice) => {
    ownNotices.add(notice);
    void cluster.control.publish(notice).catch(() => undefined);
  };
  return {
    async refreshBoard(boardId) {
      await server.refreshBoard(boardId);
      publish({ kind: 'board-changed', boardId });
    },
    async recheckAccess() {
      await server.recheckAccess();
      publish({ kind: 'access-changed' });
    },
    applyServerUpdate: (boardId, update) => server.applyServerUpdate(boardId, update),
  };
}
