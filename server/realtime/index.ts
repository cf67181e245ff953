import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../lib/collab-protocol';
import type { Db } from '../db/client';
import type { Board } from '../db/generated/sqlite/client';
import { isBoardState } from '../domain/roles';
import { allowedOrigins } from '../env';
import { log as appLog } from '../log';
import { createPrismaBoardStore, type BoardStore } from './board-store';
import type { Connection, ConnectionIdentity } from './connection';
import { admitToken, checkOrigin, currentAccess, displayLinkIdOf, parseCollabUrl, refuseUpgrade, type DisplayLinkCheck } from './handshake';
import { createHookRunner, type RealtimeHooks } from './hooks';
import type { RecordValidator } from './record-policy';
import { Room, type RoomLimits } from './room';
import { RoomRegistry } from './room-registry';
import { encodeBoardSeed, readBoardSeedInput, validateBoardRecordEntry } from './seed';
import { buildBoardRecords } from './templates';

/** Limits and timings of the realtime server; every one can be overridden (tests shorten them). */
export interface RealtimeLimits extends RoomLimits {
  /** ws refuses frames above this with 1009 before we see them; between messageMaxBytes and this we answer 4413. */
  wsMaxPayloadBytes: number;
  /** How often sessions and memberships of open sockets are checked again. */
  accessRecheckMs: number;
  /** How often the state (open, locked, archived) of loaded boards is read again. */
  boardStatePollMs: number;
  /** How often sockets are pinged; one that misses a pong is dropped. */
  pingIntervalMs: number;
  /** How long close() waits for each board's writes before giving up (and logging what is lost). */
  closeFlushDeadlineMs: number;
  /** Open sockets one person may hold at once across all boards. */
  connectionsPerUserMax: number;
  /** An upgrade not admitted by then (slow database, stuck load) is answered 503 instead of hanging. */
  handshakeTimeoutMs: number;
}

/** The defaults: OWASP suggests small messages, but a reconnecting client's sync step 2 can carry minutes of work. */
export const DEFAULT_REALTIME_LIMITS: RealtimeLimits = {
  messageMaxBytes: 4 * 1024 * 1024,
  wsMaxPayloadBytes: 8 * 1024 * 1024,
  // A dragging tldraw client sends about 60 updates and 60 presence messages a second.
  rateLimitPerSecond: 200,
  rateLimitBurst: 400,
  compactAfterRows: 500,
  saveRetryInitialMs: 100,
  saveRetryMaxMs: 5_000,
  slowClientBufferMaxBytes: 32 * 1024 * 1024,
  accessRecheckMs: 30_000,
  boardStatePollMs: 5_000,
  pingIntervalMs: 30_000,
  closeFlushDeadlineMs: 8_000,
  connectionsPerUserMax: 50,
  handshakeTimeoutMs: 10_000,
  // Generous: a busy workshop board is 1-5 MB; past this every device's copy and load suffer.
  boardSizeMaxBytes: 64 * 1024 * 1024,
  // A 4 MB sync step 2 of real records holds about 10,000 structs; see update-guard.ts.
  updateStructsMax: 100_000,
  updateDeleteRangesMax: 100_000,
  // A person reacting to a board's notes one after another, or a thread of comments, stays far
  // below this; a script adding thousands does not.
  responsesPerMinute: 60,
  responsesBurst: 30,
};

/** Options of createRealtimeServer. */
export interface RealtimeServerOptions {
  db: Db;
  /** Defaults to the Prisma store on `db`. */
  store?: BoardStore;
  limits?: Partial<RealtimeLimits>;
  /** Defaults to allowedOrigins() from the environment. */
  origins?: ReadonlySet<string>;
  /** Checks each record a client writes; defaults to tldraw's schema at the pinned version. */
  validateRecord?: RecordValidator;
  /** Whether a projector's display link works; without it, display tokens are refused. */
  isDisplayLinkLive?: DisplayLinkCheck;
  /** Features plugged into the server's lifecycle, called in this order (see hooks.ts). */
  extensions?: readonly RealtimeHooks[];
  /** Counts each person's open sockets; defaults to this process's own count (several nodes share one, server/cluster/socket-cap.ts). */
  socketCap?: SocketCounter;
  log?: Logger;
}

/** The per-person socket cap: `acquire` false means the person has `connectionsPerUserMax` open already. */
export interface SocketCounter {
  acquire(userId: string, socketId: string): Promise<boolean>;
  release(userId: string, socketId: string): Promise<void> | void;
}

