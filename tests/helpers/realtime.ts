import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import pino from 'pino';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  COLLAB_PATH,
  MESSAGE_SAVED,
  MESSAGE_SERVER_STATUS,
  MESSAGE_SERVER_TIME,
  MESSAGE_SYNC,
  RECORDS_MAP,
  type ServerStatus,
} from '../../lib/collab-protocol';
import { withRelayedCommitted } from '../../canvas/save-status';
import { issueBoardToken } from '../../server/auth/board-token';
import { databaseKindOf, type Db } from '../../server/db/client';
import type { BoardAccess } from '../../server/domain/permissions';
import type { MemberRole } from '../../server/domain/roles';
import { resetEnvCache } from '../../server/env';
import type { TLNoteShape } from '@tldraw/tlschema';
import { BOARD_PAGE_ID, noteShape, siblingIndexes } from '../../server/realtime/templates/records';
import { testDatabaseUrl, waitFor } from './db';
import { createBoardRealtimeServer, type BoardRealtimeOptions } from '../../server/board-realtime';
import type { RealtimeServer } from '../../server/realtime';
import type { BoardStore } from '../../server/realtime/board-store';
import { openBoardStore } from '../../server/realtime/open-board-store';

/** The browser origin test clients claim; the only one the test servers allow. */
export const TEST_ORIGIN = 'http://localhost:3000';

process.env.BOARD_TOKEN_SECRET ??= 'test-board-token-secret-0123456789';
process.env.NEXTAUTH_SECRET ??= 'test-nextauth-secret-0123456789';
resetEnvCache();

export interface TestRealtime {
  realtime: RealtimeServer;
  port: number;
  /** ws://127.0.0.1:<port>/collab */
  collabUrl: string;
  close(): Promise<void>;
}

/** A real HTTP server on a free port with the realtime server behind its upgrades. */
export async function startTestRealtime(options: BoardRealtimeOptions): Promise<TestRealtime> {
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  // On PostgreSQL the server's own store, as `npm start` opens it (SQLite tests keep the default).
  const ownStore = !options.store && databaseKindOf(options.db) === 'postgresql' ? openBoardStore(testDatabaseUrl(options.db)) : null;
  const realtime = createBoardRealtimeServer({ origins: new Set([TEST_ORIGIN]), log, ...options, ...(ownStore ? { store: ownStore } : {}) });
  const server = http.createServer((_req, res) => {
    res.writeHead(404);
    res.end();
  });
  server.on('upgrade', (req, socket, head) => realtime.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realtime,
    port,
    collabUrl: `ws://127.0.0.1:${port}${COLLAB_PATH}`,
    async close() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ownStore?.close();
    },
  };
}

export interface FixtureUser {
  id: string;
  name: string;
  sessionId: string;
  role: MemberRole;
}

/** Two cohorts of one programme: a pair in cohort A with its board, a workshop board in each. */
export interface BoardFixture {
  professional: FixtureUser;
  layPartner: FixtureUser;
  /** A professional in cohort A who is not in the pair (may only view the pair board). */
  colleague: FixtureUser;
  facilitator: FixtureUser;
  /** A member of cohort B only. */
  outsider: FixtureUser;
  pairBoardId: string;
  workshopBoardId: string;
  otherCohortBoardId: string;
}

let fixtureCounter = 0;

