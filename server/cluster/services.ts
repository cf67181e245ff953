import type { Logger } from 'pino';
import { log } from '../log';
import { BoardRelay } from './board-relay';
import { ClusterControl } from './control';
import { PresenceRelay } from './presence';
import type { RedisLink } from './redis-link';
import { clusterNode, type ClusterNode } from './runtime';
import { createSocketCap, type SocketCap } from './socket-cap';

/*
 * Kept apart from runtime.ts, which app route code imports (through the facilitation bus and
 * the sign-in throttle): only the realtime server needs these.
 */
/** Everything a realtime server needs from the cluster, started together and closed in order. */
export interface ClusterServices {
  nodeId: string;
  link: RedisLink | null;
  /** Null without Redis: one node has nothing to relay. */
  relay: BoardRelay | null;
  presence: PresenceRelay | null;
  /** Works without Redis too (events stay in the process). */
  control: ClusterControl;
  socketCap: SocketCap;
  /** Says goodbye (peers drop this node's people at once), then stops everything; leaves the link open. */
  close(): Promise<void>;
}

/** Starts the relay, presence, control and socket cap of this node (the realtime server calls it once). */
export async function startClusterServices({
  connectionsPerUserMax,
  node = clusterNode(),
  logger = log,
}: {
  connectionsPerUserMax: number;
  node?: ClusterNode;
  logger?: Logger;
}): Promise<ClusterServices> {
  const { nodeId, link } = node;
  const childLog = logger.child({ nodeId });
  const relay = link ? new BoardRelay({ link, nodeId, log: childLog }) : null;
  const presence = link ? await PresenceRelay.start({ link, nodeId, log: childLog }) : null;
  const control = await ClusterControl.start({ link, nodeId, log: childLog });
  const socketCap = createSocketCap({ link, nodeId, max: connectionsPerUserMax, log: childLog });
  return {
    nodeId,
    link,
    relay,
    presence,
    control,
    socketCap,
    async close() {
      await presence?.close();
      await relay?.close();
      await control.close();
      await socketCap.close();
    },
  };
}