/** The socket cap of one process, counted in memory. */
function localSocketCounter(max: number): SocketCounter {
  const open = new Map<string, number>();
  return {
    acquire(userId) {
      const count = open.get(userId) ?? 0;
      if (count >= max) return Promise.resolve(false);
      open.set(userId, count + 1);
      return Promise.resolve(true);
    },
    release(userId) {
      const left = (open.get(userId) ?? 1) - 1;
      if (left > 0) open.set(userId, left);
      else open.delete(userId);
    },
  };
}

/** Counters for health checks and tests. */
export interface RealtimeStats {
  boardsLoaded: number;
  boardsLoading: number;
  connections: number;
  pendingUpdates: number;
  boardsFailingToSave: number;
}

/** The realtime endpoint: hand it `/collab/...` upgrades. */
export interface RealtimeServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Re-reads a board's state and everyone's access to it now (after a lock, unlock or archive). */
  refreshBoard(boardId: string): Promise<void>;
  /** Checks every open socket's session and membership now (after a sign-out or removal). */
  recheckAccess(): Promise<void>;
  /**
   * Applies a Yjs update the server made to a board, loaded or not: committed to its log and
   * relayed live like any other update. Resolves once it is committed.
   */
  applyServerUpdate(boardId: string, update: Uint8Array): Promise<void>;
  /** Closes every socket, commits every board's writes, and frees the boards. */
  close(): Promise<void>;
  stats(): RealtimeStats;
}

/** Rejects when `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** How many bytes a board's stored state takes. */
function byteLength(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): number {
  return (stored.snapshot?.length ?? 0) + stored.updates.reduce((sum, update) => sum + update.length, 0);
}