/** Seeds users, sessions, cohorts, a pair and boards directly with Prisma. */
export async function seedBoardFixture(db: Db): Promise<BoardFixture> {
  const n = ++fixtureCounter;
  const programme = await db.programme.create({ data: { name: `Leading Together test ${n} ${Date.now()}` } });
  const venue = await db.venue.create({ data: { name: `Venue ${n} ${Date.now()}`, area: 'North' } });
  const cohortA = await db.cohort.create({ data: { programmeId: programme.id, venueId: venue.id, name: 'Cohort A' } });
  const cohortB = await db.cohort.create({ data: { programmeId: programme.id, venueId: venue.id, name: 'Cohort B' } });
  const expires = new Date(Date.now() + 24 * 3600 * 1000);

  async function user(name: string, cohortId: string, role: MemberRole): Promise<FixtureUser & { memberId: string }> {
    const u = await db.user.create({ data: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}.${n}.${Date.now()}@example.org` } });
    const session = await db.session.create({ data: { userId: u.id, sessionToken: `session-${u.id}`, expires } });
    const member = await db.member.create({ data: { cohortId, userId: u.id, role } });
    return { id: u.id, name, sessionId: session.id, role, memberId: member.id };
  }

  const professional = await user('Priya Professional', cohortA.id, 'professional');
  const layPartner = await user('Lee Partner', cohortA.id, 'lay_partner');
  const colleague = await user('Cara Colleague', cohortA.id, 'professional');
  const facilitator = await user('Fran Facilitator', cohortA.id, 'facilitator');
  const outsider = await user('Omar Outsider', cohortB.id, 'lay_partner');
  const pair = await db.pair.create({
    data: {
      cohortId: cohortA.id,
      professionalId: professional.memberId,
      layPartnerId: layPartner.memberId,
      projectTitle: 'Waiting room voices',
      challenge: 'People wait too long without knowing why.',
    },
  });
  const pairBoard = await db.board.create({
    data: { programmeId: programme.id, cohortId: cohortA.id, pairId: pair.id, kind: 'pair', title: 'Pair board', template: 'pair' },
  });
  const workshopBoard = await db.board.create({
    data: { programmeId: programme.id, cohortId: cohortA.id, kind: 'workshop', title: 'Cohort A', template: 'workshop-1' },
  });
  const otherCohortBoard = await db.board.create({
    data: { programmeId: programme.id, cohortId: cohortB.id, kind: 'workshop', title: 'Cohort B', template: 'workshop-1' },
  });
  return {
    professional,
    layPartner,
    colleague,
    facilitator,
    outsider,
    pairBoardId: pairBoard.id,
    workshopBoardId: workshopBoard.id,
    otherCohortBoardId: otherCohortBoard.id,
  };
}

/** A signed board token for a fixture user. */
export async function tokenFor(user: FixtureUser, boardId: string, access: BoardAccess = 'edit', now?: number): Promise<string> {
  const { token } = await issueBoardToken({ userId: user.id, boardId, access, name: user.name, role: user.role, sessionId: user.sessionId }, now);
  return token;
}

/** ws with an Origin header, as a browser would send it. */
export function originWebSocket(origin = TEST_ORIGIN): new (address: string, protocols?: string | string[]) => WebSocket {
  return class OriginWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { origin } });
    }
  };
}

/** A stock y-websocket client plus what our extra messages told it. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  records: Y.Map<unknown>;
  /** What is known committed: the latest SAVED state vector, raised by each relayed update. */
  saved: Map<number, number> | null;
  savedCount: number;
  /** Updates the server relayed to this client (each one committed before it was relayed). */
  relaysReceived: number;
  status: ServerStatus | null;
  serverTime: number | null;
  closeCodes: number[];
  /** Whether what is known committed covers this client's whole state vector. */
  allSaved(): boolean;
  /**
   * Resolves once the server has answered a sync step 1 sent now, so it has processed every
   * message this client sent before (one socket is handled in order).
   */
  roundTrip(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/** Connects a stock WebsocketProvider (BroadcastChannel off, so only the server connects clients). */
export function connectClient(collabUrl: string, boardId: string, token: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(collabUrl, boardId, doc, {
    params: { token },
    WebSocketPolyfill: originWebSocket() as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const client: TestClient = {
    doc,
    provider,
    records: doc.getMap(RECORDS_MAP),
    saved: null,
    savedCount: 0,
    relaysReceived: 0,
    status: null,
    serverTime: null,
    closeCodes: [],
    allSaved() {
      if (!client.saved) return false;
      for (const [id, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
        if ((client.saved.get(id) ?? 0) < clock) return false;
      }
      return true;
    },
    async roundTrip(timeoutMs = 5000) {
      await waitFor(() => provider.wsconnected, timeoutMs, 'connected for a round trip');
      const before = syncStep2Received;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      provider.ws?.send(encoding.toUint8Array(encoder));
      await waitFor(() => syncStep2Received > before, timeoutMs, 'sync round trip');
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  let syncStep2Received = 0;
  const handleSync = provider.messageHandlers[MESSAGE_SYNC];
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    const peek = decoding.clone(decoder);
    const syncType = decoding.readVarUint(peek);
    if (syncType === syncProtocol.messageYjsSyncStep2) syncStep2Received += 1;
    // As the browser does (canvas/board-connection.ts): a relayed update is committed.
    if (syncType === syncProtocol.messageYjsUpdate) {
      client.saved = withRelayedCommitted(client.saved, Y.parseUpdateMeta(decoding.readVarUint8Array(peek)).to);
      client.relaysReceived += 1;
    }
    handleSync(encoder, decoder, p, emitSynced, messageType);
  };
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    client.saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    client.savedCount += 1;
  };
  provider.messageHandlers[MESSAGE_SERVER_STATUS] = (_encoder, decoder) => {
    client.status = JSON.parse(decoding.readVarString(decoder)) as ServerStatus;
  };
  provider.messageHandlers[MESSAGE_SERVER_TIME] = (_encoder, decoder) => {
    client.serverTime = (JSON.parse(decoding.readVarString(decoder)) as { now: number }).now;
  };
  provider.on('connection-close', (event) => {
    if (event) client.closeCodes.push(event.code);
  });
  return client;
}

/** What a raw upgrade attempt got: an HTTP status, or an open socket (and any bytes sent on it). */
export interface UpgradeOutcome {
  status: number | null;
  opened: boolean;
  bytesReceived: number;
}

/** Tries an upgrade with a raw ws client and reports whether it was refused and how. */
export function attemptUpgrade(url: string, origin: string | null = TEST_ORIGIN): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const outcome: UpgradeOutcome = { status: null, opened: false, bytesReceived: 0 };
    const ws = new WebSocket(url, origin ? { headers: { origin } } : {});
    ws.on('unexpected-response', (_req, res) => {
      outcome.status = res.statusCode ?? null;
      res.on('data', () => undefined);
      res.on('end', () => resolve(outcome));
      res.on('error', () => resolve(outcome));
    });
    ws.on('open', () => {
      outcome.opened = true;
      // Give the server's greeting the time it takes to arrive, then report what came.
      ws.once('message', () => {
        ws.close();
      });
    });
    ws.on('message', (data: Buffer) => {
      outcome.bytesReceived += data.length;
    });
    ws.on('close', () => resolve(outcome));
    ws.on('error', () => {
      if (outcome.status === null && !outcome.opened) resolve(outcome);
    });
  });
}

/** A BoardStore wrapper that counts calls, so tests can see how often the database is read. */
export function countingStore(inner: BoardStore): BoardStore & { loads: number; appends: number } {
  const counted = {
    loads: 0,
    appends: 0,
    load(boardId: string) {
      counted.loads += 1;
      return inner.load(boardId);
    },
    appendUpdates(boardId: string, updates: Uint8Array[]) {
      counted.appends += 1;
      return inner.appendUpdates(boardId, updates);
    },
    seed: inner.seed.bind(inner),
    compact: inner.compact.bind(inner),
    readUpdatesSince: inner.readUpdatesSince.bind(inner),
  };
  return counted;
}

/** The board's content as stored: snapshot plus log, applied to a fresh doc. */
export async function readStoredDoc(store: BoardStore, boardId: string): Promise<Y.Doc> {
  const stored = await store.load(boardId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** A sticky note record tldraw's schema accepts, stored under its own id (`shape:...`). */
export function noteRecord(key: string, text = key): TLNoteShape {
  return noteShape({ id: key.replace(/^shape:/, ''), parentId: BOARD_PAGE_ID, index: siblingIndexes(1)[0], x: 0, y: 0, text });
}

/** Sets a valid note under `key` in a client's document. */
export function addNote(client: TestClient, key: string, text = key): void {
  client.records.set(key, noteRecord(key, text));
}

/** A raw ws connection to a board, for sending hand-built frames. */
export interface RawConnection {
  ws: WebSocket;
  /** Resolves with the close code once the socket is closed. */
  closed: Promise<number>;
}

/** Opens a raw socket (with the test Origin) and waits until it is open. */
export async function openRaw(collabUrl: string, boardId: string, token: string): Promise<RawConnection> {
  const ws = new WebSocket(`${collabUrl}/${boardId}?token=${token}`, { headers: { origin: TEST_ORIGIN } });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  return { ws, closed };
}

/** A deterministic PRNG (mulberry32) so seeded tests can print their seed and be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Makes a change on `writer` and waits until the server has committed its batch and relayed it
 * to `peer`: the writer gets SAVED after the batch and the peer its relay (a deletion adds no
 * state, so state vectors cannot tell).
 */
export async function changeAndRelay(writer: TestClient, peer: TestClient, write: () => void): Promise<void> {
  const [writerSaved, peerRelays] = [writer.savedCount, peer.relaysReceived];
  write();
  await waitFor(() => writer.savedCount > writerSaved && peer.relaysReceived > peerRelays, 5000, 'change saved and relayed');
}

/** One record of a board as stored (snapshot plus log), or undefined. */
export async function storedRecord(store: BoardStore, boardId: string, key: string): Promise<unknown> {
  const doc = await readStoredDoc(store, boardId);
  const value = doc.getMap(RECORDS_MAP).get(key);
  doc.destroy();
  return value;
}

/** Every stored log row and snapshot of a board, as text, to look for refused content in. */
export async function storedBytes(db: Db, boardId: string): Promise<string> {
  const rows = await db.boardUpdate.findMany({ where: { boardId } });
  const snapshot = await db.boardSnapshot.findUnique({ where: { boardId } });
  return [...rows.map((r) => Buffer.from(r.data)), Buffer.from(snapshot?.data ?? [])].map((b) => b.toString('latin1')).join('\n');
}

/** Every byte the server sends this client from now on, as text, to look for refused content in. */
export function receivedBytes(c: TestClient): { text: () => string } {
  const chunks: Buffer[] = [];
  c.provider.ws?.addEventListener('message', (event: MessageEvent) => chunks.push(Buffer.from(event.data as ArrayBuffer)));
  return { text: () => Buffer.concat(chunks).toString('latin1') };
}
