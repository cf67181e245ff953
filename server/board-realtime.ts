import type { Logger } from 'pino';
import type { Db } from './db/client';
import { isDisplayLinkLive } from './facilitation/display-links';
import { autoVersionsExtension, DEFAULT_AUTO_VERSION_TIMINGS, type AutoVersionTimings } from './history/auto-versions';
import { clusterControlOf, clusterExtension } from './cluster/realtime-extension';
import type { ClusterServices } from './cluster/services';
import { log as appLog } from './log';
import { registerRealtimeControl } from './realtime/control';
import type { ConnectionEvent, RealtimeHooks } from './realtime/hooks';
import { createRealtimeServer, type RealtimeLimits, type RealtimeServer, type RealtimeServerOptions } from './realtime/index';
import { forgetLoadedBoard, registerLoadedBoard } from './realtime/loaded-boards';
import { registerRealtimeStatus } from './realtime/status';

/**
 * The realtime server as the app runs it: the core (server/realtime/) with the features that
 * plug into its lifecycle hooks. realtime/ imports none of these; adding a feature that follows
 * boards or sockets means adding an extension here, not editing the core.
 *
 * Hooks used: onBoardLoaded / onBoardUnloaded (loaded boards, automatic versions),
 * beforeUnloadBoard (automatic versions), onConnectionOpened / onConnectionClosed (visits), onDestroy (status, versions).
 */

/** The core's limits plus the timings of automatic versions. */
export interface BoardRealtimeLimits extends RealtimeLimits, AutoVersionTimings {}

/** Options of createBoardRealtimeServer: the core's, with the extensions chosen here. */
export interface BoardRealtimeOptions extends Omit<RealtimeServerOptions, 'limits' | 'extensions' | 'isDisplayLinkLive' | 'socketCap'> {
  limits?: Partial<BoardRealtimeLimits>;
  /**
   * This node's cluster services (server/cluster/services.ts), started by the caller: with them
   * the node relays committed updates and presence to the others, hears control events from
   * them, and counts sockets across nodes; they are closed when the server closes. Without
   * them the server is one node, as it always was.
   */
  cluster?: ClusterServices;
}

/** Keeps the loaded-boards registry (realtime/loaded-boards.ts) in step, so app code reads live boards. */
function loadedBoardsExtension(): RealtimeHooks {
  return {
    onBoardLoaded: ({ boardId, doc }) => registerLoadedBoard(boardId, doc),
    onBoardUnloaded: ({ boardId, doc }) => forgetLoadedBoard(boardId, doc),
  };
}

/**
 * Notes that a person opened a board (the evaluation's attendance) and when they were last on it
 * (`lastAt`, set when a socket opens and when it closes: the board page marks comments newer
 * than that as new to them). A projector is nobody's visit.
 */
function visitsExtension(db: Db, log: Logger): RealtimeHooks {
  const record = ({ boardId, identity: { userId, role }, display }: ConnectionEvent) => {
    if (display) return;
    // Never holds up or fails the connection.
    db.boardVisit
      .upsert({ where: { boardId_userId: { boardId, userId } }, create: { boardId, userId, role }, update: { lastAt: new Date() } })
      .catch((error: unknown) => log.warn({ err: error, boardId }, 'recording a board visit failed'));
  };
  return { onConnectionOpened: record, onConnectionClosed: record };
}

/** Serves /api/health's realtime status (realtime/status.ts) until the server stops. */
function statusExtension(stats: () => ReturnType<RealtimeServer['stats']>): RealtimeHooks {
  let running = true;
  registerRealtimeStatus(() => {
    const s = stats();
    return { running, boardsLoaded: s.boardsLoaded, connections: s.connections, saving: s.boardsFailingToSave === 0 };
  });
  return {
    onDestroy() {
      running = false;
    },
  };
}

/** Creates the realtime server with every extension the app uses, and registers it for app code (control.ts). */
export function createBoardRealtimeServer(options: BoardRealtimeOptions): RealtimeServer {
  const { db } = options;
  const log = options.log ?? appLog.child({ component: 'realtime' });
  const timings: AutoVersionTimings = { ...DEFAULT_AUTO_VERSION_TIMINGS, ...options.limits };
  const extensions: RealtimeHooks[] = [
    loadedBoardsExtension(),
    autoVersionsExtension(db, timings, log),
    visitsExtension(db, log),
    statusExtension(() => server.stats()),
  ];
  const { cluster, ...core } = options;
  if (cluster) extensions.push(clusterExtension(cluster, () => server, log));
  const server = createRealtimeServer({
    ...core,
    log,
    isDisplayLinkLive: (displayLinkId, boardId) => isDisplayLinkLive(db, displayLinkId, boardId),
    extensions,
    socketCap: cluster?.socketCap,
  });
  registerRealtimeControl(cluster ? clusterControlOf(cluster, server) : server);
  return server;
}