/** Creates the realtime server (ws in noServer mode speaking y-websocket with our extra messages). */
export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const { db } = options;
  const limits: RealtimeLimits = { ...DEFAULT_REALTIME_LIMITS, ...options.limits };
  const store = options.store ?? createPrismaBoardStore(db);
  const origins = options.origins ?? allowedOrigins();
  const log = options.log ?? appLog.child({ component: 'realtime' });
  const validateRecord = options.validateRecord ?? validateBoardRecordEntry;
  const isDisplayLinkLive: DisplayLinkCheck = options.isDisplayLinkLive ?? (() => Promise.resolve(false));
  const hooks = createHookRunner(options.extensions ?? [], log);
  // Compression off: it costs memory per socket and opens compression-bomb attacks (OWASP).
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: limits.wsMaxPayloadBytes });
  wss.on('error', (error) => log.error({ err: error }, 'websocket server error'));

  const registry = new RoomRegistry(loadRoom, hooks, log);
  const socketCap = options.socketCap ?? localSocketCounter(limits.connectionsPerUserMax);
  let closing = false;
  let recheckRunning = false;

  /** Reads a board from the store into a new room, seeding it first if it has never been opened. */
  async function loadRoom(board: Board): Promise<Room> {
    // A load that never returns must not pin the board's loading slot (or close()) for ever.
    const stored = await withTimeout(store.load(board.id), limits.handshakeTimeoutMs, 'loading the board');
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    let lastUpdateId = stored.lastUpdateId;
    let rowsSinceSnapshot = stored.updates.length;
    let storedBytes = byteLength(stored);
    // A board unloads compacted, so it usually comes back as one snapshot: the whole state, encoded.
    const encodedState = stored.updates.length === 0 ? stored.snapshot : null;
    if (!stored.snapshot && stored.updates.length === 0) {
      // Seeded here, once, and stored before any client sees the board: two clients seeding
      // an empty document at once would duplicate the template.
      const seed = encodeBoardSeed(buildBoardRecords(await readBoardSeedInput(db, board)));
      const seededId = await store.seed(board.id, seed);
      if (seededId !== null) {
        Y.applyUpdate(doc, seed);
        lastUpdateId = seededId;
        rowsSinceSnapshot = 1;
        storedBytes = seed.length;
      } else {
        const again = await withTimeout(store.load(board.id), limits.handshakeTimeoutMs, 'loading the board');
        if (again.snapshot) Y.applyUpdate(doc, again.snapshot);
        for (const update of again.updates) Y.applyUpdate(doc, update);
        lastUpdateId = again.lastUpdateId;
        rowsSinceSnapshot = again.updates.length;
        storedBytes = byteLength(again);
      }
    }
    if (doc.store.pendingStructs || doc.store.pendingDs) {
      log.error({ boardId: board.id }, 'stored board state has updates missing their dependencies; some content is invisible');
    }
    const state = isBoardState(board.state) ? board.state : 'archived';
    const loaded = { lastUpdateId, rowsSinceSnapshot, storedBytes, encodedState: rowsSinceSnapshot === 0 ? encodedState : null };
    return new Room(board.id, doc, loaded, state, store, limits, log.child({ boardId: board.id }), validateRecord, (update, commit) =>
      hooks.emit('onUpdateCommitted', { boardId: board.id, doc, update, ...commit }),
    );
  }

  async function admit(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const target = parseCollabUrl(req.url);
    if (!target) return refuseUpgrade(socket, 404);
    if (!checkOrigin(req, origins)) return refuseUpgrade(socket, 403);
    const admitted = await admitToken(db, target, isDisplayLinkLive);
    if (!admitted.ok) return refuseUpgrade(socket, admitted.status);
    if (closing) return refuseUpgrade(socket, 503);

    let room: Room;
    try {
      room = await registry.acquire(admitted.board);
    } catch (error) {
      // Never serve an empty stand-in for a board we could not read: it would overwrite it.
      log.error({ err: error, boardId: target.boardId }, 'loading a board failed');
      return refuseUpgrade(socket, 503);
    }
    const socketId = randomUUID();
    let counted = false;
    try {
      // Counted before the upgrade: once upgraded, the socket's first messages must find their listeners.
      counted = await socketCap.acquire(admitted.identity.userId, socketId);
      if (closing || socket.destroyed || socket.writableEnded) {
        if (counted) await socketCap.release(admitted.identity.userId, socketId);
        return refuseUpgrade(socket, 503);
      }
      let upgraded = false;
      // An upgrade ws aborts (bad headers, a reset) never reaches the callback: give the count back.
      socket.once('close', () => {
        if (counted && !upgraded) void Promise.resolve(socketCap.release(admitted.identity.userId, socketId)).catch(() => undefined);
      });
      wss.handleUpgrade(req, socket, head, (ws) => {
        upgraded = true;
        ws.on('error', (error) => log.debug({ err: error, boardId: room.boardId }, 'socket error'));
        if (!counted) ws.close(CLOSE_CODES.rateLimited, 'Too many open connections');
        else attach(room, ws, socketId, admitted.identity, admitted.access, admitted.display);
      });
    } finally {
      registry.release(room);
    }
  }

  function attach(room: Room, ws: WebSocket, socketId: string, identity: ConnectionIdentity, access: Connection['access'], display: boolean): void {
    // A projector shares no presence.
    const conn = room.addConnection(ws, identity, access, { sharesPresence: !display });
    const event = { boardId: room.boardId, identity, display };
    hooks.emit('onConnectionOpened', event);
    ws.on('close', () => {
      try {
        void Promise.resolve(socketCap.release(identity.userId, socketId)).catch((error: unknown) => log.warn({ err: error }, 'releasing a socket from the cap failed'));
        room.removeConnection(conn);
        hooks.emit('onConnectionClosed', event);
        registry.maybeUnload(room);
      } catch (error) {
        log.error({ err: error, boardId: room.boardId }, 'cleaning up a closed socket failed');
      }
    });
  }

  async function refreshBoard(boardId: string): Promise<void> {
    const room = registry.get(boardId);
    if (!room) return;
    const board = await db.board.findUnique({ where: { id: boardId }, select: { state: true } });
    if (!board) {
      for (const conn of room.connections) conn.close(CLOSE_CODES.accessRevoked, 'Board removed');
      return;
    }
    room.boardState = isBoardState(board.state) ? board.state : 'archived';
    await recheckMembership(room);
  }

  /** Re-resolves each person's (or projector's) access to a board: gone closes 4403, changed is told. */
  async function recheckMembership(room: Room): Promise<void> {
    const identities = new Map(Array.from(room.connections, (c) => [c.identity.userId, c.identity]));
    for (const [userId, identity] of identities) {
      const access = await currentAccess(db, identity, room.boardId, isDisplayLinkLive);
      for (const conn of room.connections) {
        if (conn.identity.userId !== userId) continue;
        if (!access) conn.close(CLOSE_CODES.accessRevoked, 'Access revoked');
        else if (access !== conn.access) room.setAccess(conn, access);
      }
    }
  }

  async function recheckAccess(): Promise<void> {
    const all = registry.rooms().flatMap((room) => Array.from(room.connections));
    if (all.length === 0) return;
    // Projectors hold no session: their display links are checked with the board's members below.
    const people = all.filter((conn) => displayLinkIdOf(conn.identity) === null);
    const sessionIds = Array.from(new Set(people.map((conn) => conn.identity.sessionId)));
    const sessions = sessionIds.length ? await db.session.findMany({ where: { id: { in: sessionIds } }, select: { id: true, expires: true } }) : [];
    const now = Date.now();
    const live = new Set(sessions.filter((s) => s.expires.getTime() > now).map((s) => s.id));
    for (const conn of people) {
      if (!live.has(conn.identity.sessionId)) conn.close(CLOSE_CODES.sessionExpired, 'Session expired');
    }
    for (const room of registry.rooms()) await recheckMembership(room);
  }

  async function applyServerUpdate(boardId: string, update: Uint8Array): Promise<void> {
    if (closing) throw new Error('The realtime server is stopping');
    const board = await db.board.findUnique({ where: { id: boardId } });
    if (!board) throw new Error(`No board ${boardId}`);
    const room = await registry.acquire(board);
    try {
      room.applyServerUpdate(update);
      await room.pipeline.drain();
    } finally {
      registry.release(room);
    }
  }

  async function pollBoardStates(): Promise<void> {
    const rooms = registry.rooms();
    if (rooms.length === 0) return;
    const boards = await db.board.findMany({ where: { id: { in: rooms.map((r) => r.boardId) } }, select: { id: true, state: true } });
    const states = new Map(boards.map((b) => [b.id, b.state]));
    for (const room of rooms) {
      if (states.get(room.boardId) !== room.boardState) await refreshBoard(room.boardId);
    }
  }

  /** Runs a periodic check unless the previous one is still going; failures are logged, never thrown. */
  function periodic(name: string, intervalMs: number, run: () => Promise<void>): NodeJS.Timeout {
    const timer = setInterval(() => {
      if (recheckRunning || closing) return;
      recheckRunning = true;
      run()
        .catch((error: unknown) => log.warn({ err: error }, `${name} failed`))
        .finally(() => {
          recheckRunning = false;
        });
    }, intervalMs);
    timer.unref();
    return timer;
  }

  const pings = setInterval(() => {
    for (const room of registry.rooms()) for (const conn of room.connections) conn.ping();
  }, limits.pingIntervalMs);
  pings.unref();
  const timers = [periodic('access recheck', limits.accessRecheckMs, recheckAccess), periodic('board state poll', limits.boardStatePollMs, pollBoardStates), pings];

  function stats(): RealtimeStats {
    let connections = 0;
    let pendingUpdates = 0;
    let boardsFailingToSave = 0;
    for (const room of registry.rooms()) {
      connections += room.connections.size;
      pendingUpdates += room.pipeline.pendingCount;
      if (room.pipeline.saving === 'failing') boardsFailingToSave += 1;
    }
    const { loaded, loading } = registry.counts;
    return { boardsLoaded: loaded, boardsLoading: loading, connections, pendingUpdates, boardsFailingToSave };
  }

  return {
    handleUpgrade(req, socket, head) {
      // Without a listener a reset during the handshake would crash the process.
      socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
      const deadline = setTimeout(() => {
        log.warn({ url: req.url?.split('?')[0] }, 'handshake timed out');
        refuseUpgrade(socket, 503);
      }, limits.handshakeTimeoutMs);
      admit(req, socket, head)
        .catch((error: unknown) => {
          log.error({ err: error, url: req.url?.split('?')[0] }, 'admitting a socket failed');
          refuseUpgrade(socket, 500);
        })
        .finally(() => clearTimeout(deadline));
    },
    refreshBoard,
    recheckAccess,
    applyServerUpdate,
    stats,
    async close() {
      if (closing) return;
      closing = true;
      for (const timer of timers) clearInterval(timer);
      await registry.closeAll(limits.closeFlushDeadlineMs);
      await hooks.emitAsync('onDestroy');
      // Sockets that never answered our close frame would hold wss.close() for ws's 30 s timeout.
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
