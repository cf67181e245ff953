import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../lib/collab-protocol';
import type { RedisLink } from '../../server/cluster/redis-link';
import { clusterControlOf } from '../../server/cluster/realtime-extension';
import { startClusterServices, type ClusterServices } from '../../server/cluster/services';
import { createPostgresBoardStore, type PostgresBoardStore } from '../../server/realtime/postgres-board-store';
import { waitFor } from '../helpers/db';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../helpers/postgres';
import { addNote, connectClient, seedBoardFixture, startTestRealtime, tokenFor, type BoardFixture, type TestClient, type TestRealtime } from '../helpers/realtime';
import { connectTestLink, startRedisServer, testKeyPrefix, testLogger, useTestRedis, type DedicatedRedis, type TestRedis } from '../helpers/redis';

/**
 * Several nodes on one PostgreSQL database and one Redis (issue 15): each node is a realtime
 * server with its own board store, Redis link and cluster services, as separate `npm start`
 * processes would have; stock y-websocket clients connect to different nodes.
 */

interface Node {
  id: string;
  link: RedisLink;
  cluster: ClusterServices;
  store: PostgresBoardStore;
  server: TestRealtime;
  close(): Promise<void>;
}

/** Only the cluster may carry a change here: the periodic re-checks would otherwise mask a missing relay. */
const SLOW_POLLS = { boardStatePollMs: 600_000, accessRecheckMs: 600_000 };

async function startNode(database: PostgresTestDatabase, redisUrl: string, prefix: string, id: string, limits: Record<string, number> = {}): Promise<Node> {
  const link = await connectTestLink(redisUrl, prefix);
  const cluster = await startClusterServices({ connectionsPerUserMax: 50, node: { nodeId: id, link }, logger: testLogger() });
  const store = createPostgresBoardStore(database.url);
  const server = await startTestRealtime({ db: database.db, store, cluster, limits: { ...SLOW_POLLS, ...limits } });
  let closed = false;
  return {
    id,
    link,
    cluster,
    store,
    server,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await store.close();
      await link.close();
    },
  };
}

function notesOf(client: TestClient): string[] {
  // The test's own notes (the board's template has shapes too).
  return [...client.records.keys()].filter((k) => k.startsWith('shape:x-')).sort();
}

describe('several nodes on PostgreSQL and Redis', () => {
  let database: PostgresTestDatabase;
  let redis: TestRedis;
  let fixture: BoardFixture;
  let nodes: Node[] = [];
  let clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    redis = await useTestRedis('cluster-realtime');
    fixture = await seedBoardFixture(database.db);
  });
  afterEach(async () => {
    for (const c of clients) c.destroy();
    clients = [];
    for (const n of nodes) await n.close();
    nodes = [];
  });
  afterAll(async () => {
    await redis?.close();
    await database?.cleanup();
  });

  async function threeNodes(limits: Record<string, number> = {}, redisUrl = redis.url, prefix = testKeyPrefix('nodes')): Promise<Node[]> {
    nodes = await Promise.all(['node-a', 'node-b', 'node-c'].map((id) => startNode(database, redisUrl, prefix, id, limits)));
    return nodes;
  }

  async function clientOn(node: Node, user = fixture.professional, boardId = fixture.pairBoardId): Promise<TestClient> {
    const client = connectClient(node.server.collabUrl, boardId, await tokenFor(user, boardId));
    clients.push(client);
    await waitFor(() => client.provider.synced, 10_000, `client on ${node.id} synced`);
    return client;
  }

  it('C1: edits made on three nodes converge on every client and in the log', async () => {
    const [a, b, c] = await threeNodes();
    const ca = await clientOn(a);
    const cb = await clientOn(b, fixture.layPartner);
    const cc = await clientOn(c);
    for (let i = 0; i < 5; i++) {
      addNote(ca, `shape:x-a${i}`);
      addNote(cb, `shape:x-b${i}`);
      addNote(cc, `shape:x-c${i}`);
    }
    await waitFor(() => [ca, cb, cc].every((x) => notesOf(x).length === 15), 10_000, 'every client has all 15 notes');
    expect(notesOf(ca)).toEqual(notesOf(cb));
    expect(notesOf(cb)).toEqual(notesOf(cc));
    await waitFor(() => [ca, cb, cc].every((x) => x.allSaved()), 10_000, 'everything acknowledged');
    const stored = await a.store.load(fixture.pairBoardId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    expect([...doc.getMap('records').keys()].filter((k) => k.startsWith('shape:x-')).sort()).toEqual(notesOf(ca));
  });

  it('C2: presence crosses nodes, and leaves with the socket', async () => {
    const [a, , c] = await threeNodes();
    const ca = await clientOn(a);
    const cc = await clientOn(c, fixture.layPartner);
    ca.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    await waitFor(() => (cc.provider.awareness.getStates().get(ca.doc.clientID) as { cursor?: unknown } | undefined)?.cursor, 5000, 'cursor on the other node');
    ca.provider.disconnect();
    await waitFor(() => !cc.provider.awareness.getStates().has(ca.doc.clientID), 5000, 'presence gone on the other node');
  });

  it('C3: a lock announced on one node reaches the sockets on the others (control channel)', async () => {
    const [a, b, c] = await threeNodes();
    const cb = await clientOn(b);
    const cc = await clientOn(c, fixture.layPartner);
    await waitFor(() => cb.status?.access === 'edit' && cc.status?.access === 'edit', 5000, 'editing');
    await database.db.board.update({ where: { id: fixture.pairBoardId }, data: { state: 'locked' } });
    try {
      // What app code's notifyBoardChanged does on node A.
      await clusterControlOf(a.cluster, a.server.realtime).refreshBoard(fixture.pairBoardId);
      await waitFor(() => cb.status?.access === 'view' && cc.status?.access === 'view', 5000, 'locked on nodes B and C');
    } finally {
      await database.db.board.update({ where: { id: fixture.pairBoardId }, data: { state: 'open' } });
    }
  });

  it('C4: revoking access on one node closes that person’s sockets on every node within 5 s', async () => {
    const [a, b, c] = await threeNodes();
    const other = await seedBoardFixture(database.db);
    const cb = await clientOn(b, other.layPartner, other.pairBoardId);
    const cc = await clientOn(c, other.layPartner, other.pairBoardId);
    const stays = await clientOn(c, other.professional, other.pairBoardId);
    await database.db.session.delete({ where: { id: other.layPartner.sessionId } });
    await clusterControlOf(a.cluster, a.server.realtime).recheckAccess();
    await waitFor(() => cb.closeCodes.includes(CLOSE_CODES.sessionExpired) && cc.closeCodes.includes(CLOSE_CODES.sessionExpired), 5000, 'closed on B and C');
    expect(stays.closeCodes).toEqual([]);
  });

  it('C5: two nodes compacting the same board while both write lose nothing', async () => {
    const [a, b] = await threeNodes({ compactAfterRows: 3 });
    const own = await seedBoardFixture(database.db);
    const ca = await clientOn(a, own.professional, own.pairBoardId);
    const cb = await clientOn(b, own.layPartner, own.pairBoardId);
    for (let i = 0; i < 40; i++) {
      addNote(ca, `shape:x-a${i}`);
      addNote(cb, `shape:x-b${i}`);
      if (i % 5 === 0) await Promise.all([ca.roundTrip(), cb.roundTrip()]);
    }
    await waitFor(() => notesOf(ca).length === 80 && notesOf(cb).length === 80 && ca.allSaved() && cb.allSaved(), 15_000, 'both have all 80, saved');
    // Compaction runs after the commits that trigger it (its fold in a worker thread), so "saved" can come first.
    await waitFor(async () => (await database.db.boardSnapshot.count({ where: { boardId: own.pairBoardId } })) === 1, 10_000, 'a compaction committed');
    const stored = await a.store.load(own.pairBoardId);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    expect([...doc.getMap('records').keys()].filter((k) => k.startsWith('shape:x-')).sort()).toEqual(notesOf(ca));
  });

  describe('with a Redis that stops and starts', () => {
    let dedicated: DedicatedRedis;
    beforeAll(async () => {
      dedicated = await startRedisServer();
    });
    afterAll(async () => {
      await dedicated?.stop();
    });

    it('C6: clients keep writing while Redis is down, and every node converges once it is back', async () => {
      const [a, b, c] = await threeNodes({}, dedicated.url);
      const own = await seedBoardFixture(database.db);
      const xa = await clientOn(a, own.professional, own.pairBoardId);
      const xb = await clientOn(b, own.layPartner, own.pairBoardId);
      const xc = await clientOn(c, own.professional, own.pairBoardId);
      addNote(xa, 'shape:x-before');
      await waitFor(() => [xb, xc].every((x) => notesOf(x).includes('shape:x-before')), 5000, 'relayed before the outage');
      expect([xa, xb, xc].map((x) => x.status?.otherServersUnreachable)).toEqual([undefined, undefined, undefined]);
      await dedicated.stop();
      await waitFor(() => nodes.every((n) => n.link.health().status === 'down'), 10_000, 'every node sees Redis down');
      // Every socket is told that people on other servers will see its changes late (its save
      // status says "saved, some people will see them once our servers reconnect").
      await waitFor(() => [xa, xb, xc].every((x) => x.status?.otherServersUnreachable === true), 5000, 'every client told the servers are apart');
      for (let i = 0; i < 5; i++) {
        addNote(xa, `shape:x-a${i}`);
        addNote(xb, `shape:x-b${i}`);
        addNote(xc, `shape:x-c${i}`);
      }
      // Each node keeps saving its own clients.
      await waitFor(() => [xa, xb, xc].every((x) => x.allSaved()), 10_000, 'saved while Redis is down');
      await dedicated.start();
      await waitFor(() => [xa, xb, xc].every((x) => notesOf(x).length === 16), 20_000, 'converged after Redis returned');
      await waitFor(() => [xa, xb, xc].every((x) => x.status?.otherServersUnreachable === undefined), 5000, 'every client told the servers are together again');
      expect(notesOf(xa)).toEqual(notesOf(xb));
      expect(notesOf(xb)).toEqual(notesOf(xc));
    });
  });
});
